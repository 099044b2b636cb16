// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsidentity.h"

#include "selfsignedcert.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>

namespace termdesk::net {
namespace {

constexpr qint64 MAX_PEM_BYTES = 1024 * 1024;

bool readPem(const QString &file, const char *what, QByteArray *out, QString *error)
{
    if (file.isEmpty()) {
        *error = QStringLiteral("no TLS %1 file is set").arg(QLatin1String(what));
        return false;
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS %1 %2: %3")
                     .arg(QLatin1String(what), QDir::toNativeSeparators(file), f.errorString());
        return false;
    }
    if (f.size() > MAX_PEM_BYTES) {
        *error = QStringLiteral("the TLS %1 %2 is larger than 1 MiB: not a PEM file")
                     .arg(QLatin1String(what), QDir::toNativeSeparators(file));
        return false;
    }
    *out = f.readAll();
    return true;
}

} // namespace

std::optional<TlsIdentity> TlsIdentity::load(const QString &certificateFile, const QString &keyFile, QString *error)
{
    QByteArray certPem;
    QByteArray keyPem;
    if (!readPem(certificateFile, "certificate", &certPem, error) || !readPem(keyFile, "key", &keyPem, error))
        return std::nullopt;
    TlsIdentity id;
    id.chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (id.chain.isEmpty() || id.chain.first().isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                     .arg(QDir::toNativeSeparators(certificateFile));
        return std::nullopt;
    }
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        id.key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!id.key.isNull())
            break;
    }
    if (id.key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM private key (RSA or EC)")
                     .arg(QDir::toNativeSeparators(keyFile));
        return std::nullopt;
    }
    const QSslCertificate &leaf = id.chain.first();
    if (keyMatchesCertificate(certPem, keyPem) == KeyMatch::No) {
        *error = QStringLiteral("the key %1 does not belong to the certificate %2")
                     .arg(QDir::toNativeSeparators(keyFile), QDir::toNativeSeparators(certificateFile));
        return std::nullopt;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now) {
        *error = QStringLiteral("the certificate %1 expired on %2: make a new one (termdesk tls generate) or install "
                                "a renewed one")
                     .arg(QDir::toNativeSeparators(certificateFile), leaf.expiryDate().toString(Qt::ISODate));
        return std::nullopt;
    }
    if (leaf.effectiveDate() > now) {
        *error = QStringLiteral("the certificate %1 is not valid before %2 (check the clock)")
                     .arg(QDir::toNativeSeparators(certificateFile), leaf.effectiveDate().toString(Qt::ISODate));
        return std::nullopt;
    }
    return id;
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyNone); // terminals present no client certificate
    return c;
}

QString TlsIdentity::fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace termdesk::net
