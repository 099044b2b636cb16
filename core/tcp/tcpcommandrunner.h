// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/commandrunner.h"
#include "tcp/framecodec.h"
#include "tcp/tcpcommandcodec.h"

#include <QByteArrayView>

#include <functional>
#include <optional>

namespace termdesk::tcp {

/// @brief The commands of one TCP terminal (docs/protocol-tcp.md): served one request at a time
/// right after a heartbeat (the terminal may sleep otherwise) and right after the answer to the
/// previous one; reads are paged while the terminal says there is more; what the answers bring
/// is stored before the row is done. The queue's lifecycle (claim, finish, re-queue on
/// disconnect, the request timeout) is net::CommandRunner's. Owned by its TcpSession.
class TcpCommandRunner final : public net::CommandRunner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpCommandRunner)
public:
    /// Sends one request frame to the terminal.
    using Sender = std::function<void(Cmd cmd, const QByteArray &body)>;
    /// What became of an answer's body.
    enum class Answer { Taken, Unmatched, Malformed };

    TcpCommandRunner(const net::SessionContext &context, Sender send, QObject *parent = nullptr);
    ~TcpCommandRunner() override;

    /// The terminal logged in: nothing is sent before its next heartbeat.
    void start(const QString &code, qint64 terminalId, std::optional<int> utcOffsetMin);
    /// The terminal is awake (a heartbeat): claims the next command if none is in flight.
    void poke();
    /// A ReadResponse / WriteResponse body. Malformed: not protobuf (a protocol error).
    Answer onReadResponse(QByteArrayView body);
    Answer onWriteResponse(QByteArrayView body);

private:
    struct Reading
    {
        commands::ReadPlan plan;
        quint32 offset = 0;
        int pages = 0;
        qint64 users = 0;
        qint64 punches = 0;
        qint64 firstPageMs = 0; ///< when the first page was asked (a complete user list forgets older presence)
        bool status = false;
    };

    void sendCommand(const storage::CommandRow &row) override;
    void finished(CommandState state) override;
    void replyTimedOut() override;
    void forgetInFlight() override;
    QJsonObject progress() const override;

    void sendRead(const QJsonObject &payload);
    void sendWrite(const storage::CommandRow &row, const QJsonObject &payload);
    void sendReadPage();

    Sender m_send;
    quint32 m_nextSequence = 1;
    quint32 m_sequence = 0;           ///< of the request in flight
    Cmd m_cmd = Cmd::ServerRead;      ///< of the request in flight
    std::optional<Reading> m_reading; ///< a tcp.read in flight
};

} // namespace termdesk::tcp
