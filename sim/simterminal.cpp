// SPDX-License-Identifier: GPL-3.0-or-later
#include "simterminal.h"

#include "simcommands.h"
#include "simdevice.h"
#include "simjson.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSslConfiguration>
#include <QWebSocket>

#include <algorithm>
#include <climits>
#include <utility>

namespace termdesk::sim {
namespace {

Q_LOGGING_CATEGORY(lcSim, "termdesk.sim", QtWarningMsg)

constexpr int CONNECT_TIMEOUT_MS = 10000; // TCP connect + WebSocket handshake
constexpr int REBOOT_DELAY_MS = 1000;
constexpr int CLOSE_GRACE_MS = 2000;

} // namespace

SimTerminal::SimTerminal(TerminalOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_device(std::make_unique<SimDevice>(m_options)),
      m_commands(std::make_unique<SimCommands>(*m_device, m_options.quirks)),
      m_faultRng(m_options.seed * 69069u + 1234567u)
{
    m_options.batchSize = std::max(1, m_options.batchSize);
    m_options.reconnectMinMs = std::max(0, m_options.reconnectMinMs);
    m_options.reconnectMaxMs = std::max(m_options.reconnectMinMs, m_options.reconnectMaxMs);
    for (QTimer *t : {&m_reconnectTimer, &m_connectTimer, &m_regTimer, &m_ackTimer, &m_retryTimer})
        t->setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SimTerminal::connectNow);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcSim) << m_options.sn << "connect timed out";
        dropConnection(true);
    });
    connect(&m_regTimer, &QTimer::timeout, this, [this] {
        if (m_connected && !m_registered)
            sendReg(); // §1.3: an unanswered (or refused) reg is repeated, about every 20 s
    });
    connect(&m_ackTimer, &QTimer::timeout, this, [this] {
        if (!m_batchOnWire)
            return;
        qCInfo(lcSim) << m_options.sn << "no ack for logindex" << m_device->logIndex(m_delivered) << "- re-sending";
        m_batchOnWire = false;
        trySend();
    });
    connect(&m_retryTimer, &QTimer::timeout, this, &SimTerminal::trySend);
}

SimTerminal::~SimTerminal()
{
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
}

QString SimTerminal::sn() const
{
    return m_options.sn;
}

int SimTerminal::pendingRecords() const
{
    return int(std::min<qint64>(m_device->attendanceCount() - m_counters.acknowledged, INT_MAX));
}

qint64 SimTerminal::undeliveredRecords() const
{
    return m_device->logSize() - m_delivered;
}

Counters SimTerminal::counters() const
{
    Counters c = m_counters;
    c.generated = m_device->attendanceCount();
    c.doorEvents = m_device->doorEventCount();
    return c;
}

void SimTerminal::start()
{
    if (m_started)
        return;
    m_started = true;
    m_attempt = 0;
    connectNow();
}

void SimTerminal::stop()
{
    m_started = false;
    m_reconnectTimer.stop();
    dropConnection(false);
}

void SimTerminal::setUrl(const QUrl &url)
{
    m_options.url = url;
    if (!m_started || m_connected)
        return; // a live connection stays; the next one uses the new URL
    if (QWebSocket *s = std::exchange(m_socket, nullptr)) {
        disconnect(s, nullptr, this, nullptr);
        s->abort();
        s->deleteLater();
    }
    m_connectTimer.stop();
    m_reconnectTimer.stop();
    m_attempt = 0;
    connectNow();
}

void SimTerminal::generatePunches(int n)
{
    if (n <= 0)
        return;
    m_device->generatePunches(n);
    scheduleSend();
}

void SimTerminal::sendRaw(const QByteArray &text)
{
    sendText(text);
}

void SimTerminal::connectNow()
{
    if (!m_started || m_socket)
        return;
    auto *s = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = s;
    connect(s, &QWebSocket::connected, this, [this, s] {
        if (s == m_socket)
            onConnected();
    });
    // A refused connect may report only stateChanged; a dropped one reports both: either is enough.
    connect(s, &QWebSocket::disconnected, this, [this, s] {
        if (s == m_socket)
            onSocketGone();
    });
    connect(s, &QWebSocket::stateChanged, this, [this, s](QAbstractSocket::SocketState state) {
        if (s == m_socket && state == QAbstractSocket::UnconnectedState)
            onSocketGone();
    });
    connect(s, &QWebSocket::textMessageReceived, this, [this, s](const QString &text) {
        if (s == m_socket)
            onText(text);
    });
    connect(s, &QWebSocket::binaryMessageReceived, this, [this, s](const QByteArray &bytes) {
        if (s == m_socket)
            onText(QString::fromUtf8(bytes));
    });
    if (!m_options.tlsCa.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_options.tlsCa);
        s->setSslConfiguration(tls);
    }
    if (!m_options.tlsPin.isEmpty()) {
        // A pinned certificate (as a terminal that was given the fingerprint): trusted whatever its chain.
        connect(s, &QWebSocket::sslErrors, this, [this, s](const QList<QSslError> &errors) {
            if (s->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) == m_options.tlsPin)
                s->ignoreSslErrors();
            else
                qCWarning(lcSim) << m_options.sn << "server certificate not the pinned one:" << errors;
        });
    }
    m_connectTimer.start(CONNECT_TIMEOUT_MS);
    qCDebug(lcSim) << m_options.sn << "connecting to" << m_options.url;
    s->open(m_options.url);
}

