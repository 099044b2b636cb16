// SPDX-License-Identifier: GPL-3.0-or-later
// A webhook receiver for the tests: a QTcpServer on a free port that reads HTTP/1.1 requests
// (keep-alive, Content-Length bodies) and answers each as its script says.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    /// How the next request is answered; an empty script answers 200.
    enum class Answer { Ok, Error500, Gone410, TooMany429, Redirect302, Hang };

    struct Request
    {
        QByteArray id;
        QByteArray timestamp;
        QByteArray signature;
        QByteArray contentType;
        QByteArray body;
    };

    QList<Answer> script;
    QList<Request> got;
    QByteArray retryAfter = "120"; ///< what a 429 sends

    ~WebhookReceiver() override
    {
        // The sockets die with the server, after the buffers: they must not call back here then.
        for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>())
            s->disconnect(this);
    }

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::accept);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort()); }

Q_SIGNALS:
    void received();

private:
    void accept()
    {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
            connect(s, &QTcpSocket::disconnected, this, [this, s] {
                m_buffers.remove(s);
                s->deleteLater();
            });
        }
    }

    void read(QTcpSocket *s)
    {
        QByteArray &b = m_buffers[s];
        b += s->readAll();
        for (;;) {
            const qsizetype end = b.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request r;
            qsizetype length = 0;
            const QList<QByteArray> lines = b.left(end).split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length")
                    length = value.toLongLong();
                else if (name == "webhook-id")
                    r.id = value;
                else if (name == "webhook-timestamp")
                    r.timestamp = value;
                else if (name == "webhook-signature")
                    r.signature = value;
                else if (name == "content-type")
                    r.contentType = value;
            }
            if (b.size() < end + 4 + length)
                return;
            r.body = b.mid(end + 4, length);
            b.remove(0, end + 4 + length);
            got.append(r);
            answer(s, script.isEmpty() ? Answer::Ok : script.takeFirst(), retryAfter);
            Q_EMIT received();
        }
    }

    static void answer(QTcpSocket *s, Answer a, const QByteArray &wait)
    {
        switch (a) {
        case Answer::Ok:
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            break;
        case Answer::Error500:
            s->write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
            break;
        case Answer::Gone410:
            s->write("HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n");
            break;
        case Answer::TooMany429:
            s->write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: " + wait + "\r\nContent-Length: 0\r\n\r\n");
            break;
        case Answer::Redirect302:
            s->write("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n");
            break;
        case Answer::Hang:
            break; // never answers: the sender's timeout
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
