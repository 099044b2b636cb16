// SPDX-License-Identifier: GPL-3.0-or-later
// `termdesk tls generate` and `termdesk tls show` (docs/security.md, "TLS").
#include "tlscommand.h"

#include "clierror.h"

#include "net/selfsignedcert.h"
#include "net/tlsidentity.h"
#include "settings/settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSysInfo>

#include <cstdio>

namespace termdesk::cli {
namespace {

int tlsFail(const QString &message, int code = EXIT_FAILED)
{
    return cli::fail(message, code, "tls");
}

/// Writes @p data to a new @p file with @p permissions from its creation on (a key is never
/// readable by others, not even for a moment).
bool writeNew(const QString &file, const QByteArray &data, QFileDevice::Permissions permissions, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions) || f.write(data) != data.size() || !f.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(shown(file), f.errorString());
        return false;
    }
    return true;
}

bool validHost(const QString &host)
{
    if (!QHostAddress(host).isNull())
        return true;
    if (host.isEmpty() || host.size() > 253)
        return false;
    for (const QChar c : host) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') && c != QLatin1Char('.'))
            return false;
    }
    return true;
}

int generate(const QCommandLineParser &parser, const EngineConfig &config, const QCommandLineOption &days,
             const QCommandLineOption &hosts, const QCommandLineOption &force)
{
    if (!net::canGenerateCertificates()) {
        QString why;
        net::generateSelfSigned({}, nullptr, &why);
        return tlsFail(why);
    }
    net::SelfSignedRequest request;
    if (parser.isSet(days)) {
        bool ok = false;
        request.days = parser.value(days).toInt(&ok);
        if (!ok || request.days < 1 || request.days > 3650)
            return tlsFail(QStringLiteral("--days: '%1' is not a number of days (1-3650)").arg(parser.value(days)),
                           EXIT_USAGE);
    }
    for (const QString &host : parser.values(hosts)) {
        if (!validHost(host.trimmed()))
            return tlsFail(QStringLiteral("--host: '%1' is not a host name or IP address").arg(host), EXIT_USAGE);
        request.hosts << host.trimmed();
    }
    if (request.hosts.isEmpty()) {
        const QString machine = QSysInfo::machineHostName();
        if (validHost(machine))
            request.hosts << machine;
        request.hosts << QStringLiteral("localhost") << QStringLiteral("127.0.0.1");
    }
    const QString certFile = config.tlsCertificateFile();
    const QString keyFile = config.tlsKeyFile();
    for (const QString &file : {certFile, keyFile}) {
        if (QFile::exists(file) && !parser.isSet(force))
            return tlsFail(QStringLiteral("%1 exists: pass --force to replace it (terminals that pinned the old "
                                          "fingerprint must then be given the new one)")
                               .arg(shown(file)));
    }
    net::SelfSignedPair pair;
    QString error;
    if (!net::generateSelfSigned(request, &pair, &error))
        return tlsFail(error);
    QFile::remove(certFile);
    QFile::remove(keyFile);
    QDir().mkpath(QFileInfo(keyFile).absolutePath());
    QDir().mkpath(QFileInfo(certFile).absolutePath());
    if (!writeNew(keyFile, pair.keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner, &error) ||
        !writeNew(certFile, pair.certificatePem,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther,
                  &error))
        return tlsFail(error);
    const QSslCertificate cert(pair.certificatePem, QSsl::Pem);
    std::printf("certificate: %s\nkey:         %s (readable by its owner only)\nhosts:       %s\nvalid until: %s\n"
                "SHA-256 fingerprint (enter it on the terminal):\n%s\n",
                qUtf8Printable(shown(certFile)), qUtf8Printable(shown(keyFile)),
                qUtf8Printable(request.hosts.join(QLatin1String(", "))),
                qUtf8Printable(cert.expiryDate().toString(Qt::ISODate)),
                qUtf8Printable(net::TlsIdentity::fingerprintOf(cert)));
    return 0;
}

int show(const EngineConfig &config)
{
    QString error;
    const auto identity = net::TlsIdentity::load(config.tlsCertificateFile(), config.tlsKeyFile(), &error);
    if (!identity)
        return tlsFail(error);
    const QSslCertificate &cert = identity->chain.first();
    std::printf("certificate: %s\nsubject:     %s\nvalid until: %s\nSHA-256 fingerprint:\n%s\n",
                qUtf8Printable(shown(config.tlsCertificateFile())), qUtf8Printable(cert.subjectDisplayName()),
                qUtf8Printable(cert.expiryDate().toString(Qt::ISODate)), qUtf8Printable(identity->fingerprint()));
    return 0;
}

} // namespace

int runTls(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("termdesk tls generate | show: the certificate of the wss:// listener (docs/security.md)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory (default: $TERMDESK_DATA_DIR, else the "
                                                    "application data location)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption days(QStringLiteral("days"),
                                  QStringLiteral("generate: validity in days (default 825, at most 3650)."),
                                  QStringLiteral("N"));
    const QCommandLineOption hosts(QStringLiteral("host"),
                                   QStringLiteral("generate: a name or IP address terminals use to reach this "
                                                  "PC; repeat for more (default: this PC's name, localhost, "
                                                  "127.0.0.1)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("generate: replace existing files."));
    parser.addOptions({help, dataDir, days, hosts, force});
    parser.addPositionalArgument(QStringLiteral("verb"), QStringLiteral("generate or show"));
    QStringList args = app.arguments();
    if (args.size() > 1)
        args.removeAt(1); // "tls"
    if (!parser.parse(args)) {
        tlsFail(parser.errorText(), EXIT_USAGE);
        std::fputs(qUtf8Printable(parser.helpText()), stderr);
        return EXIT_USAGE;
    }
    if (parser.isSet(help)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList verbs = parser.positionalArguments();
    const QString verb = verbs.value(0);
    if (verbs.size() != 1 || (verb != QLatin1String("generate") && verb != QLatin1String("show")))
        return tlsFail(QStringLiteral("say generate or show (termdesk tls --help)"), EXIT_USAGE);
    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return tlsFail(error);
    EngineConfig config = Settings(dir).engineConfig();
    config.dataDir = dir;
    return verb == QLatin1String("generate") ? generate(parser, config, days, hosts, force) : show(config);
}

} // namespace termdesk::cli
