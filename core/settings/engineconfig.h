// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/backupplan.h"
#include "model/exportplan.h"
#include "model/terminalinfo.h"

#include <QHostAddress>
#include <QString>

namespace termdesk {

/// @brief Everything the engine needs to run, resolved from settings and the command line.
/// A plain value: tests build one directly.
struct EngineConfig
{
    QString dataDir; ///< holds termdesk.sqlite (and termdesk.ini)
    /// A `postgresql://` URL: the store is that PostgreSQL, not termdesk.sqlite (docs/multi-pc.md).
    /// It may hold a password: show it through storage::displayLocation only.
    QString database;
    QHostAddress listenAddress = QHostAddress::Any;
    int wsPort = 7788;      ///< 0 = pick a free port; -1 = plain ws:// off (network/wsPlain=false)
    int wssPort = -1;       ///< `wss://` (TLS): 0 = pick a free port; -1 = off
    QString tlsCertificate; ///< PEM file of the wss certificate (chain); empty = tlsCertificateFile()'s default
    QString tlsKey;         ///< PEM file of its private key; empty = the default in the data directory
    int tcpPort = -1;       ///< 0 = pick a free port; -1 = TCP server off (the settings default is 7857)
    int handshakeTimeoutMs = 10'000;
    int idleTimeoutMs = 180'000;
    qint64 maxMessageBytes = 8 * 1024 * 1024;
    int maxConnections = 20'000;
    /// Where WebSocket / TCP connections may come from, as the operator writes it (net::AllowedNetworks:
    /// addresses or CIDR networks); empty = any address. Checked at accept, before a byte is read.
    QString wsAllowedNetworks;
    QString tcpAllowedNetworks;
    int listenBacklog = 1024;
    AdmissionPolicy admission = AdmissionPolicy::Open;
    QString refusalReason = QStringLiteral("waiting for approval"); ///< shown on a pending terminal
    QString closedReason = QStringLiteral("unknown terminal");      ///< shown when the policy is closed
    QString blockedReason = QStringLiteral("blocked");
    bool noSendUser = true;           ///< `nosenduser` in the reg reply
    int tryseconds = 0;               ///< >0: add `tryseconds` to the reg reply
    QString registryAddress;          ///< TCP cmd 8 answer ("host:port"); empty = refuse
    int tcpRequestTimeoutMs = 30'000; ///< a cmd 4/5 request unanswered this long is retried
    int commandMaxTries = 3;
    int wsCommandTimeoutMs = 20'000;  ///< a WebSocket command (or page) unanswered this long
    int wsAddUserTimeoutMs = 300'000; ///< `adduser` waits for the person at the terminal
    int wsMaxPages = 1000;            ///< page cap of getuserlist / getnewlog / getalllog
    int commandPollMs = 1000;         ///< how often the server looks for commands queued elsewhere
    /// This server's name among the servers of one PostgreSQL database (`server/name`); empty =
    /// serverId()'s default. The terminal leases (docs/multi-pc.md) are held under it.
    QString serverName;
    int leaseTtlMs = 30'000;        ///< a terminal's lease lasts this long unless renewed (`server/leaseTtlSec`)
    int leaseRenewMs = 10'000;      ///< the server renews its leases this often (`server/leaseRenewSec`)
    bool pullNewLogsOnReg = false;  ///< queue a getnewlog after a WebSocket reg (the settings default is on)
    bool clockAutoSync = false;     ///< queue a settime after a reg when the drift is too large (settings: on)
    int clockSyncThresholdSec = 60; ///< |drift| above this triggers the settime
    int tcpSleepWindowSec = 3600;   ///< a TCP terminal heard from this recently but not connected is "sleeping"
    /// terminal.offline waits this long for a reconnect (a TCP terminal: at least tcpSleepWindowSec)
    int presenceDebounceSec = 30;
    int webhookRetentionDays = 30; ///< webhook delivery log and delivered events kept this long (0: for ever)
    bool storePhotos = false;      ///< keep punch photos (biometric data): off by default
    int photoRetentionDays = 0;    ///< >0: stored photos older than this are deleted (0 = kept)
    QString synchronous = QStringLiteral("FULL"); ///< SQLite synchronous: FULL or NORMAL
    BackupPlan backup; ///< scheduled backups (settings `backup/*`; Off unless set); folder empty = backupFolder()
    /// scheduled CSV export (settings `export/*`; Off unless set); folder empty = exportFolder()
    ExportPlan scheduledExport;
    /// The local REST API (docs/integration.md): off unless a port is set (settings `api/port`,
    /// `--api-port`); it listens on loopback unless an address is given (`api/listen`, `--api-listen`).
    int apiPort = -1; ///< -1 = off; 0 = pick a free port
    QHostAddress apiListen = QHostAddress::LocalHost;
    /// https with the certificate and key of `wss://` (tlsCertificateFile(), tlsKeyFile()); `api/tls`, `--api-tls`
    bool apiTls = false;
    int apiRequestTimeoutMs = 10'000;     ///< a request must arrive whole within this (else 408)
    int apiIdleTimeoutMs = 60'000;        ///< a kept-alive API connection idle this long is closed
    int apiMaxConnections = 32;           ///< API connections at once; one more is answered 503
    qint64 apiMaxBodyBytes = 64 * 1024;   ///< a larger request body is refused with 413
    qint64 apiMaxHeaderBytes = 16 * 1024; ///< a larger request line + header is refused with 431 (414)
    /// The writer's punch path through SQLite's C API where the build allows it (OpenOptions::sqliteCApi).
    /// Not a setting: the tests run the engine on both paths.
    bool sqliteCApi = true;

    /// Where the store is: `database` when set (a PostgreSQL URL), else termdesk.sqlite in dataDir.
    QString databaseFile() const;
    /// backup.folder, or `backups` in the data directory when that is empty.
    QString backupFolder() const;
    /// backup with its folder resolved (backupFolder()).
    BackupPlan backupPlan() const;
    /// scheduledExport.folder, or `exports` in the data directory when that is empty.
    QString exportFolder() const;
    /// scheduledExport with its folder resolved (exportFolder()).
    ExportPlan exportPlan() const;
    /// Where the scheduled export keeps its cursor: `scheduled-export.cursor` in the data directory.
    QString exportCursorFile() const;
    /// tlsCertificate / tlsKey, or termdesk-cert.pem / termdesk-key.pem in the data directory
    /// (where `termdesk tls generate` writes them); relative: to the data directory.
    QString tlsCertificateFile() const;
    QString tlsKeyFile() const;
    bool apiEnabled() const { return apiPort >= 0; }
    bool usesPostgres() const { return !database.isEmpty(); }
    /// serverName, or else the host name and a short hash of the data directory (two servers on one
    /// PC have two data directories): stable across restarts.
    QString serverId() const;
    bool operator==(const EngineConfig &) const = default;
};

} // namespace termdesk
