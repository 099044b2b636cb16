// SPDX-License-Identifier: GPL-3.0-or-later
#include "simtcpterminal.h"

#include "simtcpdevice.h"
#include "terminal.pb.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QTcpSocket>

#include <algorithm>
#include <climits>
#include <utility>

namespace termdesk::sim {
namespace {

namespace v1 = termdesk::tcp::v1;

Q_LOGGING_CATEGORY(lcSimTcp, "termdesk.sim.tcp", QtWarningMsg)

constexpr int CONNECT_TIMEOUT_MS = 10000;
constexpr int REBOOT_DELAY_MS = 1000;
constexpr int CLOSE_GRACE_MS = 2000;
constexpr int MAX_LOGIN_RETRY_MS = 60000;
constexpr int USERS_PER_REPORT = 200;
constexpr size_t MAX_USER_BYTES = 60000;
constexpr quint32 MAX_SEQUENCE = 0x7fffffff; // Ack.sequence is an int32

QByteArray serialize(const google::protobuf::MessageLite &message)
{
    QByteArray out(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeToArray(out.data(), int(out.size()));
    return out;
}

template <typename Message> bool parse(Message &message, const QByteArray &body)
{
    return message.ParseFromArray(body.constData(), int(body.size()));
}

} // namespace

SimTcpTerminal::SimTcpTerminal(TcpTerminalOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_device(std::make_unique<SimTcpDevice>(m_options)),
      m_faultRng(m_options.seed * 69069u + 7654321u)
{
    m_options.batchSize = std::clamp(m_options.batchSize, 1, TcpTerminalOptions::MAX_PUNCHES_PER_REPORT);
    m_options.reconnectMinMs = std::max(0, m_options.reconnectMinMs);
    m_options.reconnectMaxMs = std::max(m_options.reconnectMinMs, m_options.reconnectMaxMs);
    m_options.heartbeatMs = std::max(1, m_options.heartbeatMs);
    m_terminalId = m_options.terminalId != 0 ? m_options.terminalId : m_device->derivedTerminalId();
    m_nextSequence = m_options.firstSequence != 0 ? m_options.firstSequence : m_device->terminalTime();
    m_nextSequence = std::clamp<quint32>(m_nextSequence, 1, MAX_SEQUENCE);
    if (const qsizetype n = m_options.code.toUtf8().size(); n < 1 || n > 64)
        qCWarning(lcSimTcp) << "terminal code" << m_options.code << "is not 1..64 bytes of UTF-8";

    for (QTimer *t :
         {&m_wakeTimer, &m_connectTimer, &m_replyTimer, &m_awakeTimer, &m_ackTimer, &m_faultTimer, &m_dribbleTimer})
        t->setSingleShot(true);
    m_dribbleTimer.setInterval(0);
    connect(&m_wakeTimer, &QTimer::timeout, this, &SimTcpTerminal::connectNow);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcSimTcp) << m_options.code << "connect timed out";
        dropConnection();
    });
    connect(&m_replyTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::LoggingOut) {
            goToSleep(); // no ack for the logout: sleep anyway
        } else if (m_state == State::LoggingIn) {
            qCInfo(lcSimTcp) << m_options.code << "no LoginReply";
            dropConnection();
        }
    });
    connect(&m_awakeTimer, &QTimer::timeout, this, &SimTcpTerminal::logout);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Awake && !m_faultPending)
            sendFrame(TcpFrame::Heartbeat, TcpFrame::Request);
    });
    connect(&m_ackTimer, &QTimer::timeout, this, [this] {
        if (!m_held || !m_onWire)
            return;
        qCInfo(lcSimTcp) << m_options.code << "no ack for report" << m_held->sequence << "- re-sending";
        m_onWire = false;
        trySend();
    });
    connect(&m_faultTimer, &QTimer::timeout, this, [this] {
        if (m_faultMustClose) {
            ++m_counters.faultsUnclosed;
            qCWarning(lcSimTcp) << m_options.code << "the server kept the connection open after an invalid frame";
        }
        dropConnection();
    });
    connect(&m_dribbleTimer, &QTimer::timeout, this, &SimTcpTerminal::pump);
}

SimTcpTerminal::~SimTcpTerminal()
{
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
}

QString SimTcpTerminal::code() const
{
    return m_options.code;
}

int SimTcpTerminal::pendingRecords() const
{
    return int(std::min<qint64>(m_device->attendanceCount() - m_counters.acknowledged, INT_MAX));
}

