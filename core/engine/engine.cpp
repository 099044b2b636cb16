// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "net/commandpoll.h"
#include "net/connectionset.h"
#include "net/portowner.h"
#include "net/presenceevents.h"
#include "net/terminalleases.h"
#include "net/terminalregistry.h"
#include "net/terminalsession.h"
#include "net/tlsidentity.h"
#include "net/tracesink.h"
#include "service/exportscheduler.h"
#include "storage/backupscheduler.h"
#include "storage/databasebackup.h"
#include "storage/databasecheck.h"
#include "storage/datadirlock.h"
#include "storage/photoretention.h"
#include "storage/postgresurl.h"
#include "storage/storageclient.h"
#include "tcp/tcpserver.h"
#include "util/allowednetworks.h"
#include "util/clock.h"
#include "util/logging.h"
#if TERMDESK_HAVE_WEBSOCKETS
#include "ws/wsserver.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <utility>

namespace termdesk {
namespace {
constexpr int LIVE_COALESCE_MS = 100;

/// Why a listener's allowed networks cannot be used (the setting named), or empty.
QString listenerNetworksProblem(const EngineConfig &config)
{
    const std::pair<const char *, QString> lists[] = {{"network/wsAllowedNetworks", config.wsAllowedNetworks},
                                                      {"network/tcpAllowedNetworks", config.tcpAllowedNetworks}};
    for (const auto &[key, text] : lists) {
        QString why;
        if (!net::AllowedNetworks::parse(text, &why))
            return QStringLiteral("%1 is not a list of addresses or networks: %2").arg(QLatin1String(key), why);
    }
    return {};
}
} // namespace

Engine::Engine(EngineConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_trace(new net::TraceSink(this)), m_clock(Clock::system())
{
    qRegisterMetaType<termdesk::TraceEntry>();
    qRegisterMetaType<QList<termdesk::TraceEntry>>();
    qRegisterMetaType<termdesk::OnlineTerminal>();
    qRegisterMetaType<QList<termdesk::OnlineTerminal>>();
    qRegisterMetaType<termdesk::ConfigApplyResult>();
    connect(m_trace, &net::TraceSink::entriesReady, this, &Engine::traceEntries);
}

Engine::~Engine()
{
    stop();
}

void Engine::setClock(Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
}

quint16 Engine::wsPort() const
{
#if TERMDESK_HAVE_WEBSOCKETS
    return m_ws ? m_ws->port() : 0;
#else
    return 0;
#endif
}

quint16 Engine::wssPort() const
{
#if TERMDESK_HAVE_WEBSOCKETS
    return m_wss && m_wss->isListening() ? m_wss->port() : 0;
#else
    return 0;
#endif
}

quint16 Engine::tcpPort() const
{
    return m_tcp && m_config.tcpPort >= 0 ? m_tcp->port() : 0;
}

bool Engine::start()
{
    // One server per data directory: a second one (or a restore) would write under the first.
    QDir().mkpath(m_config.dataDir);
    m_lock = std::make_unique<storage::DataDirLock>(m_config.dataDir);
    QString holder;
    if (!m_lock->tryLock(&holder)) {
        m_error = QStringLiteral("another TermDesk server uses the data directory %1 (%2): stop it first, or "
                                 "give this one another --data-dir")
                      .arg(QDir::toNativeSeparators(m_config.dataDir), holder);
        m_lock.reset();
        return false;
    }
    m_error = listenerNetworksProblem(m_config);
    if (!m_error.isEmpty() || !checkDatabase(&m_error)) {
        m_lock.reset();
        return false;
    }
    storage::OpenOptions options;
    options.synchronous = m_config.synchronous;
    options.sqliteCApi = m_config.sqliteCApi;
    // PostgreSQL punches through libpq unless $TERMDESK_POSTGRES_LIBPQ=0 (QPSQL only: comparisons,
    // a libpq that misbehaves; docs/multi-pc.md).
    options.postgresLibpq = qEnvironmentVariable("TERMDESK_POSTGRES_LIBPQ") != QLatin1String("0");
    m_storage = std::make_unique<storage::StorageClient>(m_config.databaseFile(), options, m_config.storePhotos);
    QString error;
    if (!m_storage->start(&error)) {
        m_error = QStringLiteral("cannot open the database %1: %2")
                      .arg(storage::displayLocation(m_config.databaseFile()), error);
        m_storage.reset();
        m_lock.reset();
        return false;
    }
    if (m_config.usesPostgres()) {
        // A PostgreSQL store is backed up by PostgreSQL's own tools (docs/multi-pc.md, "Backups").
        qCInfo(lcEngine) << "scheduled backups are off for a PostgreSQL store: use pg_dump";
    } else {
        m_backups = std::make_unique<storage::BackupScheduler>(m_config.databaseFile(), m_clock);
        connect(m_backups.get(), &storage::BackupScheduler::backupFinished, this,
                [this](const QString &path, const QString &why) { Q_EMIT backupFinished(path, why); });
        m_backups->setPlan(m_config.backupPlan());
    }
    m_photos = std::make_unique<storage::PhotoRetention>(m_storage.get(), m_clock);
    m_photos->setDays(m_config.photoRetentionDays);
    m_exports =
        std::make_unique<service::ExportScheduler>(m_config.databaseFile(), m_config.exportCursorFile(), m_clock);
    connect(m_exports.get(), &service::ExportScheduler::exportFinished, this, &Engine::exportFinished);
    connect(m_exports.get(), &service::ExportScheduler::statusChanged, this, &Engine::exportStatusChanged);
    setExportPlan();
    connect(m_storage.get(), &storage::StorageClient::writesFailingChanged, this, &Engine::storageWritesFailing);
    connect(m_storage.get(), &storage::StorageClient::burstDone, this, [this](int, int inserted) {
        if (inserted > 0)
            Q_EMIT punchesStored(inserted);
    });
    connect(m_storage.get(), &storage::StorageClient::punchesInserted, this, [this](const QList<StoredPunch> &p) {
        m_livePunches += p;
        if (m_liveScheduled)
            return;
        m_liveScheduled = true;
        QTimer::singleShot(LIVE_COALESCE_MS, this, [this] {
            m_liveScheduled = false;
            Q_EMIT punchesArrived(std::exchange(m_livePunches, {}));
        });
    });
    m_storage->setLiveFeed(m_liveFeed.load());
    m_registry = std::make_unique<net::TerminalRegistry>();
    connect(m_registry.get(), &net::TerminalRegistry::terminalOnline, this, &Engine::terminalOnline);
    connect(m_registry.get(), &net::TerminalRegistry::terminalOffline, this, &Engine::terminalOffline);
    connect(m_registry.get(), &net::TerminalRegistry::identityAlert, this, &Engine::identityAlert);
    m_presence = std::make_unique<net::PresenceEvents>(&m_config, m_storage.get(), m_registry.get(), m_clock);
    m_ctx = net::SessionContext{&m_config, m_storage.get(), m_registry.get(), m_trace, m_clock};
    if (m_config.usesPostgres()) {
        // Several servers may share the database: each terminal is served by the server that
        // holds its lease (docs/multi-pc.md, "Several servers on one database").
        m_leases = std::make_unique<net::TerminalLeases>(m_ctx, m_config.serverId());
        m_ctx.leases = m_leases.get();
        m_leases->start();
        qCInfo(lcEngine).noquote() << "server name" << m_config.serverId() << "(terminal leases: ttl"
                                   << m_config.leaseTtlMs / 1000 << "s, renewed every" << m_config.leaseRenewMs / 1000
                                   << "s)";
    }
    m_connections = std::make_unique<net::ConnectionSet>(m_ctx);
#if TERMDESK_HAVE_WEBSOCKETS
    m_connections->setTlsHandshakes([this] { return m_wss ? m_wss->tlsHandshakes() : 0; });
#endif

#if TERMDESK_HAVE_WEBSOCKETS
    m_ws = std::make_unique<ws::WsServer>(m_ctx, m_connections.get());
#else
    qCWarning(lcEngine) << "this build has no WebSocket server (built without Qt WebSockets): only TCP terminals"
                           " can connect";
#endif
    if (!listenWs(&m_error) || (m_config.tcpPort >= 0 && !listenTcp(&m_error)) ||
        (m_config.wssPort >= 0 && !listenWss(&m_error))) {
        stop();
        return false;
    }
#if TERMDESK_HAVE_WEBSOCKETS
    // TCP terminals are served after their heartbeats; WebSocket ones as soon as a command is queued.
    m_poll = std::make_unique<net::CommandPoll>(m_ctx, QStringLiteral("ws"));
    m_poll->start();
#endif
    return true;
}

void Engine::setExportPlan()
{
    // The default folder is made; one that was chosen is not: a share that is gone must be said,
    // not replaced by an empty local folder.
    if (m_config.scheduledExport.schedule != ExportPlan::Schedule::Off && m_config.scheduledExport.folder.isEmpty())
        QDir().mkpath(m_config.exportFolder());
    m_exports->setPlan(m_config.exportPlan());
}

bool Engine::checkDatabase(QString *error) const
{
    const QString file = m_config.databaseFile();
    if (m_config.usesPostgres() || !QFileInfo::exists(file))
        return true; // a new installation: created empty
    QString found;
    if (storage::DatabaseCheck::check(file, storage::DatabaseCheck::Depth::Quick, &found) !=
        storage::DatabaseCheck::Verdict::Damaged)
        return true; // not TermDesk's or too new: opening it says so
    const QStringList backups = storage::DatabaseBackup::list(m_config.backupFolder());
    const QString what =
        backups.isEmpty()
            ? QStringLiteral("There is no backup in %1: restore one you keep elsewhere with `termdesk restore FILE`, "
                             "or move the damaged file away to start with an empty database.")
                  .arg(QDir::toNativeSeparators(m_config.backupFolder()))
            : QStringLiteral("Restore the latest backup, then start TermDesk again: termdesk restore \"%1\"%2")
                  .arg(QDir::toNativeSeparators(backups.constFirst()),
                       m_config.dataDir.isEmpty()
                           ? QString()
                           : QStringLiteral(" --data-dir \"%1\"").arg(QDir::toNativeSeparators(m_config.dataDir)));
    *error = QStringLiteral("the database %1 is damaged (%2). TermDesk did not start, so nothing more is written to "
                            "it. %3")
                 .arg(QDir::toNativeSeparators(file), found, what);
    qCCritical(lcStorage).noquote() << *error;
    return false;
}

namespace {

QString listenError(const char *what, const EngineConfig &config, int port, const QString &why)
{
    const QString owner = port > 0 ? net::describePortOwner(static_cast<quint16>(port)) : QString();
    return QStringLiteral("cannot listen for %1 terminals on %2 port %3: %4%5")
        .arg(QLatin1String(what), config.listenAddress.toString())
        .arg(port)
        .arg(why, owner.isEmpty() ? QString() : QStringLiteral(" (used by %1)").arg(owner));
}

} // namespace

bool Engine::listenWs(QString *error)
{
#if !TERMDESK_HAVE_WEBSOCKETS
    Q_UNUSED(error)
    return true;
#else
    if (m_config.wsPort < 0) {
        qCInfo(lcNet) << "plain WebSocket (ws://) is off (network/wsPlain=false)";
        return true;
    }
    QString why;
    if (m_ws->listen(m_config.listenAddress, static_cast<quint16>(m_config.wsPort), &why))
        return true;
    *error = listenError("WebSocket", m_config, m_config.wsPort, why);
    return false;
#endif
}

bool Engine::listenWss(QString *error)
{
#if !TERMDESK_HAVE_WEBSOCKETS
    *error = QStringLiteral("wss:// needs the WebSocket server, which this build does not have");
    return false;
#else
    // A bad certificate stops the whole server: asked for TLS, it must not run without it.
    QString why;
    const auto identity = net::TlsIdentity::load(m_config.tlsCertificateFile(), m_config.tlsKeyFile(), &why);
    if (!identity) {
        *error = QStringLiteral("wss:// (network/wssPort %1) cannot start: %2. Set tls/certificate and tls/key, run "
                                "`termdesk tls generate`, or turn wss off (network/wssPort=-1)")
                     .arg(m_config.wssPort)
                     .arg(why);
        qCCritical(lcNet).noquote() << *error;
        return false;
    }
    if (!m_wss)
        m_wss = std::make_unique<ws::WsServer>(m_ctx, m_connections.get(), nullptr, identity->serverConfiguration());
    else
        m_wss->setTlsConfiguration(identity->serverConfiguration());
    if (!m_wss->listen(m_config.listenAddress, static_cast<quint16>(m_config.wssPort), &why)) {
        *error = listenError("wss:// WebSocket", m_config, m_config.wssPort, why);
        return false;
    }
    m_tlsFingerprint = identity->fingerprint();
    qCInfo(lcNet).noquote() << "wss certificate" << identity->chain.first().subjectDisplayName() << "expires"
                            << identity->chain.first().expiryDate().toString(Qt::ISODate) << "SHA-256 fingerprint"
                            << m_tlsFingerprint;
    return true;
#endif
}

bool Engine::listenTcp(QString *error)
{
    if (!m_tcp)
        m_tcp = tcp::makeTcpServer(m_ctx, m_connections.get());
    QString why;
    if (m_tcp->listen(m_config.listenAddress, static_cast<quint16>(m_config.tcpPort), &why))
        return true;
    *error = listenError("TCP", m_config, m_config.tcpPort, why);
    return false;
}

void Engine::applyConfig(const EngineConfig &next)
{
    ConfigApplyResult result;
    if (!m_storage) {
        m_config = next; // not started: everything applies at start()
        result.applied << QStringLiteral("configuration replaced");
        result.config = m_config;
        Q_EMIT configApplied(result);
        return;
    }
    const EngineConfig old = std::exchange(m_config, next);
    // What the open database and the storage thread were built with stays until the next start.
    const auto atNextStart = [&](bool changed, const char *name) {
        if (changed)
            result.atNextStart << QLatin1String(name);
    };
    atNextStart(old.dataDir != next.dataDir, "data directory");
    atNextStart(old.synchronous != next.synchronous, "storage/synchronous");
    atNextStart(old.storePhotos != next.storePhotos, "storage/punchPhotos");
    atNextStart(old.handshakeTimeoutMs != next.handshakeTimeoutMs, "network/handshakeTimeoutSec");
    // The REST API is EngineHost's, started with the engine (docs/integration.md).
    atNextStart(old.apiPort != next.apiPort || old.apiListen != next.apiListen ||
                    old.apiMaxConnections != next.apiMaxConnections || old.apiTls != next.apiTls,
                "api/*");
    // The name the leases are held under, and their timing, stay for the server's life.
    atNextStart(old.serverName != next.serverName || old.leaseTtlMs != next.leaseTtlMs ||
                    old.leaseRenewMs != next.leaseRenewMs,
                "server/*");
    m_config.serverName = old.serverName;
    m_config.leaseTtlMs = old.leaseTtlMs;
    m_config.leaseRenewMs = old.leaseRenewMs;
    atNextStart(old.webhookRetentionDays != next.webhookRetentionDays, "webhooks/retentionDays");
    m_config.dataDir = old.dataDir;
    m_config.synchronous = old.synchronous;
    m_config.storePhotos = old.storePhotos;
    m_config.sqliteCApi = old.sqliteCApi; // not a setting: what start() was given stays
    m_config.handshakeTimeoutMs = old.handshakeTimeoutMs;

    if (const QString problem = listenerNetworksProblem(next); !problem.isEmpty()) {
        result.errors << problem; // the lists in force stay
        m_config.wsAllowedNetworks = old.wsAllowedNetworks;
        m_config.tcpAllowedNetworks = old.tcpAllowedNetworks;
    } else if (old.wsAllowedNetworks != next.wsAllowedNetworks || old.tcpAllowedNetworks != next.tcpAllowedNetworks) {
        result.applied << QStringLiteral("allowed networks of the listeners changed (new connections)");
    }

    const bool addressChanged = old.listenAddress != next.listenAddress;
#if TERMDESK_HAVE_WEBSOCKETS
    if (addressChanged || old.wsPort != next.wsPort) {
        const quint16 before = wsPort();
        m_ws->stopListening();
        QString error;
        if (m_config.wsPort < 0) {
            result.applied << QStringLiteral("plain WebSocket server turned off");
        } else if (listenWs(&error)) {
            result.applied << QStringLiteral("WebSocket server moved from port %1 to %2").arg(before).arg(wsPort());
        } else {
            result.errors << error;
            m_config.listenAddress = old.listenAddress;
            m_config.wsPort = old.wsPort;
            QString again;
            if (before && !m_ws->listen(old.listenAddress, before, &again))
                result.errors << QStringLiteral("the WebSocket server could not listen on port %1 again: %2")
                                     .arg(before)
                                     .arg(again);
        }
    }
    if (addressChanged || old.wssPort != next.wssPort || old.tlsCertificateFile() != next.tlsCertificateFile() ||
        old.tlsKeyFile() != next.tlsKeyFile()) {
        const quint16 before = wssPort();
        if (m_wss)
            m_wss->stopListening(); // terminals connected through it stay connected
        QString error;
        if (m_config.wssPort < 0) {
            if (before)
                result.applied << QStringLiteral("wss server turned off");
        } else if (listenWss(&error)) {
            result.applied << QStringLiteral("wss server listening on port %1").arg(wssPort());
        } else {
            result.errors << error;
            m_config.wssPort = old.wssPort;
            m_config.tlsCertificate = old.tlsCertificate;
            m_config.tlsKey = old.tlsKey;
            QString again;
            if (before && !m_wss->listen(old.listenAddress, before, &again))
                result.errors
                    << QStringLiteral("the wss server could not listen on port %1 again: %2").arg(before).arg(again);
        }
    }
#endif
    if (addressChanged || old.tcpPort != next.tcpPort) {
        const quint16 before = tcpPort();
        if (m_tcp)
            m_tcp->stopListening();
        QString error;
        if (m_config.tcpPort < 0) {
            m_connections->closeAll(Protocol::Tcp, QStringLiteral("TCP server turned off"));
            result.applied << QStringLiteral("TCP server turned off");
        } else if (listenTcp(&error)) {
            result.applied << (before ? QStringLiteral("TCP server moved from port %1 to %2").arg(before).arg(tcpPort())
                                      : QStringLiteral("TCP server listening on port %1").arg(tcpPort()));
        } else {
            result.errors << error;
            m_config.tcpPort = old.tcpPort;
            m_config.listenAddress = old.listenAddress;
            QString again;
            if (before && !m_tcp->listen(old.listenAddress, before, &again))
                result.errors
                    << QStringLiteral("the TCP server could not listen on port %1 again: %2").arg(before).arg(again);
        }
    }
    if (m_backups && old.backupPlan() != m_config.backupPlan()) {
        m_backups->setPlan(m_config.backupPlan());
        result.applied << QStringLiteral("backup schedule %1").arg(backupScheduleName(m_config.backup.schedule));
    }
    if (m_photos && old.photoRetentionDays != m_config.photoRetentionDays) {
        m_photos->setDays(m_config.photoRetentionDays);
        result.applied << (m_config.photoRetentionDays > 0
                               ? QStringLiteral("photos kept %1 days").arg(m_config.photoRetentionDays)
                               : QStringLiteral("photos kept"));
    }
    if (old.exportPlan() != m_config.exportPlan()) {
        setExportPlan();
        result.applied
            << QStringLiteral("export schedule %1").arg(exportScheduleName(m_config.scheduledExport.schedule));
    }
    if (old.admission != m_config.admission)
        result.applied << QStringLiteral("admission policy %1").arg(name(m_config.admission));
    result.wsPort = wsPort();
    result.tcpPort = tcpPort();
    result.wssPort = wssPort();
    result.tlsFingerprint = tlsFingerprint();
    result.config = m_config;
    qCInfo(lcEngine).noquote() << "configuration applied:" << result.applied.join(QStringLiteral("; "))
                               << (result.errors.isEmpty() ? QString() : result.errors.join(QStringLiteral("; ")));
    Q_EMIT configApplied(result);
}

void Engine::setLiveFeed(bool on)
{
    m_liveFeed.store(on);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_storage)
                m_storage->setLiveFeed(m_liveFeed.load());
        },
        Qt::QueuedConnection);
}

