// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsserver.h"

#include "net/listensocket.h"
#include "net/terminalregistry.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/clock.h"
#include "util/logging.h"
#include "wssession.h"

#include <QPointer>
#include <QWebSocket>

namespace termdesk::ws {
namespace {
constexpr qint64 LAST_SEEN_FLUSH_MS = 30'000;
}

WsServer::WsServer(const net::SessionContext &context, QObject *parent)
    : QObject(parent), m_ctx(context), m_server(QStringLiteral("TermDesk"), QWebSocketServer::NonSecureMode)
{
    m_server.setHandshakeTimeout(std::chrono::milliseconds(m_ctx.config->handshakeTimeoutMs));
    m_server.setMaxPendingConnections(1000);
    connect(&m_server, &QWebSocketServer::newConnection, this, &WsServer::onNewConnection);
    connect(&m_server, &QWebSocketServer::acceptError, this,
            [](QAbstractSocket::SocketError e) { qCWarning(lcNet) << "WebSocket accept error" << e; });
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
    bool unsupported = false;
    QString why;
    const qintptr fd = net::createListeningSocket(address, port, m_ctx.config->listenBacklog, &why, &unsupported);
    bool ok = false;
    if (fd >= 0) {
        ok = m_server.setSocketDescriptor(fd);
        if (!ok) {
            why = m_server.errorString();
            net::closeSocketDescriptor(fd);
        }
    } else if (unsupported) {
        ok = m_server.listen(address, port);
        if (!ok)
            why = m_server.errorString();
    }
    if (!ok) {
        if (error)
            *error = why;
        return false;
    }
    m_sweep.start();
    m_commandPoll.start();
    pollCommands(); // learns the newest command id: later rows are the new ones
    qCInfo(lcNet) << "WebSocket server listening on" << address.toString() << "port" << m_server.serverPort();
    return true;
}

void WsServer::stopListening()
{
    m_commandPoll.stop();
    if (m_server.isListening())
        m_server.close();
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
                          [self](const storage::WriteResult &r) {
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

void WsServer::onNewConnection()
{
    while (m_server.hasPendingConnections()) {
        QWebSocket *socket = m_server.nextPendingConnection();
        if (!socket)
            break;
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
