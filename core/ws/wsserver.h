// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <QWebSocketServer>

#include <memory>
#include <vector>

namespace termdesk::ws {

class WsSession;

/// @brief The WebSocket+JSON listener: accepts upgrades on any path, applies the connection
/// cap, the handshake timeout and the idle timeout (our sweeps), and makes a WsSession per
/// connection. Once a second it polls the command queue for rows that another process (the
/// CLI) added, and pokes only the sessions of those terminals.
///
/// Accept is sharded: our own QTcpServer accepts (with a deep backlog) and hands each
/// connection round robin to one of SHARDS non-listening QWebSocketServers
/// (handleConnection()), which read the upgrade request. Qt 6.4's QWebSocketServer keeps one
/// sender entry per live connection and walks that list on every handshake (quadratic in the
/// number of terminals, docs/performance.md); each shard holds 1/SHARDS of them.
/// handleConnection() starts no handshake timer, so the deadline is ours: one timer for every
/// pending handshake, no per-connection timers.
class WsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsServer)
public:
    WsServer(const net::SessionContext &context, QObject *parent = nullptr);
    ~WsServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener.serverPort(); }
    bool isListening() const { return m_listener.isListening(); }
    void stopListening();
    void closeAll(const QString &reason);
    int connectionCount() const { return static_cast<int>(m_sessions.size()); }

Q_SIGNALS:
    void connectionCountChanged(int count);

private:
    void onAccepted();
    void onUpgraded(QWebSocketServer *shard);
    void expireHandshakes();
    void sweep();
    void pollCommands();

    static constexpr int SHARDS = 64;

    struct PendingHandshake
    {
        QPointer<QTcpSocket> socket; ///< null once Qt deleted it (peer gone, request refused)
        qint64 deadlineMs;
    };

    net::SessionContext m_ctx;
    QTcpServer m_listener;
    std::vector<std::unique_ptr<QWebSocketServer>> m_shards;
    size_t m_nextShard = 0;
    QHash<QByteArray, PendingHandshake> m_handshakes; ///< by connection addresses, until upgraded
    QTimer m_handshakeCheck;
    QSet<WsSession *> m_sessions;
    QTimer m_sweep;
    qint64 m_lastSeenFlush = 0;
    QTimer m_commandPoll;
    qint64 m_lastCommandId = -1; ///< newest command row seen by the poll; -1 before the first
    bool m_polling = false;
};

} // namespace termdesk::ws
