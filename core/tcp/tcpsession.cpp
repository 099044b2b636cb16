// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpsession.h"

#include "net/peeraddress.h"
#include "net/terminalregistry.h"
#include "net/tracesink.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "tcpbodies.h"
#include "tcptrace.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "util/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>

namespace termdesk::tcp {
namespace {

constexpr int MAX_READ_PAGES = 1000;
constexpr qint64 READ_BUFFER_BYTES = 256 * 1024;

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

// Credential bytes as the roster stores them (the WebSocket forms): fingerprints as hex,
// password and card as their digits, faces/palms/photos as base64.
QString credentialText(int backupNum, const QByteArray &data)
{
    if (backupNum >= 0 && backupNum <= 9)
        return QString::fromLatin1(data.toHex());
    if (backupNum == 10 || backupNum == 11)
        return QString::fromUtf8(data).trimmed();
    return QString::fromLatin1(data.toBase64());
}

QList<CredentialRecord> credentialsOf(const QList<TcpUser> &users)
{
    QList<CredentialRecord> out;
    for (const TcpUser &u : users) {
        if (u.credentials.isEmpty()) {
            out.append(CredentialRecord{u.enrollId, u.name, u.admin, -1, {}, !u.disabled});
            continue;
        }
        for (const auto &[backupNum, data] : u.credentials)
            out.append(
                CredentialRecord{u.enrollId, u.name, u.admin, backupNum, credentialText(backupNum, data), !u.disabled});
    }
    return out;
}

// TCP terminals report UTC instants; the stored local time is that instant on the terminal's
// wall clock (its configured offset, else the server's zone at that instant).
QList<Punch> toPunches(const QList<TcpPunch> &in, std::optional<int> terminalOffset)
{
    QList<Punch> out;
    out.reserve(in.size());
    for (const TcpPunch &p : in) {
        const qint64 utcMs = fromTerminalTime(p.utcSeconds2020);
        const int offset = terminalOffset ? *terminalOffset : devicetime::systemOffsetAtUtc(utcMs);
        Punch punch;
        punch.enrollId = p.enrollId;
        punch.localEpoch = utcMs / 1000 + offset * 60;
        punch.localTime = devicetime::formatLocal(*punch.localEpoch);
        punch.verifyMode = p.verifyMode;
        punch.inOut = p.inOut;
        punch.event = p.event;
        punch.temperature = p.temperature;
        punch.utcOffsetMin = offset;
        out.append(std::move(punch));
    }
    return out;
}

} // namespace

TcpSession::TcpSession(QTcpSocket *socket, const net::SessionContext &context, QObject *parent)
    : TerminalSession(parent), m_socket(socket), m_ctx(context)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(READ_BUFFER_BYTES); // a flooding peer is throttled by TCP, not our heap
    m_peer = net::peerText(m_socket->peerAddress(), m_socket->peerPort());
    m_lastActivity = monotonicMs();
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_ctx.config->tcpRequestTimeoutMs);
    connect(&m_requestTimer, &QTimer::timeout, this, &TcpSession::onRequestTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &TcpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &TcpSession::onDisconnected);
    qCInfo(lcNet) << "TCP connection from" << m_peer;
}

TcpSession::~TcpSession() = default;

void TcpSession::closeSession(const QString &reason)
{
    if (m_closing)
        return;
    qCInfo(lcNet) << "closing TCP" << (m_code.isEmpty() ? m_peer : m_code) << ":" << reason;
    closeAfterWrite();
}

