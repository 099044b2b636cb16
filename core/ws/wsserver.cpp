// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsserver.h"

#include "net/connectionset.h"
#include "settings/engineconfig.h"
#include "util/logging.h"
#include "util/peeraddress.h"
#include "wssession.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <cstring>

namespace termdesk::ws {
namespace {

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

WsServer::WsServer(const net::SessionContext &context, net::ConnectionSet *connections, QObject *parent,
                   std::optional<QSslConfiguration> tls)
    : net::TerminalServer(
          Protocol::WebSocket, context, [this](QTcpSocket *socket) { accept(socket); }, parent, std::move(tls)),
      m_ctx(context), m_connections(connections)
{
    // wss: a connection in its TLS handshake holds a slot of network/maxConnections.
    setHandshakeGate([this](int handshaking) { return m_connections->roomForTlsHandshake(handshaking); });
    m_shards.reserve(SHARDS);
    for (int i = 0; i < SHARDS; ++i) {
        auto shard = std::make_unique<QWebSocketServer>(QStringLiteral("TermDesk"), QWebSocketServer::NonSecureMode);
        shard->setMaxPendingConnections(1000);
        QWebSocketServer *raw = shard.get();
        connect(raw, &QWebSocketServer::newConnection, this, [this, raw] { onUpgraded(raw); });
        m_shards.push_back(std::move(shard));
    }
}

WsServer::~WsServer() = default;

void WsServer::accept(QTcpSocket *socket)
{
    // Not from an allowed network: closed before its upgrade request is read (wss: once its TLS
    // handshake is done, which is when the listener hands it over).
    if (!m_connections->allowedFrom(Protocol::WebSocket, net::peerText(socket->peerAddress(), socket->peerPort()))) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    QWebSocketServer *shard = m_shards[m_nextShard++ % m_shards.size()].get();
    socket->setParent(shard); // as in QWebSocketServer's own accept: the server that upgrades it owns it
    m_connections->expectHandshake(
        connectionKey(socket->peerAddress(), socket->peerPort(), socket->localAddress(), socket->localPort()), socket);
    shard->handleConnection(socket);
}

void WsServer::onUpgraded(QWebSocketServer *shard)
{
    while (shard->hasPendingConnections()) {
        QWebSocket *socket = shard->nextPendingConnection();
        if (!socket)
            break;
        m_connections->handshakeDone(
            connectionKey(socket->peerAddress(), socket->peerPort(), socket->localAddress(), socket->localPort()));
        if (!m_connections->admit(Protocol::WebSocket, net::peerText(socket->peerAddress(), socket->peerPort()))) {
            // The close frame needs the socket until the peer answers it (bounded by the
            // handshake deadline): deleted at once, the peer would see the connection drop (1006).
            socket->setParent(this);
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(m_ctx.config->handshakeTimeoutMs, socket, &QObject::deleteLater);
            socket->close(static_cast<QWebSocketProtocol::CloseCode>(1013) /* try again later */,
                          QStringLiteral("server full"));
            continue;
        }
        m_connections->add(new WsSession(socket, m_ctx, m_connections));
    }
}

} // namespace termdesk::ws
