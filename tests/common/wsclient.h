// SPDX-License-Identifier: GPL-3.0-or-later
// A hand-driven WebSocket terminal for tests: sends exactly what a test writes and keeps
// every reply. Independent of the product's codec on purpose.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

class WsClient : public QObject
{
    Q_OBJECT
public:
    explicit WsClient(QObject *parent = nullptr) : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            raw.append(text);
            replies.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] { disconnectedFlag = true; });
    }

    bool open(quint16 port, const QString &path = QStringLiteral("/pub/chat"))
    {
        return open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)));
    }

    /// ws:// or wss:// (set socket's SSL configuration, or answer its sslErrors, first).
    bool open(const QUrl &url)
    {
        socket.open(url);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState || disconnectedFlag; },
                               5000) &&
               socket.state() == QAbstractSocket::ConnectedState;
    }

    void send(const QByteArray &text) { socket.sendTextMessage(QString::fromUtf8(text)); }
    void send(const QJsonObject &o) { send(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

    /// Waits for the next reply (after the ones already seen) and returns it.
    QJsonObject next(int timeoutMs = 5000)
    {
        const qsizetype want = m_taken + 1;
        if (!QTest::qWaitFor([&] { return replies.size() >= want; }, timeoutMs))
            return {};
        return replies.at(m_taken++);
    }

    /// Sends and waits for the answer.
    QJsonObject call(const QByteArray &text, int timeoutMs = 5000)
    {
        send(text);
        return next(timeoutMs);
    }

    bool reg(const QString &sn)
    {
        const QJsonObject r =
            call(QStringLiteral(R"({"cmd":"reg","sn":"%1","devinfo":{"modelname":"tfs30"}})").arg(sn).toUtf8());
        return r.value(QLatin1String("ret")).toString() == QLatin1String("reg") &&
               r.value(QLatin1String("result")).toBool();
    }

    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return disconnectedFlag; }, timeoutMs);
    }

    QWebSocket socket;
    QList<QJsonObject> replies;
    QStringList raw;
    bool disconnectedFlag = false;

private:
    qsizetype m_taken = 0;
};