void TcpSession::closeAfterWrite()
{
    m_closing = true;
    m_socket->disconnectFromHost(); // writes what is buffered first
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void TcpSession::onDisconnected()
{
    if (m_socket->property("td.gone").toBool())
        return;
    m_socket->setProperty("td.gone", true);
    m_closing = true;
    m_requestTimer.stop();
    if (m_inFlight) {
        // The terminal went back to sleep (or away) before answering: retry on a later wake.
        const bool last = m_inFlight->command.tries >= m_ctx.config->commandMaxTries;
        m_ctx.storage->submit(storage::CompleteCommandJob{
            m_inFlight->command.id,
            last ? QStringLiteral("failed") : QStringLiteral("queued"),
            {},
            last ? QStringLiteral("terminal disconnected before answering, %1 tries").arg(m_inFlight->command.tries)
                 : QStringLiteral("terminal disconnected before answering, will retry"),
            wallClockMs()});
        m_inFlight.reset();
    }
    qCInfo(lcNet) << "TCP disconnected" << (m_code.isEmpty() ? m_peer : m_code);
    if (m_loggedIn && m_ctx.registry->release(m_code, this))
        m_ctx.storage->submit(storage::TerminalSeenJob{m_terminalId, wallClockMs()});
    m_loggedIn = false;
    Q_EMIT closed(this);
    deleteLater();
}

void TcpSession::onReadyRead()
{
    m_lastActivity = monotonicMs();
    const QByteArray bytes = m_socket->readAll();
    if (m_closing)
        return;
    m_decoder.feed(bytes);
    for (;;) {
        const QByteArray head = m_decoder.peek(32);
        FrameDecoder::Result r = m_decoder.next();
        if (r.status == FrameDecoder::Status::NeedMore)
            return;
        if (r.status == FrameDecoder::Status::Malformed) {
            protocolError(r.error, head);
            return;
        }
        if (m_ctx.trace && m_ctx.trace->isEnabled())
            m_ctx.trace->add(traceEntry(m_code.isEmpty() ? m_peer : m_code, TraceEntry::Direction::In, r.frame.header,
                                        r.frame.body, wallClockMs()));
        handleFrame(r.frame);
        if (m_closing)
            return;
    }
}

void TcpSession::protocolError(const QString &why, const QByteArray &firstBytes)
{
    qCWarning(lcNet) << "TCP protocol error from" << m_peer << (m_code.isEmpty() ? QString() : m_code) << ":" << why
                     << "- first bytes:" << hex(firstBytes);
    m_closing = true;
    m_socket->abort();
    if (!m_socket->property("td.gone").toBool())
        onDisconnected();
}

void TcpSession::send(Cmd cmd, TransferType transfer, const QByteArray &body)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    FrameHeader h;
    h.terminalId = m_peerTerminalId;
    h.cmd = cmd;
    h.source = Source::Server;
    h.transfer = transfer;
    h.terminalTime = toTerminalTime(wallClockMs());
    const QByteArray frame = encodeFrame(h, body);
    if (frame.isEmpty()) {
        qCWarning(lcNet) << "TCP: a" << int(cmd) << "body of" << body.size() << "bytes does not fit in one frame";
        return;
    }
    m_socket->write(frame);
    if (m_ctx.trace && m_ctx.trace->isEnabled()) {
        const QString who = m_code.isEmpty() ? m_peer : m_code;
        m_ctx.trace->add(traceEntry(who, TraceEntry::Direction::Out, h, body, wallClockMs()));
    }
}

void TcpSession::handleFrame(const Frame &frame)
{
    m_peerTerminalId = frame.header.terminalId;
    const Cmd cmd = frame.header.cmd;
    if (frame.header.transfer == TransferType::Response) {
        if (!m_loggedIn) {
            refuseNotLoggedIn();
            return;
        }
        if (cmd == Cmd::ServerRead)
            onReadResponse(frame);
        else if (cmd == Cmd::ServerWrite)
            onWriteResponse(frame);
        else
            qCInfo(lcNet) << "TCP: ignored a cmd" << int(cmd) << "response from" << m_code;
        return;
    }
    switch (cmd) {
    case Cmd::Heartbeat:
        onHeartbeat();
        return;
    case Cmd::Login:
        onLogin(frame);
        return;
    case Cmd::RegistryAddress:
        if (m_ctx.config->registryAddress.isEmpty())
            qCWarning(lcNet) << "TCP: registry address asked by" << m_peer
                             << "but none is configured (tcp/registryAddress)";
        send(Cmd::RegistryAddress, TransferType::Response, encodeServerAddress(m_ctx.config->registryAddress));
        return;
    default:
        break;
    }
    if (!m_loggedIn) {
        refuseNotLoggedIn();
        return;
    }
    switch (cmd) {
    case Cmd::Logout:
        onLogout();
        return;
    case Cmd::Report:
        onReport(frame);
        return;
    case Cmd::ServerTime:
        send(Cmd::ServerTime, TransferType::Response, encodeServerTime(wallClockMs()));
        return;
    default:
        qCInfo(lcNet) << "TCP: ignored a cmd" << int(cmd) << "request from" << m_code;
        return;
    }
}