qint64 SimTcpTerminal::undeliveredRecords() const
{
    return m_device->logEnd() - m_delivered;
}

QList<SimUser> SimTcpTerminal::users() const
{
    return m_device->users();
}

Counters SimTcpTerminal::counters() const
{
    Counters c = m_counters;
    c.generated = m_device->attendanceCount();
    c.doorEvents = m_device->doorEventCount();
    return c;
}

qint64 SimTcpTerminal::clockMs() const
{
    return m_device->nowMs();
}

void SimTcpTerminal::setFaults(const TcpFaults &faults)
{
    m_options.faults = faults;
}

void SimTcpTerminal::start()
{
    if (m_started)
        return;
    m_started = true;
    m_attempt = 0;
    connectNow();
}

void SimTcpTerminal::stop()
{
    m_started = false;
    m_wakeTimer.stop();
    const bool wasConnected = m_state == State::LoggingIn || m_state == State::Awake || m_state == State::LoggingOut;
    closeSocket(true);
    m_state = State::Stopped;
    if (wasConnected)
        Q_EMIT disconnected();
}

void SimTcpTerminal::setHost(const QString &host, quint16 port)
{
    m_options.host = host;
    m_options.port = port;
    if (!m_started || (m_state != State::BackingOff && m_state != State::Connecting))
        return; // a live connection stays; a sleeping terminal uses the new address when it wakes
    closeSocket(false);
    m_attempt = 0;
    connectNow();
}

void SimTcpTerminal::wakeUp()
{
    if (m_started && !m_socket)
        connectNow();
}

void SimTcpTerminal::generatePunches(int n)
{
    if (n <= 0)
        return;
    m_device->generatePunches(n);
    if (m_state == State::Awake) {
        touchActivity();
        scheduleSend();
    }
}

void SimTcpTerminal::sendRaw(const QByteArray &bytes)
{
    writeBytes(bytes, false);
}

bool SimTcpTerminal::chance(double p)
{
    return p > 0 && m_faultRng.generateDouble() < p;
}

// --- connection ---------------------------------------------------------------------------------------------

void SimTcpTerminal::connectNow()
{
    if (!m_started || m_socket)
        return;
    m_wakeTimer.stop();
    auto *s = new QTcpSocket(this);
    m_socket = s;
    m_state = State::Connecting;
    connect(s, &QTcpSocket::connected, this, [this, s] {
        if (s == m_socket)
            onConnected();
    });
    connect(s, &QTcpSocket::readyRead, this, [this, s] {
        if (s == m_socket)
            onReadyRead();
    });
    connect(s, &QTcpSocket::stateChanged, this, [this, s](QAbstractSocket::SocketState state) {
        if (s == m_socket && state == QAbstractSocket::UnconnectedState)
            onSocketGone();
    });
    m_connectTimer.start(CONNECT_TIMEOUT_MS);
    qCDebug(lcSimTcp) << m_options.code << "connecting to" << m_options.host << m_options.port;
    s->connectToHost(m_options.host, m_options.port);
}

void SimTcpTerminal::onConnected()
{
    m_connectTimer.stop();
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_everConnected && m_lastEndUnplanned)
        ++m_counters.reconnects;
    m_everConnected = true;
    m_lastEndUnplanned = true; // until a logout ends this connection
    m_decoder.reset();
    m_state = State::LoggingIn;
    sendFrame(TcpFrame::Login, TcpFrame::Request, m_options.code.toUtf8());
    m_replyTimer.start(std::max(1, m_options.replyTimeoutMs));
}

void SimTcpTerminal::onSocketGone()
{
    if (m_state == State::LoggingOut)
        goToSleep(); // the server closes after acking the logout
    else
        dropConnection();
}

void SimTcpTerminal::closeSocket(bool graceful)
{
    for (QTimer *t : {&m_connectTimer, &m_replyTimer, &m_awakeTimer, &m_heartbeatTimer, &m_ackTimer, &m_faultTimer,
                      &m_dribbleTimer})
        t->stop();
    m_out.clear();
    m_afterFlush = AfterFlush::Nothing;
    m_onWire = false; // the held report (if any) is re-sent first after the next login, unchanged
    m_faultPending = false;
    m_faultMustClose = false;
    m_decoder.reset();
    QTcpSocket *s = std::exchange(m_socket, nullptr);
    if (!s)
        return;
    disconnect(s, nullptr, this, nullptr);
    if (!graceful || s->state() != QAbstractSocket::ConnectedState) {
        s->abort();
        s->deleteLater();
        return;
    }
    connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
    QTimer::singleShot(CLOSE_GRACE_MS, s, &QObject::deleteLater);
    s->disconnectFromHost(); // after the pending bytes
}

