// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

namespace termdesk::tcp {

class TcpSession;

/// @brief The TCP binary-protocol listener: backlog 1024, connection cap, idle sweep, one
/// TcpSession per connection.
class TcpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpServer)
public:
    TcpServer(const net::SessionContext &context, QObject *parent = nullptr);
    ~TcpServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_server.serverPort(); }
    void stopListening();
    void closeAll(const QString &reason);
    int connectionCount() const { return static_cast<int>(m_sessions.size()); }

private:
    void onNewConnection();
    void sweep();

    net::SessionContext m_ctx;
    QTcpServer m_server;
    QSet<TcpSession *> m_sessions;
    QTimer m_sweep;
};

} // namespace termdesk::tcp
