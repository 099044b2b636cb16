// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <optional>

namespace termdesk::net {

/// @brief The certificate chain and private key the `wss://` listener presents, read from PEM
/// files (settings `tls/certificate`, `tls/key`; docs/security.md, "TLS").
struct TlsIdentity
{
    QList<QSslCertificate> chain; ///< the server's certificate first
    QSslKey key;

    /// Reads and checks both files: readable, PEM, the key belongs to the certificate (where the
    /// build has OpenSSL's libcrypto), the certificate valid now. Null with @p error saying which
    /// file and why.
    static std::optional<TlsIdentity> load(const QString &certificateFile, const QString &keyFile, QString *error);

    /// A server configuration: this chain and key, TLS 1.2 or later, no client certificate asked.
    QSslConfiguration serverConfiguration() const;
    /// SHA-256 of the server certificate, "AB:CD:…" (what a terminal or client pins).
    QString fingerprint() const { return fingerprintOf(chain.value(0)); }
    static QString fingerprintOf(const QSslCertificate &certificate);
};

} // namespace termdesk::net
