// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "framecodec.h"
#include "net/sessioncontext.h"
#include "net/terminalsession.h"
#include "storage/writejob.h"

#include <QJsonObject>
#include <QTimer>

#include <optional>

class QTcpSocket;

namespace termdesk::tcp {

struct TcpReadResponse;
struct TcpWriteResponse;

/// @brief One connected TCP binary-protocol terminal (docs/protocol-tcp.md): login with its
/// code (same admission as WebSocket), heartbeats, reports acknowledged only after commit,
/// server time, registry address, and the durable command queue served one request at a
/// time right after a heartbeat (the terminal may sleep otherwise).
class TcpSession final : public net::TerminalSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpSession)
public:
    TcpSession(QTcpSocket *socket, const net::SessionContext &context, QObject *parent = nullptr);
    ~TcpSession() override;

    QString terminalKey() const override { return m_loggedIn ? m_code : QString(); }
    Protocol protocol() const override { return Protocol::Tcp; }
    QString peerDescription() const override { return m_peer; }
    qint64 lastActivityMs() const override { return m_lastActivity; }
    void closeSession(const QString &reason) override;

private:
    struct InFlight
    {
        storage::CommandRow command;
        QJsonObject payload;
        quint32 sequence = 0;
        Cmd cmd = Cmd::ServerRead;
        quint32 offset = 0;
        int pages = 0;
        qint64 users = 0;
        qint64 punches = 0;
        qint64 firstPageMs = 0; ///< when the first page was asked (a complete user list forgets older presence)
        bool status = false;
    };

    void onReadyRead();
    void onDisconnected();
    void handleFrame(const Frame &frame);
    void onLogin(const Frame &frame);
    void onLogout();
    void onHeartbeat();
    void onReport(const Frame &frame);
    void onReadResponse(const Frame &frame);
    void onWriteResponse(const Frame &frame);
    void refuseNotLoggedIn();
    void protocolError(const QString &why, const QByteArray &firstBytes);
    void send(Cmd cmd, TransferType transfer, const QByteArray &body);
    void closeAfterWrite();

    void claimNextCommand();
    void sendCommand(const storage::CommandRow &row);
    bool sendReadPage();
    void finishCommand(const QString &state, const QString &reason);
    void onRequestTimeout();

    QTcpSocket *m_socket;
    net::SessionContext m_ctx;
    FrameDecoder m_decoder;
    QString m_peer;
    QString m_code;
    quint32 m_peerTerminalId = 0;
    qint64 m_terminalId = 0;
    std::optional<int> m_utcOffsetMin;
    bool m_loggedIn = false;
    bool m_loggingIn = false;
    bool m_closing = false;
    bool m_claiming = false;
    qint64 m_lastActivity = 0;
    quint32 m_nextSequence = 1;
    std::optional<InFlight> m_inFlight;
    QTimer m_requestTimer;
};

} // namespace termdesk::tcp
