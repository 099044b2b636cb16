// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "net/listensocket.h"
#include "net/terminalregistry.h"
#include "net/terminalsession.h"
#include "net/tracesink.h"
#include "storage/storageclient.h"
#include "tcp/tcpserver.h"
#include "util/logging.h"
#include "ws/wsserver.h"

#include <QCoreApplication>
#include <QTimer>

#include <utility>

namespace termdesk {
namespace {
constexpr int LIVE_COALESCE_MS = 100;
}

Engine::Engine(EngineConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_trace(new net::TraceSink(this))
{
    qRegisterMetaType<termdesk::TraceEntry>();
    qRegisterMetaType<QList<termdesk::TraceEntry>>();
    qRegisterMetaType<termdesk::OnlineTerminal>();
    qRegisterMetaType<QList<termdesk::OnlineTerminal>>();
    connect(m_trace, &net::TraceSink::entriesReady, this, &Engine::traceEntries);
}

Engine::~Engine()
{
    stop();
}

quint16 Engine::wsPort() const
{
    return m_ws ? m_ws->port() : 0;
}

quint16 Engine::tcpPort() const
{
    return m_tcp ? m_tcp->port() : 0;
}

bool Engine::start()
{
    storage::OpenOptions options;
    options.synchronous = m_config.synchronous;
    m_storage = std::make_unique<storage::StorageClient>(m_config.databaseFile(), options, m_config.storePhotos);
    QString error;
    if (!m_storage->start(&error)) {
        m_error = QStringLiteral("cannot open the database %1: %2").arg(m_config.databaseFile(), error);
        m_storage.reset();
        return false;
    }
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
    m_registry = std::make_unique<net::TerminalRegistry>();
    connect(m_registry.get(), &net::TerminalRegistry::terminalOnline, this, &Engine::terminalOnline);
    connect(m_registry.get(), &net::TerminalRegistry::terminalOffline, this, &Engine::terminalOffline);
    m_ctx = net::SessionContext{&m_config, m_storage.get(), m_registry.get(), m_trace};

    m_ws = std::make_unique<ws::WsServer>(m_ctx);
    if (!m_ws->listen(m_config.listenAddress, static_cast<quint16>(m_config.wsPort), &error)) {
        const QString owner =
            m_config.wsPort > 0 ? net::describePortOwner(static_cast<quint16>(m_config.wsPort)) : QString();
        m_error = QStringLiteral("cannot listen for WebSocket terminals on %1 port %2: %3%4")
                      .arg(m_config.listenAddress.toString())
                      .arg(m_config.wsPort)
                      .arg(error, owner.isEmpty() ? QString() : QStringLiteral(" (used by %1)").arg(owner));
        stop();
        return false;
    }
    if (m_config.tcpPort >= 0) {
        m_tcp = std::make_unique<tcp::TcpServer>(m_ctx);
        if (!m_tcp->listen(m_config.listenAddress, static_cast<quint16>(m_config.tcpPort), &error)) {
            const QString owner =
                m_config.tcpPort > 0 ? net::describePortOwner(static_cast<quint16>(m_config.tcpPort)) : QString();
            m_error = QStringLiteral("cannot listen for TCP terminals on %1 port %2: %3%4")
                          .arg(m_config.listenAddress.toString())
                          .arg(m_config.tcpPort)
                          .arg(error, owner.isEmpty() ? QString() : QStringLiteral(" (used by %1)").arg(owner));
            stop();
            return false;
        }
    }
    return true;
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

void Engine::disconnectTerminal(const QString &sn, const QString &reason)
{
    if (!m_registry)
        return;
    if (net::TerminalSession *s = m_registry->session(sn))
        s->closeSession(reason);
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
    if (m_ws) {
        m_ws->stopListening();
        m_ws->closeAll(QStringLiteral("server shutting down"));
    }
    if (m_tcp) {
        m_tcp->stopListening();
        m_tcp->closeAll(QStringLiteral("server shutting down"));
    }
    if (m_storage)
        m_storage->stop(); // commits what is queued; acks for it go out on still-open sockets
    // Let the sockets flush their close frames and the sessions delete themselves.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    m_ws.reset();
    m_tcp.reset();
    m_registry.reset();
    m_storage.reset();
}

} // namespace termdesk
