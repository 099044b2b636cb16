// SPDX-License-Identifier: GPL-3.0-or-later
// A TCP binary-protocol server for simulator tests that the test drives. Its frame code is written here from
// docs/protocol-tcp.md, independently of sim/ and core/ (protobuf only for the bodies). It records every
// frame and every byte chunk, answers login, heartbeat, logout, report, time and registry requests as told, and
// sends queued read/write requests right after a heartbeat, one at a time. Listens on 127.0.0.1, port 0.
#pragma once

#include "terminal.pb.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <deque>
#include <optional>

class QTcpSocket;

class FakeTcpServer final : public QObject
{
    Q_OBJECT
public:
    static constexpr int HEADER = 15;
    static constexpr qint64 EPOCH_2020_MS = 1577836800000LL;

    struct Frame
    {
        int connection = -1; // index into connection order, 0-based
        QByteArray raw;      // header + body, as received
        quint16 magic = 0;
        quint32 terminalId = 0;
        quint8 cmd = 0;
        quint8 source = 0;
        quint8 transferType = 0;
        quint32 terminalTime = 0;
        quint16 bodyLength = 0;
        QByteArray body;
    };
    /// Everything in wire order, both ways: what the terminal sent and what this server answered.
    struct Event
    {
        bool fromServer = false;
        int connection = -1;
        quint8 cmd = 0;
        quint8 transferType = 0;
        qint64 sequence = -1; // of a Report / Ack / Read / Write body; -1 none
    };
    struct Connection
    {
        QTcpSocket *socket = nullptr; // null once gone
        QByteArray buffer;
        QByteArray received; // every byte
        int reads = 0;       // readyRead chunks
        bool loggedIn = false;
        bool malformed = false; // closed by us for a bad frame
        bool closedByPeer = false;
        bool awaitingResponse = false; // a read/write request is out
    };

    explicit FakeTcpServer(QObject *parent = nullptr);
    ~FakeTcpServer() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    // Policies for the automatic replies.
    bool autoLogin = true;
    std::deque<bool> loginResults; ///< per login, front first; empty = accept
    QString refuseReason = QStringLiteral("unknown terminal");
    quint32 assignedTerminalId = 0; ///< LoginReply.terminal_id
    bool autoAck = true;
    int closeInsteadOfAck = 0; ///< close the connection instead of acking this many reports
    bool closeAfterLogout = true;
    qint64 serverTimeMs = 1750000000000LL;
    QString registryAddress = QStringLiteral("10.1.2.3:7789");

    /// Server requests, sent after the next heartbeat (cmd 4 ReadRequest or cmd 5 WriteRequest).
    void queueRead(const termdesk::tcp::v1::ReadRequest &request);
    void queueWrite(const termdesk::tcp::v1::WriteRequest &request);
    qsizetype queuedRequests() const { return qsizetype(m_queue.size()); }

    QList<Frame> frames;
    QList<Event> events;
    QList<Connection> connections;

    QList<Frame> withCmd(quint8 cmd, quint8 transferType = 1) const;
    QList<termdesk::tcp::v1::Report> reports() const;
    QList<termdesk::tcp::v1::ReadResponse> readResponses() const;
    QList<termdesk::tcp::v1::WriteResponse> writeResponses() const;
    qsizetype malformedConnections() const;
    qsizetype liveConnections() const;

    void ackReport(quint32 sequence, int connection = -1);       ///< -1: the newest live connection
    void readNow(const termdesk::tcp::v1::ReadRequest &request); ///< to the newest connection, no heartbeat needed
    int newest() const;                                          ///< the newest live connection, -1 = none
    void closeAll();

    static QByteArray header(quint32 terminalId, quint8 cmd, quint8 source, quint8 transferType, quint32 time,
                             quint16 bodyLength);

Q_SIGNALS:
    void frameReceived();

private:
    void onReadyRead(int connection);
    void handle(int connection, const Frame &frame);
    void send(int connection, quint8 cmd, quint8 transferType, const QByteArray &body, qint64 sequence = -1);
    void sendNextRequest(int connection);
    void close(int connection);

    QTcpServer m_server;
    std::deque<std::pair<quint8, QByteArray>> m_queue;
};
