// SPDX-License-Identifier: GPL-3.0-or-later
#include "faketcpserver.h"

#include <QDateTime>
#include <QTcpSocket>

namespace v1 = termdesk::tcp::v1;

namespace {

quint16 be16(const char *p)
{
    return quint16((quint8(p[0]) << 8) | quint8(p[1]));
}

quint32 be32(const char *p)
{
    return (quint32(quint8(p[0])) << 24) | (quint32(quint8(p[1])) << 16) | (quint32(quint8(p[2])) << 8) |
           quint32(quint8(p[3]));
}

QByteArray bytesOf(const google::protobuf::MessageLite &m)
{
    const std::string s = m.SerializeAsString();
    return QByteArray(s.data(), qsizetype(s.size()));
}

template <typename M> std::optional<M> parsed(const QByteArray &body)
{
    M m;
    if (!m.ParseFromArray(body.constData(), int(body.size())))
        return std::nullopt;
    return m;
}

} // namespace

FakeTcpServer::FakeTcpServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            s->setParent(this);
            const int index = int(connections.size());
            Connection c;
            c.socket = s;
            connections.append(c);
            connect(s, &QTcpSocket::readyRead, this, [this, index] { onReadyRead(index); });
            connect(s, &QTcpSocket::disconnected, this, [this, index, s] {
                if (connections[index].socket == s) {
                    connections[index].closedByPeer = true;
                    connections[index].socket = nullptr;
                }
                s->deleteLater();
            });
        }
    });
}

FakeTcpServer::~FakeTcpServer()
{
    m_server.close();
}

bool FakeTcpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QByteArray FakeTcpServer::header(quint32 terminalId, quint8 cmd, quint8 source, quint8 transferType, quint32 time,
                                 quint16 bodyLength)
{
    QByteArray h;
    h.append(char(0x78)).append(char(0x57));
    for (int shift = 24; shift >= 0; shift -= 8)
        h.append(char((terminalId >> shift) & 0xff));
    h.append(char(cmd)).append(char(source)).append(char(transferType));
    for (int shift = 24; shift >= 0; shift -= 8)
        h.append(char((time >> shift) & 0xff));
    h.append(char(bodyLength >> 8)).append(char(bodyLength & 0xff));
    return h;
}

void FakeTcpServer::onReadyRead(int index)
{
    Connection &c = connections[index];
    if (!c.socket)
        return;
    const QByteArray chunk = c.socket->readAll();
    ++c.reads;
    c.received += chunk;
    if (c.malformed)
        return;
    c.buffer += chunk;
    while (connections[index].buffer.size() >= HEADER && !connections[index].malformed) {
        Connection &cc = connections[index];
        const char *p = cc.buffer.constData();
        Frame f;
        f.connection = index;
        f.magic = be16(p);
        f.terminalId = be32(p + 2);
        f.cmd = quint8(p[6]);
        f.source = quint8(p[7]);
        f.transferType = quint8(p[8]);
        f.terminalTime = be32(p + 9);
        f.bodyLength = be16(p + 13);
        if (f.magic != 0x7857 || f.source != 2 || f.transferType < 1 || f.transferType > 2 || f.cmd < 1 || f.cmd > 9) {
            cc.malformed = true; // a protocol error: answer nothing, close, no resync
            close(index);
            break;
        }
        if (cc.buffer.size() < HEADER + f.bodyLength)
            break;
        f.raw = cc.buffer.left(HEADER + f.bodyLength);
        f.body = f.raw.mid(HEADER);
        cc.buffer.remove(0, HEADER + f.bodyLength);
        handle(index, f);
    }
    Q_EMIT frameReceived();
}

void FakeTcpServer::handle(int index, const Frame &f)
{
    frames.append(f);
    Event e{false, index, f.cmd, f.transferType, -1};
    if (f.cmd == 6 && f.transferType == 1) {
        if (const auto r = parsed<v1::Report>(f.body))
            e.sequence = r->sequence();
    } else if (f.cmd == 4 && f.transferType == 2) {
        if (const auto r = parsed<v1::ReadResponse>(f.body))
            e.sequence = r->sequence();
    } else if (f.cmd == 5 && f.transferType == 2) {
        if (const auto r = parsed<v1::WriteResponse>(f.body))
            e.sequence = r->sequence();
    }
    events.append(e);

    Connection &c = connections[index];
    const bool request = f.transferType == 1;
    if (request && (f.cmd == 3 || f.cmd == 6 || f.cmd == 7) && !c.loggedIn) {
        v1::LoginReply reply;
        reply.set_accepted(false);
        reply.set_reason("not logged in");
        send(index, 2, 2, bytesOf(reply));
        close(index);
        return;
    }
    switch (f.cmd) {
    case 1: // heartbeat
        if (request) {
            v1::Ack ack;
            ack.set_sequence(0);
            send(index, 9, 2, bytesOf(ack), 0);
            if (!c.awaitingResponse)
                sendNextRequest(index);
        }
        return;
    case 2: // login
        if (request && autoLogin) {
            bool accept = true;
            if (!loginResults.empty()) {
                accept = loginResults.front();
                loginResults.pop_front();
            }
            v1::LoginReply reply;
            reply.set_accepted(accept);
            if (!accept)
                reply.set_reason(refuseReason.toStdString());
            reply.set_terminal_id(assignedTerminalId);
            reply.set_server_time_ms(serverTimeMs);
            connections[index].loggedIn = accept;
            send(index, 2, 2, bytesOf(reply));
        }
        return;
    case 3: // logout
        if (request) {
            v1::Ack ack;
            ack.set_sequence(0);
            send(index, 9, 2, bytesOf(ack), 0);
            if (closeAfterLogout)
                close(index);
        }
        return;
    case 4:
    case 5: // the terminal's response to our request
        if (!request) {
            c.awaitingResponse = false;
            sendNextRequest(index);
        }
        return;
    case 6:
        if (request) {
            const auto report = parsed<v1::Report>(f.body);
            if (!report) {
                close(index);
                return;
            }
            if (closeInsteadOfAck > 0) {
                --closeInsteadOfAck;
                close(index);
            } else if (autoAck) {
                ackReport(report->sequence(), index);
            }
        }
        return;
    case 7:
        if (request) {
            v1::ServerTime t;
            t.set_epoch_ms(serverTimeMs);
            send(index, 7, 2, bytesOf(t));
        }
        return;
    case 8:
        if (request) {
            v1::ServerAddress a;
            a.set_address(registryAddress.toStdString());
            send(index, 8, 2, bytesOf(a));
        }
        return;
    default:
        return;
    }
}

