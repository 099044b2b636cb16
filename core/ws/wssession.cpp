// SPDX-License-Identifier: GPL-3.0-or-later
#include "wssession.h"

#include "jsonlenient.h"
#include "net/peeraddress.h"
#include "net/terminalregistry.h"
#include "net/tracesink.h"
#include "sendlogscanner.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "util/logging.h"
#include "wscommandrunner.h"

#include <QJsonDocument>
#include <QPointer>
#include <QWebSocket>

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
                      qint64 sizeBytes)
{
    TraceEntry e;
    e.timeMs = wallClockMs();
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
    : TerminalSession(parent), m_socket(socket), m_ctx(context),
      m_commands(new WsCommandRunner(
          m_ctx, [this](const QJsonObject &o) { send(o); }, this))
{
    m_socket->setParent(this);
    m_peer = net::peerText(m_socket->peerAddress(), m_socket->peerPort());
    m_path = m_socket->requestUrl().path();
    if (m_path.isEmpty())
        m_path = QStringLiteral("/");
    m_lastActivity = monotonicMs();
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_ctx.config->maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_ctx.config->maxMessageBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this, &WsSession::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WsSession::onBinary);
    connect(m_socket, &QWebSocket::disconnected, this, &WsSession::onDisconnected);
    // Partial frames of a large message count as activity too.
    connect(m_socket, &QWebSocket::textFrameReceived, this, [this] { m_lastActivity = monotonicMs(); });
    connect(m_socket, &QWebSocket::binaryFrameReceived, this, [this] { m_lastActivity = monotonicMs(); });
    connect(m_socket, &QWebSocket::pong, this, [this] { m_lastActivity = monotonicMs(); });
    qCInfo(lcWs) << "connection from" << m_peer << "path" << m_path;
}

WsSession::~WsSession() = default;

void WsSession::closeSession(const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    qCInfo(lcWs) << "closing" << (m_sn.isEmpty() ? m_peer : m_sn) << ":" << reason;
    m_commands->stop(reason); // no answer can come any more: the command in flight goes back
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, reason.left(120));
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void WsSession::flushLastSeen()
{
    if (!m_seenDirty || !m_registered)
        return;
    m_seenDirty = false;
    m_ctx.storage->submit(storage::TerminalSeenJob{m_terminalId, m_lastSeenWall});
}

void WsSession::pokeCommands()
{
    if (m_registered && !m_closing)
        m_commands->poke();
}

bool WsSession::hasCommandInFlight() const
{
    return m_commands->hasCommandInFlight();
}

void WsSession::onText(const QString &text)
{
    handle(text.toUtf8());
}

void WsSession::onBinary(const QByteArray &bytes)
{
    // Some stacks send JSON in binary frames: accept it when it is valid UTF-8 JSON.
    handle(bytes);
}

void WsSession::onDisconnected()
{
    if (m_closing && m_socket->property("td.gone").toBool())
        return;
    m_socket->setProperty("td.gone", true);
    m_closing = true;
    m_commands->stop(QStringLiteral("disconnected"));
    const auto code = m_socket->closeCode();
    qCInfo(lcWs) << "disconnected" << (m_sn.isEmpty() ? m_peer : m_sn) << "close code" << int(code)
                 << m_socket->closeReason();
    if (m_registered && m_ctx.registry->release(m_sn, this)) {
        m_ctx.storage->submit(storage::TerminalSeenJob{m_terminalId, wallClockMs()});
    }
    m_registered = false;
    Q_EMIT closed(this);
    deleteLater();
}

