// SPDX-License-Identifier: GPL-3.0-or-later
// A hand-driven TCP terminal for tests: frames are assembled here byte by byte from the
// contract (not with the product's codec); bodies use libprotobuf's generated classes.
#pragma once

#include "terminal.pb.h"

#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

struct RawFrame
{
    quint32 terminalId = 0;
    quint8 cmd = 0;
    quint8 source = 0;
    quint8 transfer = 0;
    quint32 time = 0;
    QByteArray body;
};

class TcpClient
{
public:
    bool open(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }

    static QByteArray frame(quint8 cmd, const QByteArray &body, quint8 transfer = 1, quint32 terminalId = 0x000102)
    {
        QByteArray f;
        f.append(char(0x78)).append(char(0x57));
        quint32 id = qToBigEndian(terminalId);
        f.append(reinterpret_cast<const char *>(&id), 4);
        f.append(char(cmd)).append(char(2) /* terminal */).append(char(transfer));
        quint32 t = qToBigEndian(quint32(0x12345678));
        f.append(reinterpret_cast<const char *>(&t), 4);
        quint16 len = qToBigEndian(quint16(body.size()));
        f.append(reinterpret_cast<const char *>(&len), 2);
        return f + body;
    }

    void send(quint8 cmd, const QByteArray &body = {}, quint8 transfer = 1)
    {
        socket.write(frame(cmd, body, transfer));
        socket.flush();
    }

    template <class Msg> void sendMsg(quint8 cmd, const Msg &m, quint8 transfer = 1)
    {
        std::string s;
        m.SerializeToString(&s);
        send(cmd, QByteArray(s.data(), qsizetype(s.size())), transfer);
    }

    /// Next frame from the server, or a frame with cmd 0 on timeout / disconnect.
    RawFrame next(int timeoutMs = 5000)
    {
        RawFrame f;
        const bool ok = QTest::qWaitFor(
            [&] {
                m_buffer += socket.readAll();
                if (m_buffer.size() < 15)
                    return socket.state() != QAbstractSocket::ConnectedState;
                const quint16 len = qFromBigEndian<quint16>(m_buffer.constData() + 13);
                return m_buffer.size() >= 15 + len;
            },
            timeoutMs);
        if (!ok || m_buffer.size() < 15)
            return f;
        const auto *d = reinterpret_cast<const uchar *>(m_buffer.constData());
        if (d[0] != 0x78 || d[1] != 0x57)
            return f;
        f.terminalId = qFromBigEndian<quint32>(d + 2);
        f.cmd = d[6];
        f.source = d[7];
        f.transfer = d[8];
        f.time = qFromBigEndian<quint32>(d + 9);
        const quint16 len = qFromBigEndian<quint16>(d + 13);
        if (m_buffer.size() < 15 + len)
            return RawFrame{};
        f.body = m_buffer.mid(15, len);
        m_buffer.remove(0, 15 + len);
        return f;
    }

    template <class Msg> static Msg parse(const RawFrame &f)
    {
        Msg m;
        m.ParseFromArray(f.body.constData(), int(f.body.size()));
        return m;
    }

    bool login(const QByteArray &code)
    {
        send(2, code);
        const RawFrame r = next();
        return r.cmd == 2 && parse<termdesk::tcp::v1::LoginReply>(r).accepted();
    }

    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [&] {
                m_buffer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

    QTcpSocket socket;

private:
    QByteArray m_buffer;
};
