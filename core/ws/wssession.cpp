// SPDX-License-Identifier: GPL-3.0-or-later
#include "wssession.h"

#include "model/credentialkind.h"
#include "model/terminaltext.h"
#include "net/tracesink.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/devicetime.h"
#include "util/logging.h"
#include "util/peeraddress.h"
#include "ws/jsonlenient.h"
#include "ws/sendlogscanner.h"
#include "wscommandrunner.h"

#include <QJsonDocument>
#include <QPointer>
#include <QWebSocket>

#include <utility>

namespace termdesk::ws {
namespace {

constexpr int MAX_HELD_MESSAGES = 64;

QJsonObject failure(const QString &name, const QJsonValue &reason)
{
    return QJsonObject{
        {QStringLiteral("ret"), name}, {QStringLiteral("result"), false}, {QStringLiteral("reason"), reason}};
}

/// The trace entry of one WebSocket message: its JSON with photos, templates, passwords and cards redacted.
TraceEntry traceEntry(const QString &terminal, TraceEntry::Direction direction, const QJsonObject &object,
                      qint64 sizeBytes, qint64 nowMs)
{
    TraceEntry e;
    e.timeMs = nowMs;
    e.terminal = terminal;
    e.protocol = Protocol::WebSocket;
    e.direction = direction;
    const QJsonValue cmd = object.value(QLatin1String("cmd"));
    e.command = (cmd.isString() ? cmd : object.value(QLatin1String("ret"))).toString().trimmed();
    e.sizeBytes = sizeBytes;
    e.text = QString::fromUtf8(QJsonDocument(redacted(object)).toJson(QJsonDocument::Compact));
    return e;
}

QString hexPreview(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.left(32).toHex(' ')) + (bytes.size() > 32 ? QStringLiteral(" …") : QString());
}

} // namespace

WsSession::WsSession(QWebSocket *socket, const net::SessionContext &context, QObject *parent)
    : TerminalSession(Protocol::WebSocket, context, net::peerText(socket->peerAddress(), socket->peerPort()), parent),
      m_socket(socket), m_runner(new WsCommandRunner(
                            m_ctx, [this](const QJsonObject &o) { send(o); }, this))
{
    setCommandRunner(m_runner);
    m_socket->setParent(this);
    m_path = m_socket->requestUrl().path();
    if (m_path.isEmpty())
        m_path = QStringLiteral("/");
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_ctx.config->maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_ctx.config->maxMessageBytes));
    // Some stacks send JSON in binary frames: accepted when it is valid UTF-8 JSON.
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { handle(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WsSession::handle);
    connect(m_socket, &QWebSocket::disconnected, this, &WsSession::onDisconnected);
    // Partial frames of a large message count as activity too.
    connect(m_socket, &QWebSocket::textFrameReceived, this, [this] { touch(false); });
    connect(m_socket, &QWebSocket::binaryFrameReceived, this, [this] { touch(false); });
    connect(m_socket, &QWebSocket::pong, this, [this] { touch(false); });
    qCInfo(lcWs) << "connection from" << peerDescription() << "path" << m_path;
}

void WsSession::closeTransport(const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, reason.left(120));
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void WsSession::pokeCommands()
{
    if (isRegistered() && !isClosing())
        m_runner->poke();
}

void WsSession::onDisconnected()
{
    if (isGone())
        return;
    qCInfo(lcWs) << "disconnected" << who() << "close code" << int(m_socket->closeCode()) << m_socket->closeReason();
    connectionGone();
}

