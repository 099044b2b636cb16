// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

#include <optional>

namespace termdesk::webhook {

/// @brief The Standard Webhooks signature (docs/integration.md, "Webhooks"): a secret is "whsec_"
/// and the base64 of at least 24 random bytes; a signature is "v1," and the base64 of
/// HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>"), the key being the secret's bytes
/// after the prefix, decoded. During a rotation both secrets sign: the header holds both
/// signatures, space separated, and a receiver accepts the request when one of them verifies.
class WebhookSigner
{
public:
    static constexpr int SECRET_BYTES = 32;

    /// A new secret: "whsec_" and the base64 of SECRET_BYTES bytes from the system's generator.
    static QByteArray generateSecret();
    /// The key bytes of @p secret, or nullopt when it is not "whsec_" and base64 of 24 to 64 bytes.
    static std::optional<QByteArray> key(QByteArrayView secret);
    /// "v1,<base64 signature>" of @p body for @p id and @p timestampS (seconds since 1970) with
    /// @p secret; empty when the secret is not valid.
    static QByteArray sign(QByteArrayView secret, QByteArrayView id, qint64 timestampS, QByteArrayView body);
    /// The webhook-signature header: one signature per secret, space separated.
    static QByteArray header(const QByteArrayList &secrets, QByteArrayView id, qint64 timestampS, QByteArrayView body);
};

} // namespace termdesk::webhook