void WsSession::handle(const QByteArray &utf8)
{
    m_lastActivity = monotonicMs();
    m_lastSeenWall = wallClockMs();
    m_seenDirty = true;
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
        QString who = m_sn;
        if (who.isEmpty())
            who = parsed.ok ? parsed.object.value(QLatin1String("sn")).toString(m_peer) : m_peer;
        if (parsed.ok) {
            m_ctx.trace->add(traceEntry(who, TraceEntry::Direction::In, parsed.object, utf8.size()));
        } else {
            TraceEntry e{wallClockMs(),
                         who,
                         Protocol::WebSocket,
                         TraceEntry::Direction::In,
                         QString(),
                         utf8.size(),
                         QStringLiteral("[%1 bytes, not JSON: %2]").arg(utf8.size()).arg(parsed.error)};
            m_ctx.trace->add(std::move(e));
        }
    }
    if (!parsed.ok) {
        qCWarning(lcWs) << "ignored a frame from" << (m_sn.isEmpty() ? m_peer : m_sn) << ":" << parsed.error << "size"
                        << utf8.size() << "bytes:" << hexPreview(utf8);
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
    if (!m_registered) {
        qCInfo(lcWs) << "reply" << m.name << "from unregistered" << m_peer << "- ignored";
        return;
    }
    m_commands->handleReply(m.name, object);
}

void WsSession::dispatch(DecodedMessage &&m)
{
    if (m.kind == MessageKind::Reg) {
        handleReg(std::move(m));
        return;
    }
    if (m.kind == MessageKind::Invalid) {
        qCWarning(lcWs) << "ignored a JSON message without cmd or ret from" << (m_sn.isEmpty() ? m_peer : m_sn);
        return;
    }
    if (!m_registered) {
        if (m_registrationsInFlight > 0 && m_held.size() < MAX_HELD_MESSAGES) {
            m_held.append(std::move(m));
            return;
        }
        replyNotRegistered(m.name);
        return;
    }
    if (!m.sn.isEmpty() && m.sn != m_sn)
        qCWarning(lcWs) << m.name << "on the socket of" << m_sn << "says sn" << m.sn << "- kept as" << m_sn;
    switch (m.kind) {
    case MessageKind::SendLog:
        handleSendLog(std::move(m));
        break;
    case MessageKind::SendUser:
        handleSendUser(std::move(m));
        break;
    default:
        qCInfo(lcWs) << "push" << m.name << "from" << m_sn << "acknowledged";
        send(QJsonObject{{QStringLiteral("ret"), m.name}, {QStringLiteral("result"), true}});
        break;
    }
}

void WsSession::replyNotRegistered(const QString &name)
{
    qCInfo(lcWs) << name << "from unregistered" << m_peer << "refused: did not reg";
    send(failure(name, QStringLiteral("did not reg")));
}

void WsSession::handleReg(DecodedMessage &&m)
{
    if (m.sn.isEmpty()) {
        qCWarning(lcWs) << "reg without sn from" << m_peer;
        send(failure(QStringLiteral("reg"), QStringLiteral("missing sn")));
        return;
    }
    if (m_registered && m.sn != m_sn) {
        qCWarning(lcWs) << "socket of" << m_sn << "registers again as" << m.sn;
        m_commands->stop(QStringLiteral("registered again as %1").arg(m.sn));
        m_ctx.registry->release(m_sn, this);
        m_registered = false;
    }
    const EngineConfig &cfg = *m_ctx.config;
    storage::RegisterJob job;
    job.sn = m.sn;
    job.protocol = Protocol::WebSocket;
    job.wsPath = m_path;
    job.peer = m_peer;
    job.info = std::move(m.info);
    job.arrivalMs = wallClockMs();
    job.policy = cfg.admission;
    job.refusalReason = cfg.refusalReason;
    job.closedReason = cfg.closedReason;
    job.blockedReason = cfg.blockedReason;
    ++m_registrationsInFlight;
    QPointer<WsSession> self(this);
    const QString sn = m.sn;
    m_ctx.storage->submit(std::move(job), [self, sn](const storage::RegisterResult &r) {
        if (!self)
            return;
        WsSession &s = *self;
        --s.m_registrationsInFlight;
        if (s.m_closing)
            return;
        const storage::RegisterResult &o = r;
        if (!r.ok) {
            qCWarning(lcWs) << "reg of" << sn << "not stored:" << r.error;
            s.send(failure(QStringLiteral("reg"), QStringLiteral("server storage error, retry")));
        } else if (!o.accepted) {
            qCInfo(lcWs) << "reg of" << sn << "from" << s.m_peer << "refused:" << o.reason;
            s.send(failure(QStringLiteral("reg"), o.reason));
        } else {
            // A repeated reg on the same connection (some firmware uses it as a heartbeat) does
            // not queue the automatic commands again.
            const bool again = s.m_registered && s.m_sn == sn;
            s.m_sn = sn;
            s.m_terminalId = o.terminalId;
            s.m_utcOffsetMin = o.utcOffsetMin;
            s.m_registered = true;
            if (net::TerminalSession *old = s.m_ctx.registry->claim(sn, &s))
                old->closeSession(QStringLiteral("replaced by a new connection from %1").arg(s.m_peer));
            QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("reg")},
                              {QStringLiteral("result"), true},
                              {QStringLiteral("cloudtime"), s.cloudTime()},
                              {QStringLiteral("nosenduser"), s.m_ctx.config->noSendUser}};
            if (s.m_ctx.config->tryseconds > 0)
                reply.insert(QStringLiteral("tryseconds"), s.m_ctx.config->tryseconds);
            qCInfo(lcWs) << "registered" << sn << "from" << s.m_peer << (o.isNew ? "(new)" : "") << "drift"
                         << (o.driftSeconds ? QString::number(*o.driftSeconds) + QStringLiteral(" s")
                                            : QStringLiteral("unknown"));
            s.send(reply);
            s.m_commands->start(sn, o.terminalId, o.utcOffsetMin, o.driftSeconds, !again);
        }
        if (s.m_registrationsInFlight == 0 && !s.m_held.isEmpty()) {
            QList<DecodedMessage> held = std::move(s.m_held);
            s.m_held.clear();
            for (DecodedMessage &h : held)
                s.dispatch(std::move(h));
        }
    });
}