void WsSession::handle(const QByteArray &utf8)
{
    touch();
    const bool tracing = m_ctx.trace && m_ctx.trace->isEnabled();
    // Most frames are plain sendlog batches: read those without a JSON tree, unless the trace
    // (which shows the tree) or photo storage (which the fast path never keeps) needs the general path.
    if (!m_ctx.config->storePhotos && !tracing) {
        if (std::optional<DecodedMessage> fast = scanSendLog(utf8)) {
            dispatch(std::move(*fast));
            return;
        }
    }
    JsonParse parsed = parseLenient(utf8);
    if (tracing) {
        QString terminal = sn();
        if (terminal.isEmpty()) {
            terminal = parsed.ok ? parsed.object.value(QLatin1String("sn")).toString() : QString();
            if (terminaltext::serialRefusal(terminal, u"sn"))
                terminal = peerDescription(); // never a serial the input rules refuse
        }
        if (parsed.ok) {
            m_ctx.trace->add(traceEntry(terminal, TraceEntry::Direction::In, parsed.object, utf8.size(), nowMs()));
        } else {
            TraceEntry e{nowMs(),
                         terminal,
                         Protocol::WebSocket,
                         TraceEntry::Direction::In,
                         QString(),
                         utf8.size(),
                         QStringLiteral("[%1 bytes, not JSON: %2]").arg(utf8.size()).arg(parsed.error)};
            m_ctx.trace->add(std::move(e));
        }
    }
    if (!parsed.ok) {
        qCWarning(lcWs) << "ignored a frame from" << who() << ":" << parsed.error << "size" << utf8.size()
                        << "bytes:" << hexPreview(utf8);
        return;
    }
    DecodedMessage m = decodeMessage(parsed.object, m_ctx.config->storePhotos);
    if (m.kind == MessageKind::Reply) {
        handleReply(m, parsed.object);
        return;
    }
    dispatch(std::move(m));
}

void WsSession::handleReply(const DecodedMessage &m, const QJsonObject &object)
{
    // Matched against the command in flight; anything else is logged and ignored (the runner
    // says why). Never held or refused: a reply needs no answer.
    if (!isRegistered()) {
        qCInfo(lcWs) << "reply" << m.name << "from unregistered" << peerDescription() << "- ignored";
        return;
    }
    m_runner->handleReply(m.name, object);
}

void WsSession::dispatch(DecodedMessage &&m)
{
    if (m.kind == MessageKind::Reg) {
        handleReg(std::move(m));
        return;
    }
    if (m.kind == MessageKind::Invalid) {
        qCWarning(lcWs) << "ignored a JSON message without cmd or ret from" << who();
        return;
    }
    if (!isRegistered()) {
        if (registrationsInFlight() > 0 && m_held.size() < MAX_HELD_MESSAGES) {
            m_held.append(std::move(m));
            return;
        }
        replyNotRegistered(m.name);
        return;
    }
    if (!m.sn.isEmpty() && m.sn != sn())
        qCWarning(lcWs) << terminaltext::logPreview(m.name) << "on the socket of" << sn() << "says sn"
                        << terminaltext::logPreview(m.sn) << "- kept as" << sn();
    switch (m.kind) {
    case MessageKind::SendLog:
        handleSendLog(std::move(m));
        break;
    case MessageKind::SendUser:
        handleSendUser(std::move(m));
        break;
    default:
        qCInfo(lcWs) << "push" << m.name << "from" << sn() << "acknowledged";
        send(QJsonObject{{QStringLiteral("ret"), m.name}, {QStringLiteral("result"), true}});
        break;
    }
}

void WsSession::replyNotRegistered(const QString &name)
{
    qCInfo(lcWs) << name << "from unregistered" << peerDescription() << "refused: did not reg";
    send(failure(name, QStringLiteral("did not reg")));
}

void WsSession::handleReg(DecodedMessage &&m)
{
    storage::RegisterJob job; // the serial's rules are TerminalSession's (model/terminaltext.h)
    job.sn = m.sn;
    job.wsPath = m_path;
    job.info = std::move(m.info);
    registerTerminal(std::move(job));
}

void WsSession::refused(const QString &, const QString &reason)
{
    send(failure(QStringLiteral("reg"), reason));
}

