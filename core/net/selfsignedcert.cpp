// SPDX-License-Identifier: GPL-3.0-or-later
#include "selfsignedcert.h"

#include <QHostAddress>

#if TERMDESK_TLS_GENERATE
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#endif

namespace termdesk::net {

#if TERMDESK_TLS_GENERATE
namespace {

template <auto Free> struct Deleter
{
    template <typename T> void operator()(T *p) const { Free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Ext = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

QString opensslError(const char *step)
{
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    return QStringLiteral("OpenSSL failed to %1: %2").arg(QLatin1String(step), QLatin1String(text));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? QByteArray(data, static_cast<qsizetype>(n)) : QByteArray();
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    const Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

Cert readCert(const QByteArray &pem)
{
    const Bio bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    return Cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

Pkey readKey(const QByteArray &pem)
{
    const Bio bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    return Pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

} // namespace

bool canGenerateCertificates()
{
    return true;
}

bool generateSelfSigned(const SelfSignedRequest &request, SelfSignedPair *out, QString *error)
{
    if (request.hosts.isEmpty()) {
        *error = QStringLiteral("a certificate needs a host name");
        return false;
    }
    const Pkey key(EVP_RSA_gen(2048));
    if (!key) {
        *error = opensslError("make an RSA key");
        return false;
    }
    const Cert cert(X509_new());
    const Bn serial(BN_new());
    if (!cert || !serial || X509_set_version(cert.get(), 2) != 1 ||
        BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
        *error = opensslError("start the certificate");
        return false;
    }
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(-request.backdateSeconds)) ||
        !X509_time_adj_ex(X509_getm_notAfter(cert.get()), request.days, 0, nullptr)) {
        *error = opensslError("set the validity");
        return false;
    }
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = request.hosts.first().toUtf8().left(64);
    const auto *cnBytes = reinterpret_cast<const unsigned char *>(cn.constData());
    const auto *org = reinterpret_cast<const unsigned char *>("TermDesk");
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, org, -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cnBytes, -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1) {
        *error = opensslError("name the certificate");
        return false;
    }
    QStringList alt;
    for (const QString &host : request.hosts)
        alt << (QHostAddress(host).isNull() ? QStringLiteral("DNS:") : QStringLiteral("IP:")) + host;
    if (!addExtension(cert.get(), NID_subject_alt_name, alt.join(QLatin1Char(',')).toUtf8()) ||
        !addExtension(cert.get(), NID_ext_key_usage, QByteArrayLiteral("serverAuth")) ||
        !addExtension(cert.get(), NID_subject_key_identifier, QByteArrayLiteral("hash"))) {
        *error = opensslError("add the certificate's extensions (check the host names)");
        return false;
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        *error = opensslError("sign the certificate");
        return false;
    }
    const Bio certBio(BIO_new(BIO_s_mem()));
    const Bio keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        *error = opensslError("write PEM");
        return false;
    }
    out->certificatePem = bioBytes(certBio.get());
    out->keyPem = bioBytes(keyBio.get());
    return true;
}

KeyMatch keyMatchesCertificate(const QByteArray &certPem, const QByteArray &keyPem)
{
    const Cert cert = readCert(certPem);
    const Pkey key = readKey(keyPem);
    ERR_clear_error();
    if (!cert || !key)
        return KeyMatch::Unknown;
    const int match = X509_check_private_key(cert.get(), key.get());
    ERR_clear_error();
    return match == 1 ? KeyMatch::Yes : KeyMatch::No;
}

#else

bool canGenerateCertificates()
{
    return false;
}

bool generateSelfSigned(const SelfSignedRequest &, SelfSignedPair *, QString *error)
{
    *error = QStringLiteral("this build of TermDesk cannot generate certificates (built without OpenSSL's libcrypto): "
                            "supply a certificate and key as PEM files (settings tls/certificate and tls/key)");
    return false;
}

KeyMatch keyMatchesCertificate(const QByteArray &, const QByteArray &)
{
    return KeyMatch::Unknown;
}

#endif

} // namespace termdesk::net
