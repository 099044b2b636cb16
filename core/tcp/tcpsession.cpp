// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpsession.h"

#include "model/terminaltext.h"
#include "net/tracesink.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "tcp/tcpbodies.h"
#include "tcp/tcpcommandcodec.h"
#include "tcp/tcptrace.h"
#include "util/devicetime.h"
#include "util/logging.h"
#include "util/peeraddress.h"

#include <QPointer>
#include <QTcpSocket>

namespace termdesk::tcp {
namespace {

constexpr qint64 READ_BUFFER_BYTES = 256 * 1024;

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

} // namespace

TcpSession::TcpSession(QTcpSocket *socket, const net::SessionContext &context, QObject *parent)
    : TerminalSession(Protocol::Tcp, context, net::peerText(socket->peerAddress(), socket->peerPort()), parent),
      m_socket(socket),
      m_runner(new TcpCommandRunner(
          m_ctx, [this](Cmd cmd, const QByteArray &body) { send(cmd, TransferType::Request, body); }, this))
{
    setCommandRunner(m_runner);
    m_socket->setParent(this);
    m_socket->setReadBufferSize(READ_BUFFER_BYTES); // a flooding peer is throttled by TCP, not our heap
    connect(m_socket, &QTcpSocket::readyRead, this, &TcpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &TcpSession::onDisconnected);
    qCInfo(lcNet) << "TCP connection from" << peerDescription();
}

void TcpSession::closeTransport(const QString &)
{
    m_socket->disconnectFromHost(); // writes what is buffered first
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void TcpSession::onDisconnected()
{
    if (isGone())
        return;
    qCInfo(lcNet) << "TCP disconnected" << who();
    connectionGone();
}

void TcpSession::onReadyRead()
{
    touch();
    const QByteArray bytes = m_socket->readAll();
    if (isClosing())
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
            m_ctx.trace->add(traceEntry(who(), TraceEntry::Direction::In, r.frame.header, r.frame.body, nowMs()));
        handleFrame(r.frame);
        if (isClosing())
            return;
    }
}

void TcpSession::protocolError(const QString &why, const QByteArray &firstBytes)
{
    qCWarning(lcNet) << "TCP protocol error from" << peerDescription() << sn() << ":" << why
                     << "- first bytes:" << hex(firstBytes);
    m_socket->abort();
    connectionGone();
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
    h.terminalTime = toTerminalTime(nowMs());
    const QByteArray frame = encodeFrame(h, body);
    if (frame.isEmpty()) {
        qCWarning(lcNet) << "TCP: a" << int(cmd) << "body of" << body.size() << "bytes does not fit in one frame";
        return;
    }
    m_socket->write(frame);
    if (m_ctx.trace && m_ctx.trace->isEnabled())
        m_ctx.trace->add(traceEntry(who(), TraceEntry::Direction::Out, h, body, nowMs()));
}

void TcpSession::handleFrame(const Frame &frame)
{
    m_peerTerminalId = frame.header.terminalId;
    const Cmd cmd = frame.header.cmd;
    if (frame.header.transfer == TransferType::Response) {
        onResponse(cmd, frame.body);
        return;
    }
    switch (cmd) {
    case Cmd::Heartbeat:
        send(Cmd::Ack, TransferType::Response, encodeAck(0));
        if (isRegistered())
            m_runner->poke(); // awake now: the command queue is served
        return;
    case Cmd::Login:
        onLogin(frame.header.terminalTime, frame.body);
        return;
    case Cmd::RegistryAddress:
        if (m_ctx.config->registryAddress.isEmpty())
            qCWarning(lcNet) << "TCP: registry address asked by" << peerDescription()
                             << "but none is configured (tcp/registryAddress)";
        send(Cmd::RegistryAddress, TransferType::Response, encodeServerAddress(m_ctx.config->registryAddress));
        return;
    default:
        break;
    }
    if (!isRegistered()) {
        qCInfo(lcNet) << "TCP request before login from" << peerDescription() << "- refused and closed";
        refuseLogin(QStringLiteral("not logged in"));
        return;
    }
    switch (cmd) {
    case Cmd::Logout:
        qCInfo(lcNet) << "TCP terminal" << sn() << "logged out";
        send(Cmd::Ack, TransferType::Response, encodeAck(0));
        closeSession(QStringLiteral("logged out"));
        return;
    case Cmd::Report:
        onReport(frame.body);
        return;
    case Cmd::ServerTime:
        send(Cmd::ServerTime, TransferType::Response, encodeServerTime(nowMs()));
        return;
    default:
        qCInfo(lcNet) << "TCP: ignored a cmd" << int(cmd) << "request from" << sn();
        return;
    }
}

void TcpSession::onResponse(Cmd cmd, const QByteArray &body)
{
    if (!isRegistered()) {
        qCInfo(lcNet) << "TCP response before login from" << peerDescription() << "- refused and closed";
        refuseLogin(QStringLiteral("not logged in"));
        return;
    }
    if (cmd != Cmd::ServerRead && cmd != Cmd::ServerWrite) {
        qCInfo(lcNet) << "TCP: ignored a cmd" << int(cmd) << "response from" << sn();
        return;
    }
    const bool read = cmd == Cmd::ServerRead;
    const TcpCommandRunner::Answer a = read ? m_runner->onReadResponse(body) : m_runner->onWriteResponse(body);
    if (a == TcpCommandRunner::Answer::Malformed)
        protocolError(read ? QStringLiteral("ReadResponse body is not valid protobuf")
                           : QStringLiteral("WriteResponse body is not valid protobuf"),
                      body.left(32));
}

void TcpSession::refuseLogin(const QString &reason)
{
    send(Cmd::Login, TransferType::Response, encodeLoginReply(TcpLoginReply{false, reason, 0, nowMs()}));
    closeSession(QStringLiteral("login refused: %1").arg(reason));
}

void TcpSession::onLogin(quint32 terminalTime, const QByteArray &body)
{
    const std::optional<QString> code = parseLoginCode(body);
    if (!code) {
        // The reason comes from the input rules (model/terminaltext.h), applied to what the
        // body says read leniently; a code they accept but the codec did not is "bad".
        const QString text = QString::fromUtf8(body);
        auto padding = [](QChar c) { return c.isNull() || c.isSpace(); };
        qsizetype from = 0, to = text.size();
        while (to > from && padding(text.at(to - 1)))
            --to;
        while (from < to && padding(text.at(from)))
            ++from;
        const QStringView lenient = QStringView(text).sliced(from, to - from);
        const QString why =
            terminaltext::serialRefusal(lenient, u"terminal code").value_or(QStringLiteral("bad terminal code"));
        qCWarning(lcNet) << "TCP login with an unusable code from" << peerDescription() << ":" << why << "-"
                         << hex(body.left(32));
        refuseLogin(why);
        return;
    }
    storage::RegisterJob job;
    job.sn = *code;
    if (terminalTime != 0) {
        const qint64 deviceUtcMs = fromTerminalTime(terminalTime);
        job.info.deviceTime =
            devicetime::formatLocal(deviceUtcMs / 1000 + devicetime::systemOffsetAtUtc(deviceUtcMs) * 60);
    }
    registerTerminal(std::move(job));
}

void TcpSession::refused(const QString &, const QString &reason)
{
    refuseLogin(reason);
}

void TcpSession::admitted(const storage::RegisterResult &o, bool)
{
    send(Cmd::Login, TransferType::Response,
         encodeLoginReply(TcpLoginReply{true, {}, static_cast<quint32>(o.terminalId & 0xFFFFFF), nowMs()}));
    m_runner->start(sn(), o.terminalId, o.utcOffsetMin); // commands wait for the next heartbeat
}

void TcpSession::onReport(const QByteArray &body)
{
    std::optional<TcpReport> report = parseReport(body);
    if (!report) {
        protocolError(QStringLiteral("Report body is not valid protobuf (%1 bytes)").arg(body.size()), body.left(32));
        return;
    }
    storage::ReportJob job;
    job.punches.terminalId = terminalId();
    job.punches.sn = sn();
    job.punches.protocol = Protocol::Tcp;
    job.punches.utcOffsetMin = utcOffsetMin();
    job.punches.receivedMs = nowMs();
    job.punches.punches = commands::toPunches(report->punches, utcOffsetMin());
    job.status = report->status;
    job.credentials = commands::credentialsOf(report->users);
    for (const TcpAlarm &a : report->alarms)
        job.alarms.append(storage::AlarmRecord{a.code, a.text, fromTerminalTime(a.utcSeconds2020)});
    const quint32 sequence = report->sequence;
    QPointer<TcpSession> self(this);
    m_ctx.storage->submit(std::move(job), [self, sequence](const storage::JobResult &r) {
        if (!self)
            return;
        if (!r.ok) {
            // No negative ack exists: the terminal keeps the report and sends it again.
            qCWarning(lcNet) << "TCP report" << sequence << "of" << self->sn() << "not stored:" << r.error;
            return;
        }
        self->send(Cmd::Report, TransferType::Response, encodeAck(static_cast<qint32>(sequence)));
    });
}

} // namespace termdesk::tcp
