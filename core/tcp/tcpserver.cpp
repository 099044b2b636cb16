// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpserver.h"

#include "settings/engineconfig.h"
#include "tcpsession.h"
#include "util/clock.h"
#include "util/logging.h"

#include <QTcpSocket>

namespace termdesk::tcp {

TcpServer::TcpServer(const net::SessionContext &context, QObject *parent) : QObject(parent), m_ctx(context)
{
    m_server.setListenBacklogSize(m_ctx.config->listenBacklog);
    m_server.setMaxPendingConnections(1000);
    connect(&m_server, &QTcpServer::newConnection, this, &TcpServer::onNewConnection);
    m_sweep.setInterval(std::clamp(m_ctx.config->idleTimeoutMs / 4, 50, 5000));
    connect(&m_sweep, &QTimer::timeout, this, &TcpServer::sweep);
}

TcpServer::~TcpServer()
{
    stopListening();
}

bool TcpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server.listen(address, port)) {
        if (error)
            *error = m_server.serverError() == QAbstractSocket::AddressInUseError
                         ? QStringLiteral("address already in use")
                         : m_server.errorString();
        return false;
    }
    m_sweep.start();
    qCInfo(lcNet) << "TCP server listening on" << address.toString() << "port" << m_server.serverPort();
    return true;
}

void TcpServer::stopListening()
{
    if (m_server.isListening())
        m_server.close();
}

void TcpServer::closeAll(const QString &reason)
{
    const QSet<TcpSession *> sessions = m_sessions;
    for (TcpSession *s : sessions)
        s->closeSession(reason);
}

void TcpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_sessions.size() >= m_ctx.config->maxConnections) {
            qCWarning(lcNet) << "TCP connection cap" << m_ctx.config->maxConnections << "reached; refusing"
                             << socket->peerAddress().toString();
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *session = new TcpSession(socket, m_ctx, this);
        m_sessions.insert(session);
        connect(session, &net::TerminalSession::closed, this,
                [this](net::TerminalSession *s) { m_sessions.remove(static_cast<TcpSession *>(s)); });
    }
}

void TcpServer::sweep()
{
    const qint64 now = monotonicMs();
    const qint64 idle = m_ctx.config->idleTimeoutMs;
    const QSet<TcpSession *> sessions = m_sessions;
    for (TcpSession *s : sessions) {
        if (now - s->lastActivityMs() >= idle)
            s->closeSession(QStringLiteral("idle for %1 s").arg(idle / 1000.0));
    }
}

} // namespace termdesk::tcp
