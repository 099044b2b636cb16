// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace termdesk::net {

/// @brief A self-signed certificate and its key for the `wss://` listener, made with OpenSSL's
/// libcrypto (Qt cannot create certificates). Builds without it (TERMDESK_TLS_GENERATE=OFF, the
/// Windows build) cannot generate: the operator supplies PEM files.
struct SelfSignedRequest
{
    QStringList hosts; ///< subjectAltName entries: IP addresses become IP:, the rest DNS:; the first is the CN
    int days = 825;    ///< validity: until this many days from now (tests give a negative one: expired)
    qint64 backdateSeconds = 3600; ///< valid from this long ago (a terminal whose clock is behind)
};

struct SelfSignedPair
{
    QByteArray certificatePem;
    QByteArray keyPem; ///< unencrypted PKCS#8: keep it private (the file is written 0600)
};

/// Whether this build can generate (TERMDESK_TLS_GENERATE).
bool canGenerateCertificates();
/// An RSA 2048 key and a self-signed X.509 v3 certificate for it (SHA-256, serverAuth). False with
/// @p error when the build cannot or OpenSSL failed.
bool generateSelfSigned(const SelfSignedRequest &request, SelfSignedPair *out, QString *error);

enum class KeyMatch { Yes, No, Unknown };
/// Whether the private key in @p keyPem belongs to the first certificate in @p certPem; Unknown in
/// a build without libcrypto or when either does not parse.
KeyMatch keyMatchesCertificate(const QByteArray &certPem, const QByteArray &keyPem);

} // namespace termdesk::net