void WsSession::admitted(const storage::RegisterResult &o, bool again)
{
    QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("reg")},
                      {QStringLiteral("result"), true},
                      {QStringLiteral("cloudtime"), cloudTime()},
                      {QStringLiteral("nosenduser"), m_ctx.config->noSendUser}};
    if (m_ctx.config->tryseconds > 0)
        reply.insert(QStringLiteral("tryseconds"), m_ctx.config->tryseconds);
    send(reply);
    // A repeated reg on the same connection does not queue the automatic commands again.
    m_runner->start(sn(), o.terminalId, o.utcOffsetMin, o.driftSeconds, !again);
}

void WsSession::registrationSettled()
{
    QList<DecodedMessage> held = std::exchange(m_held, {});
    for (DecodedMessage &h : held)
        dispatch(std::move(h));
}

void WsSession::handleSendLog(DecodedMessage &&m)
{
    storage::PunchBatchJob job;
    job.terminalId = terminalId();
    job.sn = sn();
    job.protocol = Protocol::WebSocket;
    job.utcOffsetMin = utcOffsetMin();
    job.punches = std::move(m.punches);
    job.quarantined = std::move(m.quarantined);
    job.receivedMs = nowMs();
    if (!job.quarantined.isEmpty())
        qCWarning(lcWs) << sn() << "sent" << job.quarantined.size() << "unreadable record(s); kept in quarantine";
    QPointer<WsSession> self(this);
    m_ctx.storage->submit(
        std::move(job), [self, count = m.count, logIndex = m.logIndex](const storage::PunchBatchResult &r) {
            if (!self)
                return;
            if (!r.ok) {
                qCWarning(lcWs) << "sendlog of" << self->sn() << "not stored, device will retry:" << r.error;
                self->send(failure(QStringLiteral("sendlog"), 1));
                return;
            }
            QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("sendlog")}, {QStringLiteral("result"), true}};
            if (!count.isUndefined())
                reply.insert(QStringLiteral("count"), count);
            if (!logIndex.isUndefined())
                reply.insert(QStringLiteral("logindex"), logIndex);
            reply.insert(QStringLiteral("cloudtime"), self->cloudTime());
            self->send(reply);
        });
}

void WsSession::handleSendUser(DecodedMessage &&m)
{
    QPointer<WsSession> self(this);
    auto done = [self](const storage::JobResult &r) {
        if (!self)
            return;
        if (!r.ok) {
            qCWarning(lcWs) << "senduser of" << self->sn() << "not stored, device will retry:" << r.error;
            self->send(failure(QStringLiteral("senduser"), 1));
            return;
        }
        self->send(QJsonObject{{QStringLiteral("ret"), QStringLiteral("senduser")},
                               {QStringLiteral("result"), true},
                               {QStringLiteral("cloudtime"), self->cloudTime()}});
    };
    if (m.credential) {
        qCInfo(lcWs) << sn() << "pushed user" << m.credential->enrollId
                     << name(credentialKind(m.credential->backupNum));
        m_ctx.storage->submit(storage::CredentialJob{terminalId(), std::move(*m.credential), nowMs()}, done);
    } else {
        qCWarning(lcWs) << sn() << "pushed an unreadable senduser; kept in quarantine";
        m_ctx.storage->submit(
            storage::QuarantineJob{terminalId(), QStringLiteral("senduser"), m.quarantined.value(0), nowMs()}, done);
    }
}

void WsSession::send(const QJsonObject &reply)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const QByteArray utf8 = QJsonDocument(reply).toJson(QJsonDocument::Compact);
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
    if (m_ctx.trace && m_ctx.trace->isEnabled())
        m_ctx.trace->add(traceEntry(who(), TraceEntry::Direction::Out, reply, utf8.size(), nowMs()));
}

QString WsSession::cloudTime() const
{
    return devicetime::formatLocal(devicetime::nowLocalEpoch(nowMs(), utcOffsetMin()));
}

} // namespace termdesk::ws
