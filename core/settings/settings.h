// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineconfig.h"

#include <QString>
#include <QVariant>

namespace termdesk {

/// @brief One settings key: its name in the file, its default and what it means.
struct SettingKey
{
    const char *name;
    QVariant defaultValue;
    const char *description;
};

/// @brief Persistent settings, stored as termdesk.ini in the data directory so the GUI,
/// `--headless` and the command-line tools of one installation share them.
/// Every key is defined once, in settings.cpp.
class Settings
{
public:
    explicit Settings(const QString &dataDir);

    QVariant value(const char *key) const;
    void setValue(const char *key, const QVariant &value);
    QString fileName() const { return m_file; }

    /// The engine configuration these settings describe (command-line overrides come after).
    EngineConfig engineConfig() const;

    static const QList<SettingKey> &keys();

    /// The store to use when no --database is given: $TERMDESK_DATABASE if set, else `saved`
    /// (the storage/database setting); empty means termdesk.sqlite in the data directory.
    static QString databaseLocation(const QString &saved);
    /// The data directory: the override if given, else $TERMDESK_DATA_DIR, else the
    /// platform's application data location. Created if missing.
    static QString resolveDataDir(const QString &overrideDir, QString *error = nullptr);

private:
    QString m_file;
};

namespace settingkeys {
inline constexpr char listen[] = "network/listen";
inline constexpr char wsPort[] = "network/wsPort";
inline constexpr char tcpPort[] = "network/tcpPort";
inline constexpr char wsPlain[] = "network/wsPlain";
inline constexpr char wssPort[] = "network/wssPort";
inline constexpr char tlsCertificate[] = "tls/certificate";
inline constexpr char tlsKey[] = "tls/key";
inline constexpr char idleTimeoutSec[] = "network/idleTimeoutSec";
inline constexpr char handshakeTimeoutSec[] = "network/handshakeTimeoutSec";
inline constexpr char maxMessageMiB[] = "network/maxMessageMiB";
inline constexpr char maxConnections[] = "network/maxConnections";
inline constexpr char wsAllowedNetworks[] = "network/wsAllowedNetworks";
inline constexpr char tcpAllowedNetworks[] = "network/tcpAllowedNetworks";
inline constexpr char admissionPolicy[] = "admission/policy";
inline constexpr char refusalReason[] = "admission/refusalReason";
inline constexpr char closedReason[] = "admission/closedReason";
inline constexpr char noSendUser[] = "registration/nosenduser";
inline constexpr char tryseconds[] = "registration/tryseconds";
inline constexpr char storePhotos[] = "storage/punchPhotos";
inline constexpr char photoRetentionDays[] = "privacy/photoRetentionDays";
inline constexpr char synchronous[] = "storage/synchronous";
inline constexpr char database[] = "storage/database";
inline constexpr char servers[] = "network/servers";
inline constexpr char registryAddress[] = "tcp/registryAddress";
inline constexpr char tcpRequestTimeoutSec[] = "tcp/requestTimeoutSec";
inline constexpr char tcpSleepWindowSec[] = "tcp/sleepingWindowSec";
inline constexpr char presenceDebounceSec[] = "webhooks/presenceDebounceSec";
inline constexpr char webhookRetentionDays[] = "webhooks/retentionDays";
inline constexpr char commandMaxTries[] = "commands/maxTries";
inline constexpr char serverName[] = "server/name";
inline constexpr char leaseTtlSec[] = "server/leaseTtlSec";
inline constexpr char leaseRenewSec[] = "server/leaseRenewSec";
inline constexpr char wsCommandTimeoutSec[] = "commands/wsTimeoutSec";
inline constexpr char wsAddUserTimeoutSec[] = "commands/wsAddUserTimeoutSec";
inline constexpr char wsMaxPages[] = "commands/maxPages";
inline constexpr char pullNewLogs[] = "registration/pullNewLogs";
inline constexpr char clockAutoSync[] = "clock/autoSync";
inline constexpr char clockSyncThresholdSec[] = "clock/syncThresholdSec";
inline constexpr char backupSchedule[] = "backup/schedule";
inline constexpr char backupEveryHours[] = "backup/everyHours";
inline constexpr char backupDailyAt[] = "backup/dailyAt";
inline constexpr char backupKeep[] = "backup/keep";
inline constexpr char backupFolder[] = "backup/folder";
inline constexpr char exportSchedule[] = "export/schedule";
inline constexpr char exportEveryMinutes[] = "export/everyMinutes";
inline constexpr char exportDailyAt[] = "export/dailyAt";
inline constexpr char exportFolder[] = "export/folder";
inline constexpr char exportFileName[] = "export/fileName";
inline constexpr char exportFormat[] = "export/format";
inline constexpr char exportBom[] = "export/bom";
inline constexpr char apiPort[] = "api/port";
inline constexpr char apiListen[] = "api/listen";
inline constexpr char apiTls[] = "api/tls";
inline constexpr char apiMaxConnections[] = "api/maxConnections";
} // namespace settingkeys

} // namespace termdesk
