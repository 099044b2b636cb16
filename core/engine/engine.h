// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/storedpunch.h"
#include "model/traceentry.h"
#include "net/sessioncontext.h"
#include "settings/configchange.h"
#include "settings/engineconfig.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace termdesk {

class Clock;
namespace service {
class ExportScheduler;
}
namespace storage {
class BackupScheduler;
class DataDirLock;
class PhotoRetention;
class StorageClient;
} // namespace storage
namespace net {
class CommandPoll;
class ConnectionSet;
class TerminalLeases;
class PresenceEvents;
class TerminalRegistry;
class TerminalServer;
class TraceSink;
} // namespace net
namespace ws {
class WsServer;
}

/// @brief Owns the terminal servers, the connections of both (net::ConnectionSet: cap, idle
/// sweep, handshake deadline), the live-session registry, the command poll and the storage
/// writer: the one API the console and the headless service use. Lives in one thread (the
/// engine thread in the applications; the test's thread in tests).
class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)
public:
    explicit Engine(EngineConfig config, QObject *parent = nullptr);
    ~Engine() override;

    /// The clock of every deadline, timeout and timestamp of the sessions (default
    /// Clock::system()); tests give a ManualClock and advance it. Call before start(); @p clock
    /// must outlive the engine.
    void setClock(Clock *clock);
    Clock *clock() const { return m_clock; }

    /// Takes the data directory's lock (another server using it is refused), checks the database
    /// (`PRAGMA quick_check`: a damaged one is refused with what to restore), opens it, starts
    /// the backup schedule and listens. On failure everything is torn down again.
    Q_INVOKABLE bool start();
    /// Stops accepting, closes the sessions, writes what is queued, closes the database.
    Q_INVOKABLE void stop();

    QString lastError() const { return m_error; }
    quint16 wsPort() const;  ///< 0 in a build without the WebSocket server (TERMDESK_WEBSOCKETS=OFF)
    quint16 tcpPort() const; ///< 0 when the TCP server is off
    quint16 wssPort() const; ///< 0 when wss:// is off
    /// SHA-256 of the certificate the wss:// listener presents ("AB:CD:…"); empty when wss is off.
    QString tlsFingerprint() const { return wssPort() ? m_tlsFingerprint : QString(); }
    const EngineConfig &config() const { return m_config; }
    storage::StorageClient *storage() const { return m_storage.get(); }
    storage::BackupScheduler *backups() const { return m_backups.get(); }
    storage::PhotoRetention *photoRetention() const { return m_photos.get(); }
    service::ExportScheduler *exports() const { return m_exports.get(); }
    net::TerminalRegistry *registry() const { return m_registry.get(); }
#if TERMDESK_HAVE_WEBSOCKETS
    ws::WsServer *wsServer() const
    {
        return m_ws.get();
    }
#endif
    net::TraceSink *traceSink() const
    {
        return m_trace;
    }

    /// Serial (or TCP code), protocol and peer of every live session. Call in the engine thread (from
    /// another thread: QMetaObject::invokeMethod with Qt::BlockingQueuedConnection).
    Q_INVOKABLE QList<termdesk::OnlineTerminal> onlineTerminals() const;
    /// The scheduled export's last run, its result and its next run (call as onlineTerminals()).
    Q_INVOKABLE termdesk::ExportStatus exportStatus() const;
    /// Closes the live connection of @p sn, if any; @p reason goes to the log (and to a WebSocket peer).
    Q_INVOKABLE void disconnectTerminal(const QString &sn, const QString &reason);
    /// Commands were queued for terminal @p sn in this process (the console): a WebSocket session
    /// claims them now instead of at the next poll (net::CommandPoll is for other processes). A TCP
    /// terminal takes requests only right after its heartbeat, and every heartbeat claims from the
    /// queue, so nothing waits on the poll there.
    Q_INVOKABLE void commandsQueued(const QString &sn);
    /// Turns the protocol trace on or off (off by default: sessions then format nothing). While on,
    /// traceEntries() is emitted at most every 200 ms.
    Q_INVOKABLE void setTraceEnabled(bool enabled);
    bool isTraceEnabled() const;
    /// Whether punchesArrived() is emitted (on by default). Thread-safe. The headless service turns it
    /// off: nobody watches, and the storage writer then does not build the feed at all.
    void setLiveFeed(bool on);
    /// Applies a changed configuration without a restart: admission, texts, timeouts and command
    /// settings take effect for what happens next; a changed port or address moves only that
    /// listener (connected terminals stay connected); if the new port cannot be bound the old one
    /// is kept. The data directory and the storage settings wait for the next start. Emits
    /// configApplied() with what was done.
    Q_INVOKABLE void applyConfig(const termdesk::EngineConfig &next);