void SimTcpTerminal::dropConnection(int delayMs)
{
    const bool wasConnected = m_state == State::LoggingIn || m_state == State::Awake || m_state == State::LoggingOut;
    closeSocket(false);
    m_lastEndUnplanned = true;
    if (wasConnected) {
        qCInfo(lcSimTcp) << m_options.code << "disconnected";
        Q_EMIT disconnected();
    }
    if (!m_started) {
        m_state = State::Stopped;
        return;
    }
    if (m_socket)
        return; // a slot reconnected already
    m_state = State::BackingOff;
    m_wakeTimer.start(delayMs >= 0 ? delayMs : nextReconnectDelay());
}

void SimTcpTerminal::goToSleep()
{
    closeSocket(true);
    m_lastEndUnplanned = false;
    if (!m_started) {
        m_state = State::Stopped;
        return;
    }
    m_state = State::Sleeping;
    m_wakeTimer.start(std::max(0, m_options.sleepMs));
    qCDebug(lcSimTcp) << m_options.code << "asleep";
    Q_EMIT disconnected();
    Q_EMIT asleep();
}

int SimTcpTerminal::nextReconnectDelay()
{
    // Exponential back-off with jitter in [d/2, d], so a restarted server is not hit by the whole fleet at once.
    const int shift = std::min(m_attempt, 20);
    ++m_attempt;
    const qint64 d = std::min<qint64>(qint64(m_options.reconnectMinMs) << shift, m_options.reconnectMaxMs);
    return int(d / 2 + m_faultRng.bounded(quint32(d / 2 + 1)));
}

int SimTcpTerminal::nextLoginRetryDelay()
{
    const int base = std::max(1, m_options.loginRetryMs);
    const int shift = std::min(m_refusalStreak - 1, 10);
    const qint64 d = std::min<qint64>(qint64(base) << std::max(0, shift), std::max(base, MAX_LOGIN_RETRY_MS));
    return int(d / 2 + m_faultRng.bounded(quint32(d / 2 + 1)));
}

// --- receiving ----------------------------------------------------------------------------------------------

void SimTcpTerminal::onReadyRead()
{
    QTcpSocket *s = m_socket;
    m_decoder.feed(s->readAll());
    TcpFrame frame;
    QString error;
    while (s == m_socket) {
        switch (m_decoder.next(frame, &error)) {
        case TcpFrameDecoder::Status::NeedMore:
            return;
        case TcpFrameDecoder::Status::Malformed:
            protocolError(error);
            return;
        case TcpFrameDecoder::Status::Frame:
            handleFrame(frame);
            break;
        }
    }
}

void SimTcpTerminal::protocolError(const QString &what)
{
    qCWarning(lcSimTcp) << m_options.code << "protocol error from the server:" << what;
    dropConnection();
}

void SimTcpTerminal::handleFrame(const TcpFrame &frame)
{
    const bool response = frame.transferType == TcpFrame::Response;
    switch (frame.cmd) {
    case TcpFrame::Login:
        if (response)
            onLoginReply(frame.body);
        return;
    case TcpFrame::Ack: {
        v1::Ack ack;
        if (!parse(ack, frame.body))
            return protocolError(QStringLiteral("cmd 9 body is not an Ack"));
        if (m_state == State::LoggingOut)
            goToSleep();
        return; // otherwise the heartbeat's ack
    }
    case TcpFrame::Report: {
        v1::Ack ack;
        if (!response)
            return;
        if (!parse(ack, frame.body))
            return protocolError(QStringLiteral("cmd 6 response body is not an Ack"));
        onReportAck(ack.sequence());
        return;
    }
    case TcpFrame::ServerTime: {
        v1::ServerTime time;
        if (!response)
            return;
        if (!parse(time, frame.body))
            return protocolError(QStringLiteral("cmd 7 response body is not a ServerTime"));
        m_serverTimeMs = time.epoch_ms();
        Q_EMIT serverTimeReceived(m_serverTimeMs);
        return;
    }
    case TcpFrame::RegistryAddress: {
        v1::ServerAddress address;
        if (!response)
            return;
        if (!parse(address, frame.body))
            return protocolError(QStringLiteral("cmd 8 response body is not a ServerAddress"));
        m_registryAddress = QString::fromStdString(address.address());
        return;
    }
    case TcpFrame::ServerRead:
        if (!response && m_state == State::Awake)
            handleRead(frame.body);
        return;
    case TcpFrame::ServerWrite:
        if (!response && m_state == State::Awake)
            handleWrite(frame.body);
        return;
    default:
        qCInfo(lcSimTcp) << m_options.code << "ignored cmd" << frame.cmd << "type" << frame.transferType;
        return;
    }
}