void FakeTcpServer::send(int index, quint8 cmd, quint8 transferType, const QByteArray &body, qint64 sequence)
{
    QTcpSocket *s = connections[index].socket;
    if (!s)
        return;
    const quint32 now = quint32((QDateTime::currentMSecsSinceEpoch() - EPOCH_2020_MS) / 1000);
    s->write(header(0, cmd, 1, transferType, now, quint16(body.size())) + body);
    events.append(Event{true, index, cmd, transferType, sequence});
}

void FakeTcpServer::queueRead(const v1::ReadRequest &request)
{
    m_queue.emplace_back(quint8(4), bytesOf(request));
}

void FakeTcpServer::queueWrite(const v1::WriteRequest &request)
{
    m_queue.emplace_back(quint8(5), bytesOf(request));
}

void FakeTcpServer::sendNextRequest(int index)
{
    if (m_queue.empty() || !connections[index].socket)
        return;
    const auto [cmd, body] = m_queue.front();
    m_queue.pop_front();
    qint64 sequence = -1;
    if (cmd == 4)
        sequence = parsed<v1::ReadRequest>(body)->sequence();
    else
        sequence = parsed<v1::WriteRequest>(body)->sequence();
    connections[index].awaitingResponse = true;
    send(index, cmd, 1, body, sequence);
}

int FakeTcpServer::newest() const
{
    for (qsizetype i = connections.size() - 1; i >= 0; --i) {
        if (connections.at(i).socket)
            return int(i);
    }
    return -1;
}

void FakeTcpServer::readNow(const v1::ReadRequest &request)
{
    if (const int index = newest(); index >= 0)
        send(index, 4, 1, bytesOf(request), request.sequence());
}

void FakeTcpServer::ackReport(quint32 sequence, int index)
{
    if (index < 0)
        index = newest();
    if (index < 0)
        return;
    v1::Ack ack;
    ack.set_sequence(qint32(sequence));
    send(index, 6, 2, bytesOf(ack), sequence);
}

void FakeTcpServer::close(int index)
{
    if (QTcpSocket *s = connections[index].socket)
        s->disconnectFromHost();
}

void FakeTcpServer::closeAll()
{
    for (qsizetype i = 0; i < connections.size(); ++i)
        close(int(i));
}

QList<FakeTcpServer::Frame> FakeTcpServer::withCmd(quint8 cmd, quint8 transferType) const
{
    QList<Frame> out;
    for (const Frame &f : frames) {
        if (f.cmd == cmd && f.transferType == transferType)
            out.append(f);
    }
    return out;
}

QList<v1::Report> FakeTcpServer::reports() const
{
    QList<v1::Report> out;
    for (const Frame &f : withCmd(6, 1)) {
        if (const auto r = parsed<v1::Report>(f.body))
            out.append(*r);
    }
    return out;
}

QList<v1::ReadResponse> FakeTcpServer::readResponses() const
{
    QList<v1::ReadResponse> out;
    for (const Frame &f : withCmd(4, 2)) {
        if (const auto r = parsed<v1::ReadResponse>(f.body))
            out.append(*r);
    }
    return out;
}

QList<v1::WriteResponse> FakeTcpServer::writeResponses() const
{
    QList<v1::WriteResponse> out;
    for (const Frame &f : withCmd(5, 2)) {
        if (const auto r = parsed<v1::WriteResponse>(f.body))
            out.append(*r);
    }
    return out;
}

qsizetype FakeTcpServer::malformedConnections() const
{
    qsizetype n = 0;
    for (const Connection &c : connections)
        n += c.malformed ? 1 : 0;
    return n;
}

qsizetype FakeTcpServer::liveConnections() const
{
    qsizetype n = 0;
    for (const Connection &c : connections)
        n += c.socket ? 1 : 0;
    return n;
}
