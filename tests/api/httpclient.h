// SPDX-License-Identifier: GPL-3.0-or-later
// A hand-driven HTTP/1.1 client for the REST API's tests: writes exactly the bytes a test gives (a
// slow, oversized or malformed request too) on a real socket and reads the answers as RFC 9112 frames
// them. Independent of core/http on purpose. Waits with QTest::qWaitFor: the event loop keeps running,
// so an Engine in the test's thread goes on serving its terminals meanwhile.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTest>

struct HttpReply
{
    int status = 0; ///< 0: no (whole) answer came
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorMessage() const
    {
        return json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    }
};

class HttpClient
{
public:
    explicit HttpClient(quint16 port) : m_port(port) {}

    bool connect()
    {
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
        return m_socket.waitForConnected(5000);
    }
    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    /// Waits until the server closed the connection.
    bool waitClosed(int timeoutMs)
    {
        return QTest::qWaitFor(
            [this] {
                if (m_socket.bytesAvailable())
                    m_buffer += m_socket.readAll();
                return isClosed();
            },
            timeoutMs);
    }

    /// Waits for the next whole answer (status line, header, Content-Length bytes of body).
    HttpReply next(int timeoutMs = 5000)
    {
        HttpReply reply;
        (void)QTest::qWaitFor(
            [&] {
                m_buffer += m_socket.readAll();
                return take(reply) || isClosed();
            },
            timeoutMs);
        if (reply.status == 0) {
            m_buffer += m_socket.readAll();
            take(reply);
        }
        return reply;
    }

    /// A whole request with Host (and, when given, the key and a body), then its answer.
    HttpReply request(const QByteArray &method, const QByteArray &target, const QByteArray &key = {},
                      const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        QByteArray wire = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!key.isEmpty())
            wire += "Authorization: Bearer " + key + "\r\n";
        for (const auto &[name, value] : extra)
            wire += name + ": " + value + "\r\n";
        if (!body.isEmpty() || method == "POST")
            wire += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        wire += "\r\n" + body;
        if (m_socket.state() != QAbstractSocket::ConnectedState && !connect())
            return {};
        write(wire);
        return next();
    }

    QTcpSocket &socket() { return m_socket; }

private:
    bool take(HttpReply &reply)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QList<QByteArray> lines = m_buffer.first(end).split('\n');
        HttpReply r;
        const QList<QByteArray> status = lines.first().trimmed().split(' ');
        if (status.size() < 2 || !status.first().startsWith("HTTP/1."))
            return false;
        r.status = status.at(1).toInt();
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            r.headers.append({line.first(colon).toLower(), line.sliced(colon + 1).trimmed()});
            if (r.headers.last().first == "content-length")
                length = r.headers.last().second.toLongLong();
        }
        if (m_buffer.size() < end + 4 + length)
            return false;
        r.body = m_buffer.sliced(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        reply = r;
        return true;
    }

    quint16 m_port;
    QTcpSocket m_socket;
    QByteArray m_buffer;
};