void SimTcpTerminal::onLoginReply(const QByteArray &body)
{
    v1::LoginReply reply;
    if (!parse(reply, body))
        return protocolError(QStringLiteral("cmd 2 response body is not a LoginReply"));
    if (m_state == State::LoggingOut)
        return;
    if (!reply.accepted()) {
        ++m_counters.refused;
        ++m_refusalStreak;
        const QString reason = QString::fromStdString(reply.reason());
        qCInfo(lcSimTcp) << m_options.code << "login refused:" << reason;
        const int delay = nextLoginRetryDelay();
        QTcpSocket *s = m_socket;
        Q_EMIT refused(reason);
        if (s == m_socket && m_socket)
            dropConnection(delay);
        return;
    }
    if (m_state != State::LoggingIn)
        return;
    m_replyTimer.stop();
    m_state = State::Awake;
    m_attempt = 0;
    m_refusalStreak = 0;
    ++m_counters.wakeups;
    if (reply.terminal_id() != 0)
        m_terminalId = reply.terminal_id();
    qCDebug(lcSimTcp) << m_options.code << "logged in";
    Q_EMIT registered();
    if (m_state != State::Awake)
        return;
    sendHeartbeat();
    sendFrame(TcpFrame::ServerTime, TcpFrame::Request);
    if (m_options.askRegistry)
        sendFrame(TcpFrame::RegistryAddress, TcpFrame::Request);
    touchActivity();
    trySend(); // the report held from a lost connection goes first, with its sequence
    checkIdle();
}

void SimTcpTerminal::onReportAck(qint32 sequence)
{
    if (!m_held || quint32(sequence) != m_held->sequence) {
        qCInfo(lcSimTcp) << m_options.code << "ack" << sequence << "does not match the report in flight";
        return; // e.g. the second ack of a report sent twice
    }
    const HeldReport held = *std::exchange(m_held, std::nullopt);
    m_ackTimer.stop();
    m_onWire = false;
    const bool wantKeys =
        m_options.keepAcked || isSignalConnected(QMetaMethod::fromSignal(&SimTcpTerminal::punchesAcknowledged));
    QList<PunchKey> keys;
    if (wantKeys) {
        for (qsizetype i = held.first; i < held.first + held.count; ++i) {
            const TcpLogRecord &r = m_device->record(i);
            if (!r.isDoorEvent())
                keys.append(m_device->key(r));
        }
    }
    m_counters.acknowledged += held.punches;
    ++m_counters.batchesAcked;
    m_delivered = held.first + held.count;
    m_usersReported += held.users;
    if (m_options.keepAcked)
        m_acked.append(keys);
    touchActivity();
    if (wantKeys)
        Q_EMIT punchesAcknowledged(keys);
    Q_EMIT batchAcknowledged(held.punches);
    trySend();
    checkIdle();
}

void SimTcpTerminal::handleRead(const QByteArray &body)
{
    v1::ReadRequest request;
    if (!parse(request, body))
        return protocolError(QStringLiteral("cmd 4 request body is not a ReadRequest"));
    v1::ReadResponse response;
    m_device->read(request, &response, undeliveredRecords());
    sendFrame(TcpFrame::ServerRead, TcpFrame::Response, serialize(response));
    ++m_counters.requestsAnswered;
    touchActivity();
    Q_EMIT requestAnswered(TcpFrame::ServerRead, request.sequence(), response.ok());
}

void SimTcpTerminal::handleWrite(const QByteArray &body)
{
    v1::WriteRequest request;
    if (!parse(request, body))
        return protocolError(QStringLiteral("cmd 5 request body is not a WriteRequest"));
    v1::WriteResponse response;
    const SimTcpDevice::WriteOutcome out = m_device->write(request, &response, m_delivered);
    sendFrame(TcpFrame::ServerWrite, TcpFrame::Response, serialize(response));
    ++m_counters.requestsAnswered;
    touchActivity();
    if (out.logChanged)
        scheduleSend();
    if (out.reboot) {
        qCInfo(lcSimTcp) << m_options.code << "reboot";
        m_afterFlush = AfterFlush::Reboot;
        if (m_out.isEmpty())
            pump();
    }
    Q_EMIT requestAnswered(TcpFrame::ServerWrite, request.sequence(), response.ok());
}

