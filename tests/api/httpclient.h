// SPDX-License-Identifier: GPL-3.0-or-later
// A hand-driven HTTP/1.1 client for the REST API's tests: writes exactly the bytes a test gives (a
// slow, oversized or malformed request too) on a real socket and reads the answers as RFC 9112 frames
// them (a Content-Length body or a chunked one). Speaks https after connectEncrypted(). Independent of
// core/http on purpose. Waits with QTest::qWaitFor: the event loop keeps running,
// so an Engine in the test's thread goes on serving its terminals meanwhile.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslSocket>
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
    /// Connects with TLS, trusting the server's certificate only by its SHA-256 fingerprint @p pin (a
    /// self-signed certificate, as `curl --pinnedpubkey` would); the server runs in another thread,
    /// so waitFor* is fine. False when the handshake failed.
    bool connectEncrypted(const QByteArray &pin)
    {
        QObject::connect(&m_socket, &QSslSocket::sslErrors, &m_socket, [this, pin](const QList<QSslError> &) {
            if (m_socket.peerCertificate().digest(QCryptographicHash::Sha256) == pin)
                m_socket.ignoreSslErrors();
        });
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        return m_socket.waitForEncrypted(5000);
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

    QSslSocket &socket() { return m_socket; }

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
        bool chunked = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            r.headers.append({line.first(colon).toLower(), line.sliced(colon + 1).trimmed()});
            if (r.headers.last().first == "content-length")
                length = r.headers.last().second.toLongLong();
            if (r.headers.last().first == "transfer-encoding")
                chunked = r.headers.last().second.toLower() == "chunked";
        }
        if (chunked) {
            // RFC 9112 7.1: hex size CRLF, data CRLF, ..., 0 CRLF (no trailer fields here) CRLF.
            qsizetype at = end + 4;
            QByteArray body;
            for (;;) {
                const qsizetype eol = m_buffer.indexOf("\r\n", at);
                if (eol < 0)
                    return false;
                bool ok = false;
                const qsizetype size = m_buffer.sliced(at, eol - at).toLongLong(&ok, 16);
                if (!ok || size < 0)
                    return false;
                if (m_buffer.size() < eol + 2 + size + 2)
                    return false;
                body += m_buffer.sliced(eol + 2, size);
                at = eol + 2 + size + 2;
                if (size == 0)
                    break;
            }
            r.body = body;
            m_buffer.remove(0, at);
            reply = r;
            return true;
        }
        if (m_buffer.size() < end + 4 + length)
            return false;
        r.body = m_buffer.sliced(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        reply = r;
        return true;
    }

    quint16 m_port;
    QSslSocket m_socket;
    QByteArray m_buffer;
};