QList<OnlineTerminal> Engine::onlineTerminals() const
{
    QList<OnlineTerminal> list;
    if (!m_registry)
        return list;
    for (const QString &sn : m_registry->onlineKeys()) {
        const net::TerminalSession *s = m_registry->session(sn);
        list.append({sn, s ? s->protocol() : Protocol::WebSocket, s ? s->peerDescription() : QString()});
    }
    return list;
}

ExportStatus Engine::exportStatus() const
{
    return m_exports ? m_exports->status() : ExportStatus{};
}

void Engine::disconnectTerminal(const QString &sn, const QString &reason)
{
    if (!m_registry)
        return;
    if (net::TerminalSession *s = m_registry->session(sn))
        s->closeSession(reason);
}

void Engine::commandsQueued(const QString &sn)
{
    if (!m_registry)
        return;
    // The same wake-up as the poll's, for this one terminal (a TCP session waits for its heartbeat).
    if (net::TerminalSession *session = m_registry->session(sn))
        session->pokeCommands();
}

void Engine::setTraceEnabled(bool enabled)
{
    m_trace->setEnabled(enabled);
}

bool Engine::isTraceEnabled() const
{
    return m_trace->isEnabled();
}

void Engine::stop()
{
#if TERMDESK_HAVE_WEBSOCKETS
    if (m_ws)
        m_ws->stopListening();
    if (m_wss)
        m_wss->stopListening();
#endif
    if (m_tcp)
        m_tcp->stopListening();
    if (m_poll)
        m_poll->stop();
    if (m_leases)
        m_leases->stop();
    m_presence.reset(); // a stop writes no terminal.offline (docs/integration.md, "Webhooks")
    if (m_connections)
        m_connections->closeAll(QStringLiteral("server shutting down"));
    if (m_leases)
        m_leases->releaseAll(); // before the writer stops: the other servers may take them at once
    m_photos.reset();           // before the writer stops: no purge is submitted to it any more
    if (m_storage)
        m_storage->stop(); // commits what is queued; acks for it go out on still-open sockets
    // Let the sockets flush their close frames and the sessions delete themselves.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    m_poll.reset();
#if TERMDESK_HAVE_WEBSOCKETS
    m_ws.reset();
    m_wss.reset();
#endif
    m_tcp.reset();
    m_connections.reset();
    m_registry.reset();
    m_ctx.leases = nullptr;
    m_leases.reset();
    m_backups.reset(); // waits for a backup under way
    m_exports.reset(); // waits for an export under way
    m_storage.reset();
    m_lock.reset();
}

} // namespace termdesk
