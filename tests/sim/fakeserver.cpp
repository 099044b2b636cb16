// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeserver.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QWebSocket>

FakeServer::FakeServer(QObject *parent)
    : QObject(parent), m_server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *s = m_server.nextPendingConnection()) {
            s->setParent(this);
            ++connections;
            m_sockets.append(s);
            connect(s, &QWebSocket::textMessageReceived, this,
                    [this, s](const QString &text) { onFrame(s, text.toUtf8(), false); });
            connect(s, &QWebSocket::binaryMessageReceived, this,
                    [this, s](const QByteArray &bytes) { onFrame(s, bytes, true); });
            connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

FakeServer::~FakeServer()
{
    m_server.close();
}

bool FakeServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(m_server.serverPort()));
}

std::pair<bool, QJsonObject> FakeServer::parseLenient(const QByteArray &data)
{
    static const QRegularExpression trailing(QStringLiteral(R"(,\s*([\]}]))"));
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError)
        doc =
            QJsonDocument::fromJson(QString::fromUtf8(data).replace(trailing, QStringLiteral("\\1")).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {false, {}};
    return {true, doc.object()};
}

void FakeServer::onFrame(QWebSocket *socket, const QByteArray &data, bool binary)
{
    Frame f;
    f.socket = socket;
    f.binary = binary;
    f.data = data;
    if (!binary)
        std::tie(f.isJson, f.json) = parseLenient(data);
    frames.append(f);
    const QString cmd = f.json.value(QLatin1String("cmd")).toString();
    if (f.isJson && cmd == QLatin1String("reg") && autoRegReply) {
        const QJsonObject reply =
            regResult ? QJsonObject{{QStringLiteral("ret"), QStringLiteral("reg")}, {QStringLiteral("result"), true}}
                      : QJsonObject{{QStringLiteral("ret"), QStringLiteral("reg")},
                                    {QStringLiteral("result"), false},
                                    {QStringLiteral("reason"), refuseReason}};
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact)));
    } else if (f.isJson && cmd == QLatin1String("sendlog")) {
        if (failNextAcks > 0) {
            --failNextAcks;
            socket->sendTextMessage(QStringLiteral(R"({"ret":"sendlog","result":false,"reason":1})"));
        } else if (autoAck) {
            ack(f.json, socket);
        }
    }
    Q_EMIT frameReceived();
}

QWebSocket *FakeServer::current() const
{
    for (qsizetype i = m_sockets.size() - 1; i >= 0; --i) {
        if (m_sockets.at(i))
            return m_sockets.at(i).data();
    }
    return nullptr;
}

void FakeServer::ack(const QJsonObject &sendlog, QWebSocket *socket)
{
    const QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("sendlog")},
                            {QStringLiteral("result"), true},
                            {QStringLiteral("count"), sendlog.value(QLatin1String("count"))},
                            {QStringLiteral("logindex"), sendlog.value(QLatin1String("logindex"))}};
    if (QWebSocket *s = socket ? socket : current())
        s->sendTextMessage(QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact)));
}

void FakeServer::send(const QByteArray &text)
{
    if (QWebSocket *s = current())
        s->sendTextMessage(QString::fromUtf8(text));
}

void FakeServer::closeAll()
{
    for (const QPointer<QWebSocket> &s : std::as_const(m_sockets)) {
        if (s)
            s->close();
    }
}

QList<QJsonObject> FakeServer::withCmd(const QString &cmd) const
{
    QList<QJsonObject> out;
    for (const Frame &f : frames) {
        if (f.isJson && f.json.value(QLatin1String("cmd")).toString() == cmd &&
            !f.json.contains(QLatin1String("result")))
            out.append(f.json);
    }
    return out;
}

QList<QJsonObject> FakeServer::withRet(const QString &ret) const
{
    QList<QJsonObject> out;
    for (const Frame &f : frames) {
        if (!f.isJson)
            continue;
        if (f.json.value(QLatin1String("ret")).toString() == ret ||
            (f.json.value(QLatin1String("cmd")).toString() == ret && f.json.contains(QLatin1String("result"))))
            out.append(f.json);
    }
    return out;
}
