// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTime>

#include <algorithm>

namespace termdesk {

QString EngineConfig::databaseFile() const
{
    return database.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("termdesk.sqlite")) : database;
}

namespace {

/// `server/name` as used: ASCII letters, digits, '.', '-' and '_' only (it is shown in tables and
/// logs), at most 64 of them; anything else is dropped.
QString serverNameFrom(QString name)
{
    name.removeIf(
        [](QChar c) { return c.unicode() >= 128 || !(c.isLetterOrNumber() || c == u'-' || c == u'.' || c == u'_'); });
    return name.left(64);
}

/// @p folder as given (relative: to the data directory), or @p fallback in the data directory.
QString folderIn(const QString &dataDir, const QString &folder, const QString &fallback)
{
    return folder.isEmpty() ? QDir(dataDir).filePath(fallback)
                            : QDir::cleanPath(QDir(dataDir).absoluteFilePath(folder));
}

} // namespace

QString EngineConfig::backupFolder() const
{
    return folderIn(dataDir, backup.folder, QStringLiteral("backups"));
}

BackupPlan EngineConfig::backupPlan() const
{
    BackupPlan plan = backup;
    plan.folder = backupFolder();
    return plan;
}

QString EngineConfig::tlsCertificateFile() const
{
    return folderIn(dataDir, tlsCertificate, QStringLiteral("termdesk-cert.pem"));
}

QString EngineConfig::tlsKeyFile() const
{
    return folderIn(dataDir, tlsKey, QStringLiteral("termdesk-key.pem"));
}

QString EngineConfig::exportFolder() const
{
    return folderIn(dataDir, scheduledExport.folder, QStringLiteral("exports"));
}

ExportPlan EngineConfig::exportPlan() const
{
    ExportPlan plan = scheduledExport;
    plan.folder = exportFolder();
    return plan;
}

QString EngineConfig::serverId() const
{
    if (!serverName.isEmpty())
        return serverName;
    const QByteArray where = QDir(dataDir).absolutePath().toUtf8();
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(where, QCryptographicHash::Sha256).toHex().left(6));
    QString host = QSysInfo::machineHostName().toLower();
    host.removeIf([](QChar c) { return !(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'.'; });
    return (host.isEmpty() ? QStringLiteral("server") : host.left(48)) + u'-' + hash;
}

QString EngineConfig::exportCursorFile() const
{
    return QDir(dataDir).filePath(QStringLiteral("scheduled-export.cursor"));
}

