// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveroptions.h"

#include "settings/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QTime>

namespace termdesk::cli {
namespace {

/// An address given on the command line: an IP address, or "*", "any", "localhost".
QHostAddress parseAddress(const QString &text)
{
    if (text == QLatin1String("*") || text == QLatin1String("0.0.0.0") || text == QLatin1String("any"))
        return QHostAddress::Any;
    if (text == QLatin1String("localhost"))
        return QHostAddress::LocalHost;
    return QHostAddress(text);
}

bool parsePort(const QString &text, int &out, const char *option, QString *error)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < 0 || v > 65535) {
        *error = QStringLiteral("--%1: '%2' is not a port number (0-65535)").arg(QLatin1String(option), text);
        return false;
    }
    out = v;
    return true;
}

/// A port, or "off" (stored as -1).
bool parsePortOrOff(const QString &text, int &out, const char *option, QString *error)
{
    if (text.trimmed().compare(QLatin1String("off"), Qt::CaseInsensitive) == 0) {
        out = -1;
        return true;
    }
    if (parsePort(text, out, option, error))
        return true;
    *error += QStringLiteral(", or off");
    return false;
}

/// A PEM file named on the command line: relative to where the server was started.
QString pemFile(const QString &text)
{
    return text.trimmed().isEmpty() ? QString() : QFileInfo(text.trimmed()).absoluteFilePath();
}

} // namespace

bool ServerOptions::resolveExport(const QCommandLineParser &parser, ExportPlan &plan, QString *error) const
{
    if (parser.isSet(exportEvery) && parser.isSet(exportDaily)) {
        *error = QStringLiteral("--export-every and --export-daily: give one");
        return false;
    }
    if (parser.isSet(exportEvery)) {
        bool ok = false;
        const int minutes = parser.value(exportEvery).toInt(&ok);
        if (!ok || minutes < 0 || minutes > 1440) {
            *error = QStringLiteral("--export-every: '%1' is not a number of minutes (0-1440)")
                         .arg(parser.value(exportEvery));
            return false;
        }
        plan.schedule = minutes == 0 ? ExportPlan::Schedule::Off : ExportPlan::Schedule::EveryMinutes;
        if (minutes > 0)
            plan.everyMinutes = minutes;
    }
    if (parser.isSet(exportDaily)) {
        const QTime at = QTime::fromString(parser.value(exportDaily).trimmed(), QStringLiteral("H:mm"));
        if (!at.isValid()) {
            *error = QStringLiteral("--export-daily: '%1' is not a time of day (HH:MM)").arg(parser.value(exportDaily));
            return false;
        }
        plan.schedule = ExportPlan::Schedule::Daily;
        plan.dailyAt = at;
    }
    if (parser.isSet(exportFolder)) {
        const QString folder = parser.value(exportFolder).trimmed();
        if (folder.isEmpty()) {
            *error = QStringLiteral("--export-folder: the folder name is empty");
            return false;
        }
        plan.folder = QDir(folder).absolutePath(); // relative to where the server was started
    }
    if (parser.isSet(exportFormat)) {
        const QString format = parser.value(exportFormat);
        if (format != QLatin1String("v1") && format != QLatin1String("v2")) {
            *error = QStringLiteral("--export-format: '%1' is not a format (v1 or v2)").arg(format);
            return false;
        }
        plan.format = format == QLatin1String("v1") ? 1 : 2;
    }
    if (parser.isSet(exportBom))
        plan.bom = true;
    return true;
}

void ServerOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({dataDir, database, listen, wsPort, tcpPort, noServers, admission, idleTimeout, apiPort,
                       apiListen, apiTls, exportEvery, exportDaily, exportFolder, exportFormat, exportBom});
    parser.addOptions({wssPort, tlsCert, tlsKey});
}

bool ServerOptions::resolve(const QCommandLineParser &parser, EngineConfig &config, QString *error,
                            const QString &defaultDir) const
{
    QString chosen = parser.value(dataDir);
    if (chosen.isEmpty() && qEnvironmentVariableIsEmpty("TERMDESK_DATA_DIR"))
        chosen = defaultDir;
    const QString dir = Settings::resolveDataDir(chosen, error);
    if (dir.isEmpty())
        return false;
    config = Settings(dir).engineConfig();
    config.dataDir = dir;
    if (!resolveDatabase(parser.value(database), config, error))
        return false;
    if (parser.isSet(listen)) {
        const QString text = parser.value(listen).trimmed();
        const QHostAddress address = parseAddress(text);
        if (address.isNull()) {
            *error = QStringLiteral("--listen: '%1' is not an IP address").arg(text);
            return false;
        }
        config.listenAddress = address;
    }
    if (parser.isSet(wsPort) && !parsePortOrOff(parser.value(wsPort), config.wsPort, "ws-port", error))
        return false;
    if (parser.isSet(wssPort) && !parsePortOrOff(parser.value(wssPort), config.wssPort, "wss-port", error))
        return false;
    if (parser.isSet(tlsCert))
        config.tlsCertificate = pemFile(parser.value(tlsCert));
    if (parser.isSet(tlsKey))
        config.tlsKey = pemFile(parser.value(tlsKey));
    if (parser.isSet(tcpPort) && !parsePortOrOff(parser.value(tcpPort), config.tcpPort, "tcp-port", error))
        return false;
    if (parser.isSet(noServers)) {
        if (parser.isSet(wsPort) || parser.isSet(wssPort) || parser.isSet(tcpPort)) {
            *error = QStringLiteral("--no-servers turns every terminal server off: leave out --ws-port, --wss-port "
                                    "and --tcp-port");
            return false;
        }
        config.wsPort = config.wssPort = config.tcpPort = -1;
    }
    if (parser.isSet(admission)) {
        const auto policy = admissionPolicyFromString(parser.value(admission));
        if (!policy) {
            *error =
                QStringLiteral("--admission: '%1' is not one of open, approval, closed").arg(parser.value(admission));
            return false;
        }
        config.admission = *policy;
    }
    if (parser.isSet(idleTimeout)) {
        bool ok = false;
        const double seconds = parser.value(idleTimeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400) {
            *error = QStringLiteral("--idle-timeout: '%1' is not a number of seconds (0-86400)")
                         .arg(parser.value(idleTimeout));
            return false;
        }
        config.idleTimeoutMs = static_cast<int>(seconds * 1000);
    }
    return resolveApi(parser, config, error) && resolveExport(parser, config.scheduledExport, error);
}

bool ServerOptions::resolveApi(const QCommandLineParser &parser, EngineConfig &config, QString *error) const
{
    if (parser.isSet(apiPort) && !parsePort(parser.value(apiPort), config.apiPort, "api-port", error))
        return false;
    if (parser.isSet(apiListen)) {
        const QString text = parser.value(apiListen).trimmed();
        const QHostAddress address = parseAddress(text);
        if (address.isNull()) {
            *error = QStringLiteral("--api-listen: '%1' is not an IP address").arg(text);
            return false;
        }
        if (!config.apiEnabled()) {
            *error = QStringLiteral("--api-listen needs --api-port N (or api/port in termdesk.ini): the REST API is "
                                    "off");
            return false;
        }
        config.apiListen = address;
    }
    if (parser.isSet(apiTls)) {
        if (!config.apiEnabled()) {
            *error = QStringLiteral("--api-tls needs --api-port N (or api/port in termdesk.ini): the REST API is off");
            return false;
        }
        config.apiTls = true;
    }
    return true;
}

} // namespace termdesk::cli