// --- awake cycle --------------------------------------------------------------------------------------------

void SimTcpTerminal::sendHeartbeat()
{
    sendFrame(TcpFrame::Heartbeat, TcpFrame::Request);
    m_heartbeatTimer.start(m_options.heartbeatMs);
}

void SimTcpTerminal::touchActivity()
{
    if (m_state == State::Awake && !m_options.alwaysAwake)
        m_awakeTimer.start(std::max(0, m_options.awakeMs));
}

void SimTcpTerminal::logout()
{
    if (m_state != State::Awake || m_options.alwaysAwake)
        return;
    if (m_onWire || m_faultPending || m_held || m_sendQueued || !m_out.isEmpty()) {
        touchActivity(); // not before the report in flight is acked
        return;
    }
    m_heartbeatTimer.stop();
    m_state = State::LoggingOut;
    sendFrame(TcpFrame::Logout, TcpFrame::Request, m_options.code.toUtf8());
    m_replyTimer.start(std::max(1, m_options.replyTimeoutMs));
}

void SimTcpTerminal::checkIdle()
{
    if (m_state == State::Awake && !m_held && m_delivered == m_device->logEnd() && !usersToReport())
        Q_EMIT idle();
}

bool SimTcpTerminal::usersToReport() const
{
    return m_options.reportUsers && m_usersReported < m_device->userCount();
}

// --- reports ------------------------------------------------------------------------------------------------

void SimTcpTerminal::scheduleSend()
{
    // Deferred, so punches generated in the same event-loop turn share a report.
    if (m_sendQueued)
        return;
    m_sendQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_sendQueued = false;
            trySend();
        },
        Qt::QueuedConnection);
}

void SimTcpTerminal::trySend()
{
    if (m_state != State::Awake || m_onWire || m_faultPending || m_afterFlush != AfterFlush::Nothing)
        return;
    if (!m_held && !buildReport())
        return;
    sendHeld();
}

bool SimTcpTerminal::buildReport()
{
    HeldReport held;
    held.sequence = m_nextSequence;
    held.first = m_delivered;
    v1::Report report;
    report.set_sequence(held.sequence);
    if (usersToReport()) {
        held.users = m_device->appendUsers(report.mutable_users(), m_usersReported, USERS_PER_REPORT, MAX_USER_BYTES);
    } else {
        const qsizetype available = m_device->logEnd() - m_delivered;
        if (available == 0)
            return false;
        held.count = std::min<qsizetype>(m_options.batchSize, available);
        for (qsizetype i = held.first; i < held.first + held.count; ++i) {
            const TcpLogRecord &r = m_device->record(i);
            m_device->toProto(r, report.add_punches());
            if (!r.isDoorEvent())
                ++held.punches;
        }
    }
    m_device->fillStatus(report.mutable_status(), m_device->logEnd() - m_delivered);
    held.body = serialize(report);
    if (held.body.size() > TcpFrame::MAX_BODY) { // cannot happen with MAX_PUNCHES_PER_REPORT; be safe anyway
        qCWarning(lcSimTcp) << m_options.code << "report of" << held.body.size() << "bytes not sent";
        return false;
    }
    m_held = std::move(held);
    m_nextSequence = m_nextSequence >= MAX_SEQUENCE ? 1 : m_nextSequence + 1;
    return true;
}

void SimTcpTerminal::sendHeld()
{
    const TcpFaults &faults = m_options.faults;
    if (chance(faults.garbage))
        return injectGarbage();
    if (chance(faults.oversize))
        return injectOversize();

    for (qsizetype i = m_held->first; i < m_held->first + m_held->count; ++i) {
        if (m_device->record(i).isDoorEvent())
            continue;
        if (i < m_sentUpTo)
            ++m_counters.resent;
        else
            ++m_counters.sent;
    }
    m_sentUpTo = std::max(m_sentUpTo, m_held->first + m_held->count);
    sendFrame(TcpFrame::Report, TcpFrame::Request, m_held->body);
    m_onWire = true;
    if (m_options.ackTimeoutMs > 0)
        m_ackTimer.start(m_options.ackTimeoutMs);
    touchActivity();
    if (chance(faults.resentReport)) {
        qCInfo(lcSimTcp) << m_options.code << "fault: report" << m_held->sequence << "sent twice";
        sendFrame(TcpFrame::Report, TcpFrame::Request, m_held->body);
        m_counters.resent += m_held->punches;
    }
    if (chance(faults.lostAck)) {
        // Push the report out first, so the server usually stores it and its ack is what gets lost.
        qCInfo(lcSimTcp) << m_options.code << "fault: dropping the connection before the ack of" << m_held->sequence;
        m_afterFlush = AfterFlush::Drop;
        if (m_out.isEmpty())
            pump();
    }
}

