// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsserver.h"

#include "net/terminalregistry.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/clock.h"
#include "util/logging.h"
#include "wssession.h"

#include <QTcpSocket>
#include <QWebSocket>

#include <cstring>

namespace termdesk::ws {
namespace {
constexpr qint64 LAST_SEEN_FLUSH_MS = 30'000;

/// The connection's two ends: the same before and after the upgrade (the QWebSocket reports its
/// QTcpSocket's addresses), unique among live connections.
QByteArray connectionKey(const QHostAddress &peer, quint16 peerPort, const QHostAddress &local, quint16 localPort)
{
    const Q_IPV6ADDR p = peer.toIPv6Address();
    const Q_IPV6ADDR l = local.toIPv6Address();
    QByteArray key(2 * sizeof(Q_IPV6ADDR) + 2 * sizeof(quint16), Qt::Uninitialized);
    char *out = key.data();
    std::memcpy(out, &p, sizeof p);
    std::memcpy(out + sizeof p, &l, sizeof l);
    std::memcpy(out + 2 * sizeof p, &peerPort, sizeof peerPort);
    std::memcpy(out + 2 * sizeof p + sizeof peerPort, &localPort, sizeof localPort);
    return key;
}
} // namespace

WsServer::WsServer(const net::SessionContext &context, QObject *parent) : QObject(parent), m_ctx(context)
{
    m_listener.setMaxPendingConnections(1000);
    connect(&m_listener, &QTcpServer::newConnection, this, &WsServer::onAccepted);
    connect(&m_listener, &QTcpServer::acceptError, this,
            [](QAbstractSocket::SocketError e) { qCWarning(lcNet) << "WebSocket accept error" << e; });
    m_shards.reserve(SHARDS);
    for (int i = 0; i < SHARDS; ++i) {
        auto shard = std::make_unique<QWebSocketServer>(QStringLiteral("TermDesk"), QWebSocketServer::NonSecureMode);
        shard->setMaxPendingConnections(1000);
        QWebSocketServer *raw = shard.get();
        connect(raw, &QWebSocketServer::newConnection, this, [this, raw] { onUpgraded(raw); });
        m_shards.push_back(std::move(shard));
    }
    m_handshakeCheck.setInterval(std::clamp(m_ctx.config->handshakeTimeoutMs / 4, 20, 1000));
    connect(&m_handshakeCheck, &QTimer::timeout, this, &WsServer::expireHandshakes);
    const int idle = m_ctx.config->idleTimeoutMs;
    m_sweep.setInterval(std::clamp(idle / 4, 50, 5000));
    connect(&m_sweep, &QTimer::timeout, this, &WsServer::sweep);
    m_commandPoll.setInterval(std::max(10, m_ctx.config->commandPollMs));
    connect(&m_commandPoll, &QTimer::timeout, this, &WsServer::pollCommands);
}

WsServer::~WsServer()
{
    stopListening();
}

bool WsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    // Deep enough for a reconnect storm: the default 50 drops SYNs (docs/performance.md).
    m_listener.setListenBacklogSize(m_ctx.config->listenBacklog);
    if (!m_listener.listen(address, port)) {
        if (error)
            *error = m_listener.errorString();
        return false;
    }
    m_sweep.start();
    m_handshakeCheck.start();
    m_commandPoll.start();
    pollCommands(); // learns the newest command id: later rows are the new ones
    qCInfo(lcNet) << "WebSocket server listening on" << address.toString() << "port" << m_listener.serverPort();
    return true;
}

void WsServer::stopListening()
{
    m_commandPoll.stop();
    if (m_listener.isListening())
        m_listener.close();
}

