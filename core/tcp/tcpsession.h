// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/terminalsession.h"
#include "tcp/framecodec.h"
#include "tcpcommandrunner.h"

class QTcpSocket;

namespace termdesk::tcp {

/// @brief One connected TCP binary-protocol terminal (docs/protocol-tcp.md): frames to messages
/// and back — login with its code, heartbeats, reports acknowledged only after commit, server
/// time, registry address — and the terminal's command queue (TcpCommandRunner), served right
/// after heartbeats. The lifecycle (admission, registry, last seen, closing) is
/// net::TerminalSession's. Lives in the engine thread.
class TcpSession final : public net::TerminalSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpSession)
public:
    TcpSession(QTcpSocket *socket, const net::SessionContext &context, QObject *parent = nullptr);

private:
    void closeTransport(const QString &reason) override;
    void admitted(const storage::RegisterResult &outcome, bool again) override;
    void refused(const QString &sn, const QString &reason) override;

    void onReadyRead();
    void onDisconnected();
    void handleFrame(const Frame &frame);
    void onResponse(Cmd cmd, const QByteArray &body);
    void onLogin(quint32 terminalTime, const QByteArray &body);
    void onReport(const QByteArray &body);
    void refuseLogin(const QString &reason);
    void protocolError(const QString &why, const QByteArray &firstBytes);
    void send(Cmd cmd, TransferType transfer, const QByteArray &body);

    QTcpSocket *m_socket;
    FrameDecoder m_decoder;
    quint32 m_peerTerminalId = 0;
    TcpCommandRunner *m_runner; ///< child
};

} // namespace termdesk::tcp