void WsSession::handleSendLog(DecodedMessage &&m)
{
    storage::PunchBatchJob job;
    job.terminalId = m_terminalId;
    job.sn = m_sn;
    job.protocol = Protocol::WebSocket;
    job.utcOffsetMin = m_utcOffsetMin;
    job.punches = std::move(m.punches);
    job.quarantined = std::move(m.quarantined);
    job.receivedMs = wallClockMs();
    if (!job.quarantined.isEmpty())
        qCWarning(lcWs) << m_sn << "sent" << job.quarantined.size() << "unreadable record(s); kept in quarantine";
    QPointer<WsSession> self(this);
    m_ctx.storage->submit(
        std::move(job), [self, count = m.count, logIndex = m.logIndex](const storage::PunchBatchResult &r) {
            if (!self)
                return;
            if (!r.ok) {
                qCWarning(lcWs) << "sendlog of" << self->m_sn << "not stored, device will retry:" << r.error;
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
            qCWarning(lcWs) << "senduser of" << self->m_sn << "not stored, device will retry:" << r.error;
            self->send(failure(QStringLiteral("senduser"), 1));
            return;
        }
        self->send(QJsonObject{{QStringLiteral("ret"), QStringLiteral("senduser")},
                               {QStringLiteral("result"), true},
                               {QStringLiteral("cloudtime"), self->cloudTime()}});
    };
    if (m.credential) {
        qCInfo(lcWs) << m_sn << "pushed user" << m.credential->enrollId << backupNumKind(m.credential->backupNum);
        m_ctx.storage->submit(storage::CredentialJob{m_terminalId, std::move(*m.credential), wallClockMs()}, done);
    } else {
        qCWarning(lcWs) << m_sn << "pushed an unreadable senduser; kept in quarantine";
        m_ctx.storage->submit(
            storage::QuarantineJob{m_terminalId, QStringLiteral("senduser"), m.quarantined.value(0), wallClockMs()},
            done);
    }
}

void WsSession::send(const QJsonObject &reply)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const QByteArray utf8 = QJsonDocument(reply).toJson(QJsonDocument::Compact);
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
    if (m_ctx.trace && m_ctx.trace->isEnabled())
        m_ctx.trace->add(traceEntry(m_sn.isEmpty() ? m_peer : m_sn, TraceEntry::Direction::Out, reply, utf8.size()));
}

QString WsSession::cloudTime() const
{
    return devicetime::formatLocal(devicetime::nowLocalEpoch(wallClockMs(), m_utcOffsetMin));
}

} // namespace termdesk::ws