void TcpSession::refuseNotLoggedIn()
{
    qCInfo(lcNet) << "TCP request before login from" << m_peer << "- refused and closed";
    send(Cmd::Login, TransferType::Response,
         encodeLoginReply(TcpLoginReply{false, QStringLiteral("not logged in"), 0, wallClockMs()}));
    closeAfterWrite();
}

void TcpSession::onLogin(const Frame &frame)
{
    const std::optional<QString> code = parseLoginCode(frame.body);
    if (!code) {
        qCWarning(lcNet) << "TCP login with an unusable code from" << m_peer << ":" << hex(frame.body.left(32));
        send(Cmd::Login, TransferType::Response,
             encodeLoginReply(TcpLoginReply{false, QStringLiteral("bad terminal code"), 0, wallClockMs()}));
        closeAfterWrite();
        return;
    }
    if (m_loggedIn && *code != m_code) {
        m_ctx.registry->release(m_code, this);
        m_loggedIn = false;
    }
    const EngineConfig &cfg = *m_ctx.config;
    storage::RegisterJob job;
    job.sn = *code;
    job.protocol = Protocol::Tcp;
    job.peer = m_peer;
    job.arrivalMs = wallClockMs();
    const qint64 deviceUtcMs = fromTerminalTime(frame.header.terminalTime);
    if (frame.header.terminalTime != 0)
        job.info.deviceTime =
            devicetime::formatLocal(deviceUtcMs / 1000 + devicetime::systemOffsetAtUtc(deviceUtcMs) * 60);
    job.policy = cfg.admission;
    job.refusalReason = cfg.refusalReason;
    job.closedReason = cfg.closedReason;
    job.blockedReason = cfg.blockedReason;
    m_loggingIn = true;
    QPointer<TcpSession> self(this);
    const QString sn = *code;
    m_ctx.storage->submit(std::move(job), [self, sn](const storage::RegisterResult &r) {
        if (!self || self->m_closing)
            return;
        TcpSession &s = *self;
        s.m_loggingIn = false;
        const storage::RegisterResult &o = r;
        if (!r.ok || !o.accepted) {
            const QString reason = r.ok ? o.reason : QStringLiteral("server storage error, retry");
            qCInfo(lcNet) << "TCP login of" << sn << "from" << s.m_peer << "refused:" << reason;
            s.send(Cmd::Login, TransferType::Response,
                   encodeLoginReply(TcpLoginReply{false, reason, 0, wallClockMs()}));
            s.closeAfterWrite();
            return;
        }
        s.m_code = sn;
        s.m_terminalId = o.terminalId;
        s.m_utcOffsetMin = o.utcOffsetMin;
        s.m_loggedIn = true;
        if (net::TerminalSession *old = s.m_ctx.registry->claim(sn, &s))
            old->closeSession(QStringLiteral("replaced by a new connection from %1").arg(s.m_peer));
        qCInfo(lcNet) << "TCP terminal" << sn << "logged in from" << s.m_peer << (o.isNew ? "(new)" : "");
        s.send(Cmd::Login, TransferType::Response,
               encodeLoginReply(TcpLoginReply{true, {}, static_cast<quint32>(o.terminalId & 0xFFFFFF), wallClockMs()}));
    });
}

void TcpSession::onLogout()
{
    qCInfo(lcNet) << "TCP terminal" << m_code << "logged out";
    send(Cmd::Ack, TransferType::Response, encodeAck(0));
    closeAfterWrite();
}

void TcpSession::onHeartbeat()
{
    send(Cmd::Ack, TransferType::Response, encodeAck(0));
    if (m_loggedIn)
        claimNextCommand();
}

