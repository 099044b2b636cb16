// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/terminalserver.h"

#include <QWebSocketServer>

#include <memory>
#include <vector>

namespace termdesk::net {
class ConnectionSet;
}

namespace termdesk::ws {

/// @brief The WebSocket+JSON listener: accepts upgrades on any path and makes a WsSession per
/// connection. The cap, the handshake deadline and the idle sweep are the engine's
/// net::ConnectionSet.
///
/// Accept is sharded: our own listener (the net::TerminalServer) hands each connection
/// round robin to one of SHARDS non-listening QWebSocketServers (handleConnection()), which read
/// the upgrade request. Qt 6.4's QWebSocketServer keeps one sender entry per live connection and
/// walks that list on every handshake (quadratic in the number of terminals,
/// docs/performance.md); each shard holds 1/SHARDS of them. handleConnection() starts no
/// handshake timer, so the deadline is the connection set's: one timer for every pending
/// handshake, no per-connection timers.
///
/// Given a TLS configuration it is the `wss://` listener: the connection arrives encrypted (the
/// TLS handshake is the net::TerminalServer's QSslServer's) and takes the same path from there, to
/// the same WsSession.
class WsServer final : public net::TerminalServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsServer)
public:
    WsServer(const net::SessionContext &context, net::ConnectionSet *connections, QObject *parent = nullptr,
             std::optional<QSslConfiguration> tls = std::nullopt);
    ~WsServer() override;

private:
    void accept(QTcpSocket *socket);
    void onUpgraded(QWebSocketServer *shard);

    static constexpr int SHARDS = 64;

    net::SessionContext m_ctx;
    net::ConnectionSet *m_connections;
    std::vector<std::unique_ptr<QWebSocketServer>> m_shards;
    size_t m_nextShard = 0;
};

} // namespace termdesk::ws
