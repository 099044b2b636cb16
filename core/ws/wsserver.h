// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

namespace termdesk::ws {

class WsSession;

/// @brief The WebSocket+JSON listener: accepts upgrades on any path, applies the connection
/// cap, the handshake timeout (QWebSocketServer's) and the idle timeout (our sweep), and
/// makes a WsSession per connection. Once a second it polls the command queue for rows that
/// another process (the CLI) added, and pokes only the sessions of those terminals.
class WsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsServer)
public:
    WsServer(const net::SessionContext &context, QObject *parent = nullptr);
    ~WsServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_server.serverPort(); }
    bool isListening() const { return m_server.isListening(); }
    void stopListening();
    void closeAll(const QString &reason);
    int connectionCount() const { return static_cast<int>(m_sessions.size()); }

Q_SIGNALS:
    void connectionCountChanged(int count);

private:
    void onNewConnection();
    void sweep();
    void pollCommands();

    net::SessionContext m_ctx;
    QWebSocketServer m_server;
    QSet<WsSession *> m_sessions;
    QTimer m_sweep;
    qint64 m_lastSeenFlush = 0;
    QTimer m_commandPoll;
    qint64 m_lastCommandId = -1; ///< newest command row seen by the poll; -1 before the first
    bool m_polling = false;
};

} // namespace termdesk::ws