const QList<SettingKey> &Settings::keys()
{
    using namespace settingkeys;
    static const QList<SettingKey> table = {
        {listen, QStringLiteral("0.0.0.0"), "address the terminal servers bind to"},
        {wsPort, 7788, "WebSocket+JSON server port"},
        {tcpPort, 7857, "TCP binary server port"},
        {wsPlain, true, "serve plain ws:// on network/wsPort (false: only wss://)"},
        {wssPort, -1, "wss:// (TLS) WebSocket port; -1 = off"},
        {servers, true,
         "false: no terminal servers on this PC (ws://, wss:// and TCP off; a console of a shared store)"},
        {tlsCertificate, QString(), "PEM certificate of wss:// (empty: termdesk-cert.pem in the data directory)"},
        {tlsKey, QString(), "PEM private key of wss:// (empty: termdesk-key.pem in the data directory)"},
        {idleTimeoutSec, 180, "close a terminal connection silent for this long"},
        {handshakeTimeoutSec, 10, "a WebSocket upgrade must complete within this time"},
        {maxMessageMiB, 8, "largest inbound WebSocket message; larger closes with 1009"},
        {maxConnections, 20000, "connections accepted at once, both protocols"},
        {wsAllowedNetworks, QString(), "addresses / CIDR networks WebSocket connections may come from (empty: any)"},
        {tcpAllowedNetworks, QString(), "addresses / CIDR networks TCP connections may come from (empty: any)"},
        {admissionPolicy, QString(name(AdmissionPolicy::Open)), "open | approval | closed"},
        {refusalReason, QStringLiteral("waiting for approval"), "shown on a terminal pending approval"},
        {closedReason, QStringLiteral("unknown terminal"), "shown on an unknown terminal when closed"},
        {noSendUser, true, "nosenduser in the reg reply"},
        {tryseconds, 0, "tryseconds in the reg reply (0 = not sent)"},
        {storePhotos, false, "store punch photos (biometric data)"},
        {photoRetentionDays, 0, "delete stored punch photos older than this many days (0 = keep them)"},
        {synchronous, QStringLiteral("FULL"), "SQLite synchronous mode: FULL or NORMAL"},
        {database, QString(), "a postgresql:// URL: the shared store (empty: termdesk.sqlite in the data directory)"},
        {registryAddress, QString(), "TCP cmd 8 answer, host:port (empty: refuse)"},
        {tcpRequestTimeoutSec, 30, "a TCP read/write request unanswered this long is retried"},
        {tcpSleepWindowSec, 3600,
         "a TCP terminal not connected but heard from within this many seconds is shown as sleeping"},
        {presenceDebounceSec, 30,
         "terminal.offline is written when a terminal stays away this many seconds (TCP: at least "
         "tcp/sleepingWindowSec)"},
        {webhookRetentionDays, 30,
         "webhook delivery log rows, and events every endpoint has passed, older than this many days are deleted "
         "daily (0 = kept)"},
        {commandMaxTries, 3, "tries before a command fails"},
        {serverName, QString(),
         "this server's name among the servers of one PostgreSQL database (empty: host name and a hash of the data "
         "directory)"},
        {leaseTtlSec, 30, "a terminal's lease on its server lasts this long unless renewed (PostgreSQL store)"},
        {leaseRenewSec, 10, "how often a server renews the leases of its terminals (PostgreSQL store)"},
        {wsCommandTimeoutSec, 20, "a WebSocket command (or one page of it) unanswered this long is retried"},
        {wsAddUserTimeoutSec, 300, "how long a WebSocket adduser (remote enrollment) may take"},
        {wsMaxPages, 1000, "page cap of the paged WebSocket commands (getuserlist, getnewlog, getalllog)"},
        {pullNewLogs, true, "queue a getnewlog after each WebSocket reg"},
        {clockAutoSync, true, "queue a settime after a reg when the terminal's clock is off"},
        {clockSyncThresholdSec, 60, "clock drift (seconds) beyond which clock/autoSync sets the time"},
        {backupSchedule, QStringLiteral("daily"), "scheduled backups: off | hours | daily"},
        {backupEveryHours, 24, "hours between two backups (backup/schedule=hours)"},
        {backupDailyAt, QStringLiteral("02:00"), "local time of the daily backup, HH:MM (backup/schedule=daily)"},
        {backupKeep, 7, "backups kept in the folder; older ones are deleted"},
        {backupFolder, QString(), "where backups go (empty: backups in the data directory)"},
        {exportSchedule, QStringLiteral("off"), "scheduled CSV export: off | minutes | daily"},
        {exportEveryMinutes, 60, "minutes between two exports (export/schedule=minutes)"},
        {exportDailyAt, QStringLiteral("18:00"), "local time of the daily export, HH:MM (export/schedule=daily)"},
        {exportFolder, QString(), "where exports go (empty: exports in the data directory)"},
        {exportFileName, QStringLiteral("punches-{date}-{time}.csv"), "file name; {date} and {time} of the run"},
        {exportFormat, QStringLiteral("v2"), "CSV format of the scheduled export: v1 | v2"},
        {exportBom, false, "start each exported file with the UTF-8 byte order mark (Excel)"},
        {apiPort, -1, "REST API port (-1: off; 0: a free port); docs/integration.md"},
        {apiListen, QStringLiteral("127.0.0.1"), "address the REST API binds to (loopback: this computer only)"},
        {apiTls, false, "REST API over https, with the certificate and key of wss:// (tls/*)"},
        {apiMaxConnections, 32, "REST API connections at once; one more is answered 503"},
    };
    return table;
}

Settings::Settings(const QString &dataDir) : m_file(QDir(dataDir).filePath(QStringLiteral("termdesk.ini"))) {}

QVariant Settings::value(const char *key) const
{
    QSettings s(m_file, QSettings::IniFormat);
    for (const SettingKey &k : keys()) {
        if (qstrcmp(k.name, key) == 0)
            return s.value(QLatin1String(key), k.defaultValue);
    }
    Q_ASSERT_X(false, "Settings::value", key);
    return {};
}

void Settings::setValue(const char *key, const QVariant &value)
{
    QSettings s(m_file, QSettings::IniFormat);
    s.setValue(QLatin1String(key), value);
}