void SimTerminal::onConnected()
{
    m_connectTimer.stop();
    m_connected = true;
    m_registered = false;
    if (m_everConnected)
        ++m_counters.reconnects;
    m_everConnected = true;
    sendReg();
}

void SimTerminal::onSocketGone()
{
    dropConnection(true);
}

void SimTerminal::dropConnection(bool abort)
{
    QWebSocket *s = std::exchange(m_socket, nullptr);
    if (!s)
        return;
    disconnect(s, nullptr, this, nullptr);
    if (abort || s->state() != QAbstractSocket::ConnectedState) {
        s->abort();
        s->deleteLater();
    } else {
        connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
        QTimer::singleShot(CLOSE_GRACE_MS, s, &QObject::deleteLater);
        s->close();
    }
    const bool wasConnected = m_connected;
    m_connected = false;
    m_registered = false;
    m_batchOnWire = false; // the held batch (m_batchCount) is re-sent first after the next reg
    for (QTimer *t : {&m_connectTimer, &m_regTimer, &m_ackTimer, &m_retryTimer})
        t->stop();
    if (wasConnected) {
        qCInfo(lcSim) << m_options.sn << "disconnected";
        Q_EMIT disconnected();
    }
    if (m_started && !m_socket && !m_reconnectTimer.isActive()) {
        m_reconnectTimer.start(m_rebooting ? REBOOT_DELAY_MS : nextReconnectDelay());
        m_rebooting = false;
    }
}

int SimTerminal::nextReconnectDelay()
{
    // Exponential back-off with jitter in [d/2, d], so a restarted server is not hit by the whole fleet at once.
    const int shift = std::min(m_attempt, 20);
    ++m_attempt;
    const qint64 d = std::min<qint64>(qint64(m_options.reconnectMinMs) << shift, m_options.reconnectMaxMs);
    return int(d / 2 + m_faultRng.bounded(quint32(d / 2 + 1)));
}

void SimTerminal::sendText(const QByteArray &text)
{
    if (m_socket && m_connected)
        m_socket->sendTextMessage(QString::fromUtf8(text));
}

void SimTerminal::sendReg()
{
    sendText(m_device->regMessage(m_device->logSize() - m_delivered));
    m_regTimer.start(std::max(1, m_options.regRetryMs));
}

void SimTerminal::onText(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (!doc.isObject()) {
        qCInfo(lcSim) << m_options.sn << "ignored a frame that is not a JSON object:" << error.errorString();
        return;
    }
    const QJsonObject message = doc.object();
    const QString ret = message.value(QLatin1String("ret")).toString().trimmed();
    if (!ret.isEmpty()) {
        if (ret == QLatin1String("reg"))
            handleRegReply(message);
        else if (ret == QLatin1String("sendlog"))
            handleSendLogReply(message);
        return;
    }
    const QString cmd = message.value(QLatin1String("cmd")).toString().trimmed();
    if (!cmd.isEmpty())
        handleCommand(cmd, message);
}

void SimTerminal::handleRegReply(const QJsonObject &reply)
{
    if (jsonBool(reply.value(QLatin1String("result"))).value_or(false)) {
        if (m_registered)
            return;
        m_registered = true;
        m_attempt = 0;
        m_regTimer.stop();
        qCDebug(lcSim) << m_options.sn << "registered";
        Q_EMIT registered();
        trySend(); // the batch held from a lost connection goes first
        checkIdle();
        return;
    }
    if (m_registered)
        return;
    ++m_counters.refused;
    const QString reason = jsonReason(reply);
    qCInfo(lcSim) << m_options.sn << "reg refused:" << reason;
    m_regTimer.start(std::max(1, m_options.regRetryMs)); // a pending terminal waits for approval
    Q_EMIT refused(reason);
}

void SimTerminal::handleSendLogReply(const QJsonObject &reply)
{
    if (!m_batchOnWire)
        return; // late or unsolicited
    if (!jsonBool(reply.value(QLatin1String("result"))).value_or(false)) {
        ++m_counters.refused;
        m_batchOnWire = false;
        m_ackTimer.stop();
        const QString reason = jsonReason(reply);
        qCInfo(lcSim) << m_options.sn << "sendlog refused:" << reason;
        if (reason == QLatin1String("did not reg")) {
            m_registered = false;
            sendReg();
            return;
        }
        m_retryTimer.start(std::max(0, m_options.batchRetryMs));
        return;
    }
    // A device releases the batch only when count and logindex are echoed (§3.2); otherwise it keeps it.
    const auto count = jsonInteger(reply.value(QLatin1String("count")));
    const auto logIndex = jsonInteger(reply.value(QLatin1String("logindex")));
    const qint64 expected = m_device->logIndex(m_delivered);
    if (!count || !logIndex || *count != m_batchCount || *logIndex != expected) {
        qCInfo(lcSim) << m_options.sn << "ack does not match the batch in flight (count" << m_batchCount << "logindex"
                      << expected << "):" << QJsonDocument(reply).toJson(QJsonDocument::Compact);
        return;
    }
    releaseBatch();
}