void WsServer::pollCommands()
{
    // One cheap writer job for the whole server (a range read of the newest command rows),
    // whatever the number of terminals; sessions claim only when their serial comes back.
    if (m_polling)
        return;
    m_polling = true;
    QPointer<WsServer> self(this);
    m_ctx.storage->submit(storage::PollCommandsJob{QStringLiteral("ws"), m_lastCommandId},
                          [self](const storage::PollCommandsResult &r) {
                              if (!self)
                                  return;
                              self->m_polling = false;
                              if (!r.ok) {
                                  qCWarning(lcWs) << "command poll failed:" << r.error;
                                  return;
                              }
                              self->m_lastCommandId = std::max(self->m_lastCommandId, r.lastCommandId);
                              for (const QString &sn : r.terminals) {
                                  if (auto *session = qobject_cast<WsSession *>(self->m_ctx.registry->session(sn)))
                                      session->pokeCommands();
                              }
                          });
}

void WsServer::closeAll(const QString &reason)
{
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *s : sessions)
        s->closeSession(reason);
}

void WsServer::onAccepted()
{
    const qint64 deadline = monotonicMs() + m_ctx.config->handshakeTimeoutMs;
    while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
        QWebSocketServer *shard = m_shards[m_nextShard++ % m_shards.size()].get();
        socket->setParent(shard); // as in QWebSocketServer's own accept: the server that upgrades it owns it
        m_handshakes.insert(
            connectionKey(socket->peerAddress(), socket->peerPort(), socket->localAddress(), socket->localPort()),
            PendingHandshake{socket, deadline});
        shard->handleConnection(socket);
    }
}

void WsServer::expireHandshakes()
{
    if (m_handshakes.isEmpty())
        return;
    const qint64 now = monotonicMs();
    for (auto it = m_handshakes.begin(); it != m_handshakes.end();) {
        if (!it->socket) {
            it = m_handshakes.erase(it); // refused or gone: Qt deleted it
        } else if (now >= it->deadlineMs) {
            QTcpSocket *socket = it->socket;
            it = m_handshakes.erase(it);
            qCInfo(lcNet) << "no WebSocket upgrade from" << socket->peerAddress().toString() << "within"
                          << m_ctx.config->handshakeTimeoutMs << "ms; closing";
            socket->close(); // the shard deletes it on disconnected()
        } else {
            ++it;
        }
    }
}

void WsServer::onUpgraded(QWebSocketServer *shard)
{
    while (shard->hasPendingConnections()) {
        QWebSocket *socket = shard->nextPendingConnection();
        if (!socket)
            break;
        m_handshakes.remove(
            connectionKey(socket->peerAddress(), socket->peerPort(), socket->localAddress(), socket->localPort()));
        if (m_sessions.size() >= m_ctx.config->maxConnections) {
            qCWarning(lcNet) << "connection cap" << m_ctx.config->maxConnections << "reached; refusing"
                             << socket->peerAddress().toString();
            socket->close(static_cast<QWebSocketProtocol::CloseCode>(1013) /* try again later */,
                          QStringLiteral("server full"));
            socket->deleteLater();
            continue;
        }
        auto *session = new WsSession(socket, m_ctx, this);
        m_sessions.insert(session);
        connect(session, &net::TerminalSession::closed, this, [this](net::TerminalSession *s) {
            m_sessions.remove(static_cast<WsSession *>(s));
            Q_EMIT connectionCountChanged(static_cast<int>(m_sessions.size()));
        });
        Q_EMIT connectionCountChanged(static_cast<int>(m_sessions.size()));
    }
}

void WsServer::sweep()
{
    const qint64 now = monotonicMs();
    const qint64 idle = m_ctx.config->idleTimeoutMs;
    const bool flushSeen = now - m_lastSeenFlush >= LAST_SEEN_FLUSH_MS;
    if (flushSeen)
        m_lastSeenFlush = now;
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *s : sessions) {
        if (now - s->lastActivityMs() >= idle)
            s->closeSession(QStringLiteral("idle for %1 s").arg(idle / 1000.0));
        else if (flushSeen)
            s->flushLastSeen();
    }
}

} // namespace termdesk::ws