EngineConfig Settings::engineConfig() const
{
    using namespace settingkeys;
    EngineConfig c;
    c.dataDir = QFileInfo(m_file).absolutePath();
    const QString addr = value(listen).toString();
    if (!addr.isEmpty() && addr != QLatin1String("0.0.0.0") && addr != QLatin1String("*"))
        c.listenAddress = QHostAddress(addr);
    c.wsPort = value(wsPort).toInt();
    c.tcpPort = value(tcpPort).toInt();
    if (!value(wsPlain).toBool())
        c.wsPort = -1;
    c.wssPort = std::max(-1, value(wssPort).toInt());
    if (!value(servers).toBool())
        c.wsPort = c.wssPort = c.tcpPort = -1; // docs/multi-pc.md, "A console without servers"
    c.tlsCertificate = value(tlsCertificate).toString().trimmed();
    c.tlsKey = value(tlsKey).toString().trimmed();
    c.idleTimeoutMs = value(idleTimeoutSec).toInt() * 1000;
    c.handshakeTimeoutMs = value(handshakeTimeoutSec).toInt() * 1000;
    c.maxMessageBytes = qint64(value(maxMessageMiB).toInt()) * 1024 * 1024;
    c.maxConnections = value(maxConnections).toInt();
    c.wsAllowedNetworks = value(wsAllowedNetworks).toString().trimmed();
    c.tcpAllowedNetworks = value(tcpAllowedNetworks).toString().trimmed();
    c.admission = admissionPolicyFromString(value(admissionPolicy).toString()).value_or(AdmissionPolicy::Open);
    c.refusalReason = value(refusalReason).toString();
    c.closedReason = value(closedReason).toString();
    c.noSendUser = value(noSendUser).toBool();
    c.tryseconds = value(tryseconds).toInt();
    c.storePhotos = value(storePhotos).toBool();
    c.photoRetentionDays = std::clamp(value(photoRetentionDays).toInt(), 0, 36500); // photopurge::MAX_DAYS
    c.registryAddress = value(registryAddress).toString().trimmed();
    c.tcpRequestTimeoutMs = value(tcpRequestTimeoutSec).toInt() * 1000;
    c.tcpSleepWindowSec = std::max(0, value(tcpSleepWindowSec).toInt());
    c.presenceDebounceSec = std::clamp(value(presenceDebounceSec).toInt(), 0, 86400);
    c.webhookRetentionDays = std::clamp(value(webhookRetentionDays).toInt(), 0, 36500);
    c.commandMaxTries = std::max(1, value(commandMaxTries).toInt());
    c.serverName = serverNameFrom(value(serverName).toString());
    c.leaseTtlMs = std::clamp(value(leaseTtlSec).toInt(), 2, 3600) * 1000;
    c.leaseRenewMs = std::clamp(value(leaseRenewSec).toInt(), 1, c.leaseTtlMs / 2000) * 1000;
    c.wsCommandTimeoutMs = std::max(1, value(wsCommandTimeoutSec).toInt()) * 1000;
    c.wsAddUserTimeoutMs = std::max(1, value(wsAddUserTimeoutSec).toInt()) * 1000;
    c.wsMaxPages = std::max(1, value(wsMaxPages).toInt());
    c.pullNewLogsOnReg = value(pullNewLogs).toBool();
    c.clockAutoSync = value(clockAutoSync).toBool();
    c.clockSyncThresholdSec = std::max(0, value(clockSyncThresholdSec).toInt());
    c.database = databaseLocation(value(database).toString());
    c.synchronous = value(synchronous).toString().toUpper() == QLatin1String("NORMAL") ? QStringLiteral("NORMAL")
                                                                                       : QStringLiteral("FULL");
    c.backup.schedule = BackupPlan::Schedule::Daily;
    backupScheduleFromName(value(backupSchedule).toString(), &c.backup.schedule);
    c.backup.everyHours = std::clamp(value(backupEveryHours).toInt(), 1, 8760);
    const QTime at = QTime::fromString(value(backupDailyAt).toString().trimmed(), QStringLiteral("H:mm"));
    if (at.isValid())
        c.backup.dailyAt = at;
    c.backup.keep = std::clamp(value(backupKeep).toInt(), 1, 1000);
    c.backup.folder = value(backupFolder).toString().trimmed();
    exportScheduleFromName(value(exportSchedule).toString(), &c.scheduledExport.schedule);
    c.scheduledExport.everyMinutes = std::clamp(value(exportEveryMinutes).toInt(), 1, 1440);
    const QTime exportAt = QTime::fromString(value(exportDailyAt).toString().trimmed(), QStringLiteral("H:mm"));
    if (exportAt.isValid())
        c.scheduledExport.dailyAt = exportAt;
    c.scheduledExport.folder = value(exportFolder).toString().trimmed();
    const QString pattern = value(exportFileName).toString().trimmed();
    if (ExportPlan::patternProblem(pattern).isEmpty())
        c.scheduledExport.pattern = pattern; // else the default: an unusable name is never used
    const QString format = value(exportFormat).toString().trimmed();
    c.scheduledExport.format =
        format.compare(QLatin1String("v1"), Qt::CaseInsensitive) == 0 || format == QLatin1String("1") ? 1 : 2;
    c.scheduledExport.bom = value(exportBom).toBool();
    bool portOk = false;
    const int port = value(apiPort).toInt(&portOk);
    c.apiPort = portOk && port >= -1 && port <= 65535 ? port : -1;
    const QHostAddress apiAddress(value(apiListen).toString().trimmed());
    if (!apiAddress.isNull())
        c.apiListen = apiAddress;
    c.apiTls = value(apiTls).toBool();
    c.apiMaxConnections = std::clamp(value(apiMaxConnections).toInt(), 1, 1024);
    return c;
}

QString Settings::databaseLocation(const QString &saved)
{
    const QString env = qEnvironmentVariable("TERMDESK_DATABASE").trimmed();
    return env.isEmpty() ? saved.trimmed() : env;
}

QString Settings::resolveDataDir(const QString &overrideDir, QString *error)
{
    QString dir = overrideDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("TERMDESK_DATA_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty()) {
        if (error)
            *error = QStringLiteral("no data directory: pass --data-dir DIR");
        return {};
    }
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create the data directory %1").arg(dir);
        return {};
    }
    return QDir(dir).absolutePath();
}

} // namespace termdesk
