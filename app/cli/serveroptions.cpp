// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveroptions.h"

#include "settings/settings.h"

namespace termdesk::cli {
namespace {

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

} // namespace

void ServerOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({dataDir, database, listen, wsPort, tcpPort, admission, idleTimeout});
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
        QHostAddress address;
        if (text == QLatin1String("*") || text == QLatin1String("0.0.0.0") || text == QLatin1String("any"))
            address = QHostAddress::Any;
        else if (text == QLatin1String("localhost"))
            address = QHostAddress::LocalHost;
        else
            address = QHostAddress(text);
        if (address.isNull()) {
            *error = QStringLiteral("--listen: '%1' is not an IP address").arg(text);
            return false;
        }
        config.listenAddress = address;
    }
    if (parser.isSet(wsPort) && !parsePort(parser.value(wsPort), config.wsPort, "ws-port", error))
        return false;
    if (parser.isSet(tcpPort) && !parsePort(parser.value(tcpPort), config.tcpPort, "tcp-port", error))
        return false;
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
    return true;
}

} // namespace termdesk::cli
