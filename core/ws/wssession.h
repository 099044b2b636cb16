// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"
#include "net/terminalsession.h"
#include "wsmessages.h"

#include <QJsonObject>
#include <QList>

#include <optional>

class QWebSocket;

namespace termdesk::ws {

class WsCommandRunner;

/// @brief One WebSocket terminal: registration state machine, device pushes, and the
/// terminal's command queue (WsCommandRunner: one server command in flight, its replies).
/// Lives in the engine thread. Replies to pushes that store data are sent only after the
/// storage writer reports the commit.
class WsSession final : public net::TerminalSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsSession)
public:
    WsSession(QWebSocket *socket, const net::SessionContext &context, QObject *parent = nullptr);
    ~WsSession() override;

    QString terminalKey() const override { return m_registered ? m_sn : QString(); }
    Protocol protocol() const override { return Protocol::WebSocket; }
    QString peerDescription() const override { return m_peer; }
    qint64 lastActivityMs() const override { return m_lastActivity; }
    void closeSession(const QString &reason) override;

    bool isRegistered() const { return m_registered; }
    QString path() const { return m_path; }
    /// Writes last-seen if frames arrived since the last call (called by the idle sweep).
    void flushLastSeen();
    /// Commands may have been queued for this terminal (the server's poll): claim one if idle.
    void pokeCommands();
    bool hasCommandInFlight() const;

private:
    void onText(const QString &text);
    void onBinary(const QByteArray &bytes);
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
    net::SessionContext m_ctx;
    QString m_peer;
    QString m_path;
    QString m_sn;
    qint64 m_terminalId = 0;
    std::optional<int> m_utcOffsetMin;
    bool m_registered = false;
    int m_registrationsInFlight = 0;
    QList<DecodedMessage> m_held; ///< pushes that arrived while a reg was being decided
    qint64 m_lastActivity = 0;
    qint64 m_lastSeenWall = 0;
    bool m_seenDirty = false;
    bool m_closing = false;
    WsCommandRunner *m_commands; ///< child
};

} // namespace termdesk::ws