void SimTcpTerminal::injectGarbage()
{
    ++m_counters.faultsInjected;
    QByteArray junk(16 + int(m_faultRng.bounded(48)), Qt::Uninitialized);
    for (char &c : junk)
        c = char(m_faultRng.bounded(256));
    if (quint8(junk.at(0)) == 0x78)
        junk[0] = char(0x87); // never a valid magic
    qCInfo(lcSimTcp) << m_options.code << "fault: garbage" << junk.toHex(' ');
    writeBytes(junk, false);
    m_faultPending = true;
    m_faultMustClose = true;
    m_faultTimer.start(std::max(0, m_options.faultCloseTimeoutMs));
}

void SimTcpTerminal::injectOversize()
{
    ++m_counters.faultsInjected;
    const quint32 now = m_device->terminalTime();
    if (m_faultRng.bounded(2) == 0) {
        // A valid header announcing the largest body, then a few bytes and silence: the server can only wait.
        QByteArray bytes = TcpFrame::encodeHeader(TcpFrame::MAGIC, m_terminalId, TcpFrame::Report,
                                                  TcpFrame::FromTerminal, TcpFrame::Request, now, 0xffff);
        for (int i = 0; i < 16; ++i)
            bytes.append(char(m_faultRng.bounded(256)));
        qCInfo(lcSimTcp) << m_options.code << "fault: header announcing 65535 body bytes, then silence";
        writeBytes(bytes, false);
        m_faultMustClose = false;
    } else {
        // A header with the magic's bytes swapped (57 78): the server must close.
        qCInfo(lcSimTcp) << m_options.code << "fault: header with a bad magic";
        writeBytes(TcpFrame::encodeHeader(0x5778, m_terminalId, TcpFrame::Report, TcpFrame::FromTerminal,
                                          TcpFrame::Request, now, 0),
                   false);
        m_faultMustClose = true;
    }
    m_faultPending = true;
    m_faultTimer.start(std::max(0, m_options.faultCloseTimeoutMs));
}

// --- writing ------------------------------------------------------------------------------------------------

void SimTcpTerminal::sendFrame(quint8 cmd, quint8 transferType, const QByteArray &body)
{
    TcpFrame frame;
    frame.terminalId = m_terminalId;
    frame.cmd = cmd;
    frame.source = TcpFrame::FromTerminal;
    frame.transferType = transferType;
    frame.terminalTime = m_device->terminalTime();
    frame.body = body;
    writeBytes(frame.encode(), chance(m_options.faults.slowSender));
}

void SimTcpTerminal::writeBytes(const QByteArray &bytes, bool slow)
{
    if (!m_socket || bytes.isEmpty() || m_state == State::Connecting)
        return;
    m_out.append(Chunk{bytes, 0, slow});
    if (!m_dribbleTimer.isActive())
        pump();
}

void SimTcpTerminal::pump()
{
    while (!m_out.isEmpty() && m_socket) {
        Chunk &c = m_out.first();
        if (!c.slow) {
            m_socket->write(c.bytes);
            m_out.removeFirst();
            continue;
        }
        // One byte now, the next one from the event loop: the server sees the frame in many pieces.
        m_socket->write(c.bytes.constData() + c.pos, 1);
        m_socket->flush();
        if (++c.pos == c.bytes.size())
            m_out.removeFirst();
        if (!m_out.isEmpty()) {
            m_dribbleTimer.start();
            return;
        }
    }
    if (!m_out.isEmpty() || !m_socket || m_afterFlush == AfterFlush::Nothing)
        return;
    const AfterFlush after = std::exchange(m_afterFlush, AfterFlush::Nothing);
    m_socket->flush();
    dropConnection(after == AfterFlush::Reboot ? REBOOT_DELAY_MS : -1);
}

} // namespace termdesk::sim
