// SPDX-License-Identifier: GPL-3.0-or-later
// A WebSocket server for simulator tests that the test drives: it records every frame, answers reg
// and sendlog as told, and sends any command the test writes. Listens on 127.0.0.1, port 0.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QWebSocketServer>

class QWebSocket;

class FakeServer final : public QObject
{
    Q_OBJECT
public:
    struct Frame
    {
        QPointer<QWebSocket> socket;
        bool binary = false;
        QByteArray data;
        bool isJson = false; // parsed, after removing trailing commas
        QJsonObject json;
    };

    explicit FakeServer(QObject *parent = nullptr);
    ~FakeServer() override;

    bool listen();
    QUrl url() const;

    // Policies for the automatic replies.
    bool autoRegReply = true;
    bool regResult = true;
    QString refuseReason = QStringLiteral("waiting for approval");
    bool autoAck = true;
    int failNextAcks = 0; ///< reply result:false to this many sendlogs first

    QList<Frame> frames;
    int connections = 0;

    QWebSocket *current() const;                                        ///< the newest live connection
    void send(const QByteArray &text);                                  ///< to the newest connection
    void ack(const QJsonObject &sendlog, QWebSocket *socket = nullptr); ///< echo count and logindex as received
    void closeAll();

    QList<QJsonObject> withCmd(const QString &cmd) const;
    QList<QJsonObject> withRet(const QString &ret) const; ///< replies by "ret" (or "cmd" if it has "result")
    qsizetype frameCount() const { return frames.size(); }

    static std::pair<bool, QJsonObject> parseLenient(const QByteArray &data);

Q_SIGNALS:
    void frameReceived();

private:
    void onFrame(QWebSocket *socket, const QByteArray &data, bool binary);

    QWebSocketServer m_server;
    QList<QPointer<QWebSocket>> m_sockets;
};