void TcpSession::onReport(const Frame &frame)
{
    std::optional<TcpReport> report = parseReport(frame.body);
    if (!report) {
        protocolError(QStringLiteral("Report body is not valid protobuf (%1 bytes)").arg(frame.body.size()),
                      frame.body.left(32));
        return;
    }
    const qint64 now = wallClockMs();
    storage::ReportJob job;
    job.punches.terminalId = m_terminalId;
    job.punches.sn = m_code;
    job.punches.protocol = Protocol::Tcp;
    job.punches.utcOffsetMin = m_utcOffsetMin;
    job.punches.receivedMs = now;
    job.punches.punches = toPunches(report->punches, m_utcOffsetMin);
    job.status = report->status;
    job.credentials = credentialsOf(report->users);
    for (const TcpAlarm &a : report->alarms)
        job.alarms.append(storage::AlarmRecord{a.code, a.text, fromTerminalTime(a.utcSeconds2020)});
    const quint32 sequence = report->sequence;
    QPointer<TcpSession> self(this);
    m_ctx.storage->submit(std::move(job), [self, sequence](const storage::JobResult &r) {
        if (!self)
            return;
        if (!r.ok) {
            // No negative ack exists: the terminal keeps the report and sends it again.
            qCWarning(lcNet) << "TCP report" << sequence << "of" << self->m_code << "not stored:" << r.error;
            return;
        }
        self->send(Cmd::Report, TransferType::Response, encodeAck(static_cast<qint32>(sequence)));
    });
}

void TcpSession::claimNextCommand()
{
    if (m_inFlight || m_claiming || !m_loggedIn)
        return;
    m_claiming = true;
    QPointer<TcpSession> self(this);
    m_ctx.storage->submit(storage::ClaimCommandJob{m_code, wallClockMs(), m_ctx.config->tcpRequestTimeoutMs,
                                                   m_ctx.config->commandMaxTries},
                          [self](const storage::ClaimCommandResult &r) {
                              if (!self)
                                  return;
                              self->m_claiming = false;
                              if (self->m_closing || !r.ok || !r.command)
                                  return;
                              self->sendCommand(*r.command);
                          });
}