Q_SIGNALS:
    void terminalOnline(const QString &sn, termdesk::Protocol protocol, const QString &peer);
    void terminalOffline(const QString &sn);
    /// "possible impostor or replaced hardware" (net::TerminalRegistry::identityAlert).
    void identityAlert(const QString &sn, const QString &details);
    void punchesStored(int count);
    /// New attendance punches, coalesced: at most one emission per ~100 ms, so a flood costs
    /// the GUI a handful of model updates per second.
    void punchesArrived(const QList<termdesk::StoredPunch> &punches);
    /// Protocol messages (redacted), coalesced; only while setTraceEnabled(true).
    void traceEntries(const QList<termdesk::TraceEntry> &entries);
    /// The outcome of applyConfig(); wsPort/tcpPort are the ports listening now.
    void configApplied(const termdesk::ConfigApplyResult &result);
    /// A scheduled backup ended: @p path written, or @p error says why not (docs/backup.md).
    void backupFinished(const QString &path, const QString &error);
    /// A scheduled CSV export ended (docs/csv-export.md): @p status holds its file or its error.
    void exportFinished(const termdesk::ExportStatus &status);
    /// The scheduled export's last run, its result or its next run changed.
    void exportStatusChanged(const termdesk::ExportStatus &status);
    /// The database stopped taking writes (@p failing: disk full, read-only, I/O error; @p error
    /// says which) or takes them again. While failing nothing is acknowledged to terminals.
    void storageWritesFailing(bool failing, const QString &error);

private:
    bool listenWs(QString *error);
    bool listenTcp(QString *error);
    bool listenWss(QString *error);
    bool checkDatabase(QString *error) const;
    void setExportPlan();

    EngineConfig m_config;
    QString m_error;
    std::unique_ptr<storage::DataDirLock> m_lock;
    std::unique_ptr<storage::StorageClient> m_storage;
    std::unique_ptr<storage::BackupScheduler> m_backups;
    std::unique_ptr<storage::PhotoRetention> m_photos;
    std::unique_ptr<service::ExportScheduler> m_exports;
    std::unique_ptr<net::TerminalRegistry> m_registry;
    std::unique_ptr<net::PresenceEvents> m_presence; ///< terminal.online / terminal.offline events
    std::unique_ptr<net::ConnectionSet> m_connections;
    std::unique_ptr<net::CommandPoll> m_poll;
    std::unique_ptr<net::TerminalLeases> m_leases; ///< only with a PostgreSQL store
#if TERMDESK_HAVE_WEBSOCKETS
    std::unique_ptr<ws::WsServer> m_ws;
    std::unique_ptr<ws::WsServer> m_wss; ///< wss:// (TLS), the same sessions as m_ws
#endif
    QString m_tlsFingerprint;
    std::unique_ptr<net::TerminalServer> m_tcp;
    net::TraceSink *m_trace; ///< a child: moves to the engine thread with the engine
    Clock *m_clock;
    net::SessionContext m_ctx;
    QList<StoredPunch> m_livePunches;
    bool m_liveScheduled = false;
    std::atomic<bool> m_liveFeed{true};
};

} // namespace termdesk
