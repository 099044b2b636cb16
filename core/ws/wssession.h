// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/terminalsession.h"
#include "ws/wsmessages.h"

#include <QJsonObject>
#include <QList>

class QWebSocket;

namespace termdesk::ws {

class WsCommandRunner;

/// @brief One WebSocket terminal: JSON frames to messages and back, the reg message, device
/// pushes, and the terminal's command queue (WsCommandRunner). The lifecycle (admission,
/// registry, last seen, closing) is net::TerminalSession's. Lives in the engine thread. Replies
/// to pushes that store data are sent only after the storage writer reports the commit.
class WsSession final : public net::TerminalSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsSession)
public:
    WsSession(QWebSocket *socket, const net::SessionContext &context, QObject *parent = nullptr);

    QString path() const { return m_path; }
    /// Commands may have been queued for this terminal (the poll): claims one if idle.
    void pokeCommands() override;

private:
    void closeTransport(const QString &reason) override;
    void admitted(const storage::RegisterResult &outcome, bool again) override;
    void refused(const QString &sn, const QString &reason) override;
    void registrationSettled() override;

    void onDisconnected();
    void handle(const QByteArray &utf8);
    void dispatch(DecodedMessage &&message);
    void handleReg(DecodedMessage &&message);
    void handleSendLog(DecodedMessage &&message);
    void handleSendUser(DecodedMessage &&message);
    void handleReply(const DecodedMessage &message, const QJsonObject &object);
    void replyNotRegistered(const QString &name);
    void send(const QJsonObject &reply);
    QString cloudTime() const;

    QWebSocket *m_socket;
    QString m_path;
    QList<DecodedMessage> m_held; ///< pushes that arrived while a reg was being decided
    WsCommandRunner *m_runner;    ///< child
};

} // namespace termdesk::ws