void SimTerminal::releaseBatch()
{
    m_ackTimer.stop();
    m_batchOnWire = false;
    const bool wantKeys =
        m_options.keepAcked || isSignalConnected(QMetaMethod::fromSignal(&SimTerminal::punchesAcknowledged));
    QList<PunchKey> keys;
    int punches = 0;
    for (qsizetype i = m_delivered; i < m_delivered + m_batchCount; ++i) {
        const LogRecord &r = m_device->record(i);
        if (r.isDoorEvent())
            continue;
        ++punches;
        if (wantKeys)
            keys.append(m_device->key(r));
    }
    m_counters.acknowledged += punches;
    ++m_counters.batchesAcked;
    m_delivered += m_batchCount;
    m_batchCount = 0;
    if (m_options.keepAcked)
        m_acked.append(keys);
    if (wantKeys)
        Q_EMIT punchesAcknowledged(keys);
    Q_EMIT batchAcknowledged(punches);
    scheduleSend();
    checkIdle();
}

void SimTerminal::checkIdle()
{
    if (m_registered && m_connected && m_batchCount == 0 && m_delivered == m_device->logSize())
        Q_EMIT idle();
}

QList<SimUser> SimTerminal::users() const
{
    return m_device->users();
}

void SimTerminal::handleCommand(const QString &name, const QJsonObject &command)
{
    if (!m_registered || !m_options.answerCommands)
        return; // nothing but reg until the server accepts us; a silent terminal never answers
    const SimCommands::Outcome out = m_commands->handle(name, command, m_delivered);
    if (!out.reply.isEmpty())
        sendText(out.reply);
    if (out.logChanged)
        scheduleSend();
    if (out.reboot) {
        qCInfo(lcSim) << m_options.sn << "reboot";
        m_rebooting = true;
        dropConnection(true);
    }
}

void SimTerminal::scheduleSend()
{
    // Deferred, so punches generated in the same event-loop turn share a batch.
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

void SimTerminal::trySend()
{
    if (!m_registered || !m_connected || m_batchOnWire || m_retryTimer.isActive())
        return;
    if (m_batchCount == 0) {
        const qsizetype available = m_device->logSize() - m_delivered;
        if (available == 0)
            return;
        m_batchCount = std::min<qsizetype>(m_options.batchSize, available);
    }
    sendBatch();
}

void SimTerminal::sendBatch()
{
    const Faults &faults = m_options.faults;
    if (faults.garbage > 0 && m_faultRng.generateDouble() < faults.garbage)
        sendGarbage();

    const bool strings = m_options.quirks.numbersAsStrings;
    JsonWriter w(m_options.quirks.trailingCommas);
    w.reserve(128 + m_batchCount * 112); // a record is ~90 bytes, more with temperature and verifymode
    w.beginObject();
    w.key("cmd").string(QStringLiteral("sendlog"));
    w.key("sn").string(m_options.sn);
    w.key("count").number(m_batchCount, strings);
    w.key("logindex").number(m_device->logIndex(m_delivered), strings);
    w.key("record").beginArray();
    const qsizetype end = m_delivered + m_batchCount;
    for (qsizetype i = m_delivered; i < end; ++i) {
        const LogRecord &r = m_device->record(i);
        m_device->writeRecord(w, r, strings);
        if (r.isDoorEvent())
            continue;
        if (i < m_sentUpTo)
            ++m_counters.resent;
        else
            ++m_counters.sent;
    }
    w.endArray();
    w.endObject();
    m_sentUpTo = std::max(m_sentUpTo, end);
    m_batchOnWire = true;
    if (m_options.ackTimeoutMs > 0)
        m_ackTimer.start(m_options.ackTimeoutMs);
    sendText(w.take());

    if (faults.dropBeforeAck > 0 && m_faultRng.generateDouble() < faults.dropBeforeAck) {
        // Push the batch to the kernel first, so the server usually stores it and its ack is what gets lost.
        qCInfo(lcSim) << m_options.sn << "fault: dropping the connection before the ack";
        if (m_socket)
            m_socket->flush();
        dropConnection(true);
    }
}

void SimTerminal::sendGarbage()
{
    if (!m_socket || !m_connected)
        return;
    if (m_faultRng.bounded(2) == 0) {
        QByteArray junk = "\x01garbage ";
        for (int i = 0, n = 8 + int(m_faultRng.bounded(24)); i < n; ++i)
            junk.append("0123456789abcdef"[m_faultRng.bounded(16)]);
        junk.append(" {\"cmd\":");
        m_socket->sendTextMessage(QString::fromLatin1(junk));
    } else {
        QByteArray bytes(16 + int(m_faultRng.bounded(48)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(m_faultRng.bounded(256));
        bytes[0] = char(0xff); // never valid UTF-8, never JSON
        m_socket->sendBinaryMessage(bytes);
    }
}

} // namespace termdesk::sim
