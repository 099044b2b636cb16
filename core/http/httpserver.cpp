// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpserver.h"

#include "httpconnection.h"
#include "util/tlslistener.h"

#include <QTcpSocket>
#include <QTimer>

namespace termdesk::http {

HttpServer::HttpServer(HttpServerLimits limits, HttpHandler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler)), m_server(std::make_unique<QTcpServer>())
{
    connect(m_server.get(), &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

void HttpServer::setTls(const QSslConfiguration &configuration, int handshakeTimeoutMs)
{
    auto tls = std::make_unique<TlsListener>(configuration, handshakeTimeoutMs, QStringLiteral("REST API"));
    // Connections in their handshake and connections served share maxConnections.
    tls->setGate([this](int handshaking) { return m_connections + handshaking < m_limits.maxConnections; });
    m_tls = tls.get();
    // A TLS connection is handed over once encrypted (its newConnection comes earlier, raw).
    connect(m_tls, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
    m_server = std::move(tls);
}

int HttpServer::tlsHandshakes() const
{
    return m_tls ? m_tls->handshaking() : 0;
}

HttpServer::~HttpServer()
{
    close();
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_server->setMaxPendingConnections(m_limits.maxConnections + 8);
    if (m_server->listen(address, port))
        return true;
    if (error)
        *error = m_server->errorString();
    return false;
}

quint16 HttpServer::port() const
{
    return m_server->isListening() ? m_server->serverPort() : 0;
}

void HttpServer::close()
{
    m_server->close();
    for (HttpConnection *c : findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly)) {
        c->abort();
        delete c;
    }
    m_connections = 0;
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections + tlsHandshakes() >= m_limits.maxConnections) {
            socket->setParent(this);
            socket->write(
                HttpResponse::error(
                    503, QStringLiteral("too many connections (%1): try again later").arg(m_limits.maxConnections))
                    .serialize(false));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(m_limits.requestTimeoutMs, socket, [socket] { socket->abort(); });
            Q_EMIT connectionRefused();
            continue;
        }
        ++m_connections;
        auto *connection = new HttpConnection(socket, *this, this);
        connect(connection, &HttpConnection::finished, this, [this] { --m_connections; });
    }
}

} // namespace termdesk::http