void TcpSession::sendCommand(const storage::CommandRow &row)
{
    InFlight f;
    f.command = row;
    f.payload = QJsonDocument::fromJson(row.payload).object();
    m_inFlight = f;
    if (row.kind == QLatin1String("tcp.read")) {
        m_inFlight->cmd = Cmd::ServerRead;
        m_inFlight->offset = static_cast<quint32>(f.payload.value(QLatin1String("offset")).toInteger());
        if (!sendReadPage())
            finishCommand(QStringLiteral("failed"), QStringLiteral("unknown read target"));
        return;
    }
    if (row.kind != QLatin1String("tcp.write")) {
        finishCommand(QStringLiteral("failed"), QStringLiteral("not a TCP command: %1").arg(row.kind));
        return;
    }
    m_inFlight->cmd = Cmd::ServerWrite;
    m_inFlight->sequence = m_nextSequence++;
    TcpWriteRequest w;
    w.sequence = m_inFlight->sequence;
    const QJsonValue setTime = f.payload.value(QLatin1String("set_time_ms"));
    if (setTime.isString() && setTime.toString() == QLatin1String("now"))
        w.setTimeMs = wallClockMs();
    else
        w.setTimeMs = setTime.toInteger();
    w.clearPunches = f.payload.value(QLatin1String("clear_punches")).toBool();
    w.openDoor = f.payload.value(QLatin1String("open_door")).toBool();
    w.reboot = f.payload.value(QLatin1String("reboot")).toBool();
    for (const QJsonValue v : f.payload.value(QLatin1String("delete")).toArray())
        w.deleteEnrollIds.append(v.toInteger());
    // "upsert": users to create or update, credential data base64 (docs/roster.md)
    for (const QJsonValue v : f.payload.value(QLatin1String("upsert")).toArray()) {
        const QJsonObject o = v.toObject();
        TcpUser u;
        u.enrollId = o.value(QLatin1String("enroll_id")).toInteger();
        u.name = o.value(QLatin1String("name")).toString();
        u.admin = static_cast<int>(o.value(QLatin1String("admin")).toInteger());
        u.disabled = o.value(QLatin1String("disabled")).toBool();
        for (const QJsonValue c : o.value(QLatin1String("credentials")).toArray()) {
            const QJsonObject co = c.toObject();
            const int backupNum = static_cast<int>(co.value(QLatin1String("backup_num")).toInteger(-1));
            auto data = QByteArray::fromBase64Encoding(co.value(QLatin1String("data")).toString().toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
            if (backupNum < 0 || !data) {
                finishCommand(QStringLiteral("failed"),
                              QStringLiteral("upsert: a credential of user %1 has no backup_num or its data is not "
                                             "base64")
                                  .arg(u.enrollId));
                return;
            }
            u.credentials.append({backupNum, data.decoded});
        }
        w.upsertUsers.append(std::move(u));
    }
    const QByteArray body = encodeWriteRequest(w);
    if (body.isEmpty()) {
        finishCommand(QStringLiteral("failed"), QStringLiteral("request cannot be encoded (an enroll id outside "
                                                               "0..4294967295 or a negative backup_num)"));
        return;
    }
    if (body.size() > FRAME_MAX_BODY) {
        finishCommand(QStringLiteral("failed"),
                      w.upsertUsers.size() == 1
                          ? QStringLiteral("user %1 alone does not fit in one request (%2 bytes, at most %3)")
                                .arg(w.upsertUsers.first().enrollId)
                                .arg(body.size())
                                .arg(FRAME_MAX_BODY)
                          : QStringLiteral("request does not fit in one frame (%1 bytes, at most %2)")
                                .arg(body.size())
                                .arg(FRAME_MAX_BODY));
        return;
    }
    qCInfo(lcNet) << "TCP: sending command" << row.id << row.kind << "to" << m_code << "try" << row.tries;
    send(Cmd::ServerWrite, TransferType::Request, body);
    if (w.reboot) {
        // A rebooting terminal does not answer; re-sending would reboot it again.
        finishCommand(QStringLiteral("done"), QStringLiteral("reboot sent (no answer expected)"));
        return;
    }
    m_requestTimer.start();
}

bool TcpSession::sendReadPage()
{
    InFlight &f = *m_inFlight;
    const QString target = f.payload.value(QLatin1String("target")).toString();
    TcpReadRequest r;
    if (target == QLatin1String("status"))
        r.target = ReadTarget::DeviceStatus;
    else if (target == QLatin1String("users"))
        r.target = ReadTarget::Users;
    else if (target == QLatin1String("punches"))
        r.target = ReadTarget::Punches;
    else
        return false;
    f.sequence = m_nextSequence++;
    r.sequence = f.sequence;
    const qint64 fromMs = f.payload.value(QLatin1String("from_ms")).toInteger();
    const qint64 toMs = f.payload.value(QLatin1String("to_ms")).toInteger();
    r.fromTime = fromMs > 0 ? toTerminalTime(fromMs) : 0;
    r.toTime = toMs > 0 ? toTerminalTime(toMs) : 0;
    r.offset = f.offset;
    r.limit = static_cast<quint32>(f.payload.value(QLatin1String("limit")).toInteger());
    if (f.pages == 0)
        f.firstPageMs = wallClockMs();
    ++f.pages;
    qCInfo(lcNet) << "TCP: sending command" << f.command.id << "read" << target << "page" << f.pages << "to" << m_code;
    send(Cmd::ServerRead, TransferType::Request, encodeReadRequest(r));
    m_requestTimer.start();
    return true;
}

void TcpSession::onReadResponse(const Frame &frame)
{
    std::optional<TcpReadResponse> resp = parseReadResponse(frame.body);
    if (!resp) {
        protocolError(QStringLiteral("ReadResponse body is not valid protobuf"), frame.body.left(32));
        return;
    }
    if (!m_inFlight || m_inFlight->cmd != Cmd::ServerRead || resp->sequence != m_inFlight->sequence) {
        qCInfo(lcNet) << "TCP: ReadResponse" << resp->sequence << "from" << m_code << "matches no request; ignored";
        return;
    }
    m_requestTimer.stop();
    if (!resp->ok) {
        finishCommand(QStringLiteral("failed"),
                      resp->error.isEmpty() ? QStringLiteral("terminal refused") : resp->error);
        return;
    }
    InFlight &f = *m_inFlight;
    const qint64 now = wallClockMs();
    storage::ReportJob job;
    job.punches.terminalId = m_terminalId;
    job.punches.sn = m_code;
    job.punches.protocol = Protocol::Tcp;
    job.punches.receivedMs = now;
    job.punches.punches = toPunches(resp->punches, m_utcOffsetMin);
    job.status = resp->status;
    job.credentials = credentialsOf(resp->users);
    f.users += resp->users.size();
    f.punches += resp->punches.size();
    f.status = f.status || resp->status.has_value();
    const quint32 returned = static_cast<quint32>(resp->users.size() + resp->punches.size());
    const bool more = resp->more && returned > 0 && f.pages < MAX_READ_PAGES;
    // The last page of a users read that the terminal says is complete: what it was believed to hold
    // and did not list is gone (deleted at the terminal). A capped or broken read forgets nothing.
    if (!resp->more && f.payload.value(QLatin1String("target")).toString() == QLatin1String("users"))
        job.forgetUsersSeenBeforeMs = f.firstPageMs;
    QPointer<TcpSession> self(this);
    m_ctx.storage->submit(std::move(job), [self, more, returned](const storage::JobResult &r) {
        if (!self || !self->m_inFlight)
            return;
        if (!r.ok) {
            self->finishCommand(QStringLiteral("failed"), QStringLiteral("storing the answer failed: ") + r.error);
            return;
        }
        if (more && !self->m_closing) {
            self->m_inFlight->offset += returned;
            self->sendReadPage(); // the terminal is awake: the next page goes right away
            return;
        }
        self->finishCommand(QStringLiteral("done"), {});
    });
}

void TcpSession::onWriteResponse(const Frame &frame)
{
    std::optional<TcpWriteResponse> resp = parseWriteResponse(frame.body);
    if (!resp) {
        protocolError(QStringLiteral("WriteResponse body is not valid protobuf"), frame.body.left(32));
        return;
    }
    if (!m_inFlight || m_inFlight->cmd != Cmd::ServerWrite || resp->sequence != m_inFlight->sequence) {
        qCInfo(lcNet) << "TCP: WriteResponse" << resp->sequence << "from" << m_code << "matches no request; ignored";
        return;
    }
    m_requestTimer.stop();
    if (resp->ok)
        finishCommand(QStringLiteral("done"), {});
    else
        finishCommand(QStringLiteral("failed"),
                      resp->error.isEmpty() ? QStringLiteral("terminal refused") : resp->error);
}

void TcpSession::finishCommand(const QString &state, const QString &reason)
{
    if (!m_inFlight)
        return;
    m_requestTimer.stop();
    const InFlight f = *m_inFlight;
    m_inFlight.reset();
    QJsonObject result;
    if (f.cmd == Cmd::ServerRead)
        result = QJsonObject{{QStringLiteral("pages"), f.pages},
                             {QStringLiteral("users"), f.users},
                             {QStringLiteral("punches"), f.punches},
                             {QStringLiteral("status"), f.status}};
    qCInfo(lcNet) << "TCP command" << f.command.id << "for" << m_code << state << reason;
    QPointer<TcpSession> self(this);
    m_ctx.storage->submit(
        storage::CompleteCommandJob{
            f.command.id, state,
            result.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)),
            reason, wallClockMs()},
        [self, state](const storage::JobResult &) {
            // The next one goes after the terminal's answer to the previous one; after a
            // timeout it waits for the next heartbeat.
            if (self && state != QLatin1String("queued"))
                self->claimNextCommand();
        });
}

void TcpSession::onRequestTimeout()
{
    if (!m_inFlight)
        return;
    const bool last = m_inFlight->command.tries >= m_ctx.config->commandMaxTries;
    finishCommand(last ? QStringLiteral("failed") : QStringLiteral("queued"),
                  last ? QStringLiteral("no answer after %1 tries").arg(m_inFlight->command.tries)
                       : QStringLiteral("no answer within %1 s, will retry after a heartbeat")
                             .arg(m_ctx.config->tcpRequestTimeoutMs / 1000.0));
}

} // namespace termdesk::tcp
