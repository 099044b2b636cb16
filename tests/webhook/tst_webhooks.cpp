// SPDX-License-Identifier: GPL-3.0-or-later
// Webhooks (docs/integration.md, "Webhooks"): the signature against vectors computed by hand, the
// retry schedule, and the dispatcher end to end: a real Engine storing punches a WebSocket terminal
// sends, the dispatcher on a ManualClock (retries come when the test moves the clock, never by
// waiting), a scripted receiver on a real socket (200, 500, 410, 429 + Retry-After, 302, silence),
// and the real `termdesk webhook` next to them.
#include "../integration/tcpclient.h"
#include "enginefixture.h"
#include "erpnextreceiver.h"
#include "termdeskcli.h"
#include "webhookreceiver.h"
#include "wsclient.h"

#include "storage/commandstore.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "webhook/erpnexttarget.h"
#include "webhook/retryschedule.h"
#include "webhook/webhookdispatcher.h"
#include "webhook/webhooksigner.h"
#include "webhook/webhookstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace termdesk;
using namespace termdesk::webhook;

namespace {

const QString CONNECTION = QStringLiteral("tst-webhooks");
constexpr qint64 HOUR = 3'600'000;

/// The signature a receiver computes (independent of WebhookSigner): HMAC-SHA256 with the bytes
/// after "whsec_", of "id.timestamp.body"; true when one of the header's signatures is it.
bool verifies(const WebhookReceiver::Request &r, const QByteArray &secret)
{
    const QByteArray key = QByteArray::fromBase64(secret.mid(6));
    const QByteArray expected = "v1," + QMessageAuthenticationCode::hash(r.id + '.' + r.timestamp + '.' + r.body, key,
                                                                         QCryptographicHash::Sha256)
                                            .toBase64();
    return r.signature.split(' ').contains(expected);
}

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

class TstWebhooks : public QObject
{
    Q_OBJECT

    EngineFixture m_f;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<WebhookDispatcher> m_dispatcher;
    std::unique_ptr<WebhookReceiver> m_rx;
    std::unique_ptr<WsClient> m_terminal;
    int m_logIndex = 0;
    int m_minute = 0;

    QSqlDatabase db() const { return storage::Database::get(CONNECTION); }

    /// The Engine, a terminal registered on it (its terminal.online written), the receiver, the
    /// test's own connection and the dispatcher (polling every 20 ms, 500 ms without an answer is a
    /// timeout). With @p clockedEngine the Engine runs on the test's ManualClock too (its
    /// presence debounce moves with advance()); @p tcpSleepSec > 0 opens its TCP server with that
    /// sleeping window.
    void start(bool dispatcher = true, bool clockedEngine = false, int tcpSleepSec = 0)
    {
        m_clock = std::make_unique<ManualClock>();
        EngineConfig c = m_f.config();
        c.tcpPort = tcpSleepSec > 0 ? 0 : -1;
        c.tcpSleepWindowSec = tcpSleepSec;
        if (clockedEngine)
            c.idleTimeoutMs = 86'400'000; // the test moves the clock by minutes: WH1 stays connected
        QVERIFY2(m_f.start(c, clockedEngine ? m_clock.get() : nullptr), qPrintable(m_f.engine->lastError()));
        QString error;
        QVERIFY2(storage::Database::open(c.databaseFile(), CONNECTION, {}, &error), qPrintable(error));
        m_rx = std::make_unique<WebhookReceiver>();
        QVERIFY(m_rx->listen());
        m_terminal = std::make_unique<WsClient>();
        QVERIFY(m_terminal->open(m_f.engine->wsPort()));
        QVERIFY(m_terminal->reg(QStringLiteral("WH1")));
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'terminal.online'")), qint64(1));
        if (!dispatcher)
            return;
        WebhookConfig w;
        w.database = c.databaseFile();
        w.pollMs = 20;
        w.timeoutMs = 500;
        m_dispatcher = std::make_unique<WebhookDispatcher>(w, m_clock.get());
        QVERIFY2(m_dispatcher->start(), qPrintable(m_dispatcher->lastError()));
    }

    /// The terminal sends two punches; true when the Engine acknowledged them (stored).
    bool sendTwoPunches()
    {
        const int first = ++m_minute;
        const int second = ++m_minute;
        const QByteArray text =
            QStringLiteral(R"({"cmd":"sendlog","sn":"WH1","count":2,"logindex":%1,"record":[)"
                           R"({"enrollid":7,"time":"2026-06-01 08:%2:00","mode":8,"inout":0,"event":0},)"
                           R"({"enrollid":8,"time":"2026-06-01 08:%3:00","mode":1,"inout":1,"event":0}]})")
                .arg(++m_logIndex)
                .arg(first, 2, 10, QLatin1Char('0'))
                .arg(second, 2, 10, QLatin1Char('0'))
                .toUtf8();
        // The answer to sendlog; a server may push a command first (the headless one asks for new logs).
        m_terminal->send(text);
        QJsonObject reply;
        for (int i = 0; i < 5 && reply.value(QLatin1String("ret")).toString() != QLatin1String("sendlog"); ++i)
            reply = m_terminal->next();
        if (!reply.value(QLatin1String("result")).toBool())
            qWarning() << "sendlog not acknowledged:" << reply;
        return reply.value(QLatin1String("result")).toBool();
    }

    qint64 addEndpoint(QByteArray *secret, int batch = 1)
    {
        QString error;
        const qint64 id =
            WebhookStore::add(db(), m_rx->url(), {QStringLiteral("punch.created")}, batch, secret, &error);
        if (!id)
            qWarning() << error;
        return id;
    }

    WebhookEndpoint endpoint(qint64 id)
    {
        QString error;
        return WebhookStore::get(db(), id, &error).value_or(WebhookEndpoint{});
    }

    qint64 count(const QString &sql) { return m_f.db.value(sql).toLongLong(); }

    /// `termdesk webhook ARGS` on the Engine's data directory, the event loop running meanwhile (the
    /// receiver, the Engine and the dispatcher live in this thread: `webhook test` posts to it).
    CliRun webhookCli(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN), QStringList{QStringLiteral("webhook")} + args +
                                                  QStringList{QStringLiteral("--data-dir"), m_f.dir.path()});
        CliRun r;
        if (!QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 30'000))
            return r;
        r.rc = p.exitCode();
        r.out = QString::fromUtf8(consoleText(p.readAllStandardOutput()));
        r.err = QString::fromUtf8(consoleText(p.readAllStandardError()));
        return r;
    }

    /// `termdesk --headless` on @p dataDir (WebSocket and TCP on free ports); its WebSocket port.
    static quint16 startServer(QProcess &p, const QString &dataDir)
    {
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--ws-port"),
                 QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1")});
        QByteArray out;
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            20'000);
        const auto m = QRegularExpression(QStringLiteral("termdesk listening ws=(\\d+)")).match(QString::fromUtf8(out));
        return m.hasMatch() ? static_cast<quint16>(m.captured(1).toUInt()) : 0;
    }

private Q_SLOTS:
    void cleanup()
    {
        m_dispatcher.reset();
        m_terminal.reset();
        m_rx.reset();
        storage::Database::close(CONNECTION);
        m_f.stopAndClear();
        m_clock.reset();
        m_logIndex = m_minute = 0;
    }

    // Vectors computed once by hand with python3 (hmac.new(base64.b64decode(secret[6:]),
    // b"id.timestamp.body", hashlib.sha256), base64), pasted here.
    void signatureMatchesHandComputedVectors()
    {
        const QByteArray secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        QCOMPARE(WebhookSigner::sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
                 QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        const QByteArray body(
            R"({"data":{"punch_id":42},"timestamp":"2026-12-07T21:00:00.000Z","type":"punch.created"})");
        QCOMPARE(WebhookSigner::sign(secret, "pun_42", 1700000000, body),
                 QByteArray("v1,P7cruSLYvL6wnRkKIL4NBUHNRoN7eu/+7eHOJF9dOAU="));
        // During a rotation: both signatures, space separated.
        const QByteArray other = WebhookSigner::generateSecret();
        const QByteArray header = WebhookSigner::header({secret, other}, "pun_42", 1700000000, body);
        QCOMPARE(header.split(' ').size(), 2);
        QCOMPARE(header.split(' ').at(0), QByteArray("v1,P7cruSLYvL6wnRkKIL4NBUHNRoN7eu/+7eHOJF9dOAU="));
        // Secrets that are not "whsec_" and base64 of 24..64 bytes sign nothing.
        QVERIFY(WebhookSigner::sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "x", 1, "b").isEmpty());
        QVERIFY(WebhookSigner::sign(QByteArray("whsec_" + QByteArray(16, 'a').toBase64()), "x", 1, "b").isEmpty());
        QVERIFY(WebhookSigner::sign("whsec_not base64!", "x", 1, "b").isEmpty());
        // A new secret: 32 random bytes, never the same twice.
        QCOMPARE(WebhookSigner::key(other).value_or(QByteArray()).size(), 32);
        QVERIFY(other.startsWith("whsec_"));
        QVERIFY(other != WebhookSigner::generateSecret());
    }

    void retryScheduleAndRetryAfter()
    {
        QCOMPARE(RetrySchedule::delayMs(1, 0).value_or(-1), qint64(5'000));
        QCOMPARE(RetrySchedule::delayMs(2, 0).value_or(-1), qint64(300'000));
        QCOMPARE(RetrySchedule::delayMs(9, 0).value_or(-1), 24 * HOUR);
        QVERIFY(*RetrySchedule::delayMs(1, 0xffffffffu) <= 5'500);
        QVERIFY(*RetrySchedule::delayMs(1, 0xffffffffu) > 5'000);
        QVERIFY(!RetrySchedule::delayMs(0, 0));
        QVERIFY(!RetrySchedule::delayMs(RetrySchedule::MAX_ATTEMPTS, 0));
        // 5 s + 5 min + 30 min + 2 h + 5 h + 10 h + 14 h + 20 h + 24 h = 75 h 35 min 5 s.
        QCOMPARE(RetrySchedule::totalMs(), qint64(272'105'000));

        QCOMPARE(RetrySchedule::retryAfterMs("120", 0).value_or(-1), qint64(120'000));
        QCOMPARE(RetrySchedule::retryAfterMs(" 0 ", 0).value_or(-1), qint64(0));
        QCOMPARE(RetrySchedule::retryAfterMs("9999999", 0).value_or(-1), qint64(24 * HOUR));
        QVERIFY(!RetrySchedule::retryAfterMs("-5", 0));
        QVERIFY(!RetrySchedule::retryAfterMs("soon", 0));
        QVERIFY(!RetrySchedule::retryAfterMs("", 0));
        // 2015-10-21T07:28:00Z is 1445412480 s after 1970.
        const qint64 at = 1'445'412'480'000;
        QCOMPARE(RetrySchedule::retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", at - 30'000).value_or(-1),
                 qint64(30'000));
        QCOMPARE(RetrySchedule::retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", at + 5'000).value_or(-1), qint64(0));
    }

    void endpointsAreValidated()
    {
        const QStringList punches{QStringLiteral("punch.created")};
        QVERIFY(WebhookStore::validate(QStringLiteral("https://erp.example/hook"), punches, 1).isEmpty());
        QVERIFY(WebhookStore::validate(QStringLiteral("ftp://erp.example/hook"), punches, 1).contains(u"http"));
        QVERIFY(WebhookStore::validate(QStringLiteral("http:///nohost"), punches, 1).contains(u"host"));
        QVERIFY(
            WebhookStore::validate(QStringLiteral("https://e/") + QString(3000, u'a'), punches, 1).contains(u"longer"));
        QVERIFY(WebhookStore::validate(QStringLiteral("https://e/"), {QStringLiteral("punch.deleted")}, 1)
                    .contains(u"not an event"));
        QVERIFY(WebhookStore::validate(QStringLiteral("https://e/"), {}, 1).contains(u"--events"));
        QVERIFY(WebhookStore::validate(QStringLiteral("https://e/"), punches, 0).contains(u"--batch"));
        QVERIFY(WebhookStore::validate(QStringLiteral("https://e/"), punches, WebhookStore::MAX_BATCH + 1)
                    .contains(u"--batch"));
    }

    void deliversEachPunchInOrderSigned()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret);
        QVERIFY(id > 0);
        QVERIFY(sendTwoPunches());
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 4, 10'000);
        for (int i = 0; i < 4; ++i) {
            const WebhookReceiver::Request &r = m_rx->got.at(i);
            QCOMPARE(r.id, "pun_" + QByteArray::number(i + 1)); // first in, first out
            QVERIFY2(verifies(r, secret), r.signature.constData());
            QCOMPARE(r.timestamp, QByteArray::number(m_clock->wallClockMs() / 1000));
            QCOMPARE(r.contentType, QByteArray("application/json"));
            const QJsonObject body = json(r.body);
            QCOMPARE(body.value(u"type").toString(), QStringLiteral("punch.created"));
            const QJsonObject data = body.value(u"data").toObject();
            // The REST API's record: the CSV v2 columns.
            QCOMPARE(data.value(u"punch_id").toInteger(), qint64(i + 1));
            QCOMPARE(data.value(u"terminal_sn").toString(), QStringLiteral("WH1"));
            QCOMPARE(data.value(u"enroll_id").toInteger(), qint64(i % 2 ? 8 : 7));
            QCOMPARE(body.value(u"timestamp").toString(), data.value(u"received_utc").toString());
            QVERIFY(!r.body.contains("whsec_"));
        }
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(4));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"
                                      " AND http_code = 200 AND attempt = 1")),
                 qint64(4));
        QString error;
        QCOMPARE(WebhookStore::backlog(db(), endpoint(id), &error), qint64(0));
    }

    void storedPunchWakesTheDispatcher()
    {
        // A poll once an hour: only the wake-up (EngineHost connects punchesStored the same way) can
        // send these within the test's few seconds.
        start(false);
        QByteArray secret;
        QVERIFY(addEndpoint(&secret) > 0);
        WebhookConfig w;
        w.database = m_f.config().databaseFile();
        w.pollMs = 3'600'000;
        m_dispatcher = std::make_unique<WebhookDispatcher>(w, m_clock.get());
        QVERIFY2(m_dispatcher->start(), qPrintable(m_dispatcher->lastError()));
        connect(m_f.engine.get(), &Engine::punchesStored, m_dispatcher.get(), &WebhookDispatcher::wake,
                Qt::DirectConnection);
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 2, 5'000);
        QCOMPARE(m_rx->got.at(1).id, QByteArray("pun_2"));
    }

    void retryKeepsTheIdAndHonoursRetryAfter()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret);
        m_rx->script = {WebhookReceiver::Answer::Error500, WebhookReceiver::Answer::TooMany429,
                        WebhookReceiver::Answer::Hang, WebhookReceiver::Answer::Redirect302};
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).attempts, 1, 10'000);
        qint64 now = m_clock->wallClockMs();
        QVERIFY(endpoint(id).nextAttemptMs >= now + 5'000 && endpoint(id).nextAttemptMs <= now + 5'500);
        m_clock->advance(4'900); // not due yet: the poll it triggers sends nothing
        QCOMPARE(m_dispatcher->inFlight(), 0);
        QCOMPARE(m_rx->got.size(), 1);
        m_clock->advance(700);
        QTRY_COMPARE(endpoint(id).attempts, 2); // the 429
        now = m_clock->wallClockMs();
        QCOMPARE(endpoint(id).nextAttemptMs, now + 120'000); // Retry-After: 120, not the schedule's 5 min
        m_clock->advance(119'000);
        QCOMPARE(m_dispatcher->inFlight(), 0);
        m_clock->advance(1'000);
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).attempts, 3, 5'000); // no answer within 500 ms
        now = m_clock->wallClockMs();
        QVERIFY(endpoint(id).nextAttemptMs >= now + 30 * 60'000);
        m_clock->advance(34 * 60'000);
        QTRY_COMPARE(endpoint(id).attempts, 4); // a redirect is a failure, never followed
        QVERIFY2(endpoint(id).lastResult.contains(u"HTTP 302"), qPrintable(endpoint(id).lastResult));
        m_clock->advance(3 * HOUR);
        QTRY_COMPARE(m_rx->got.size(), 6); // pun_1 at last, then pun_2
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(2));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(m_rx->got.at(i).id, QByteArray("pun_1")); // a retry keeps its webhook-id and body
            QCOMPARE(m_rx->got.at(i).body, m_rx->got.at(0).body);
            QVERIFY(verifies(m_rx->got.at(i), secret));
        }
        QCOMPARE(m_rx->got.at(5).id, QByteArray("pun_2"));
        // The delivery log: every attempt of pun_1, its HTTP code (0: no answer) and status.
        QString error;
        QList<WebhookDelivery> tries = WebhookStore::deliveries(db(), id, 100, &error);
        std::reverse(tries.begin(), tries.end());
        QList<int> codes;
        for (const WebhookDelivery &d : std::as_const(tries)) {
            if (d.webhookId == QLatin1String("pun_1")) {
                codes.append(d.httpCode);
                QCOMPARE(d.attempt, static_cast<int>(codes.size()));
            }
        }
        QVERIFY2(
            codes == (QList<int>{500, 429, 0, 302, 200}), qPrintable([&] {
                QStringList all;
                for (const WebhookDelivery &d : std::as_const(tries))
                    all << QStringLiteral("%1 #%2 %3 %4").arg(d.webhookId).arg(d.attempt).arg(d.httpCode).arg(d.status);
                return all.join(QStringLiteral("; "));
            }()));
        QCOMPARE(tries.at(4).status, QStringLiteral("delivered"));
        QCOMPARE(tries.at(2).status, QStringLiteral("failed"));
    }

    void goneEndpointPausesAndResumes()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret);
        m_rx->script = {WebhookReceiver::Answer::Gone410};
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).state, EndpointState::Paused, 10'000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'webhook paused by receiver'")),
                 qint64(1));
        m_clock->advance(HOUR); // paused: nothing is sent, however long
        QCOMPARE(m_dispatcher->inFlight(), 0);
        QCOMPARE(m_rx->got.size(), 1);
        QString error;
        QVERIFY2(WebhookStore::setState(db(), id, EndpointState::Active, &error), qPrintable(error));
        QTRY_COMPARE(m_rx->got.size(), 3);
        QCOMPARE(m_rx->got.at(1).id, QByteArray("pun_1"));
        QCOMPARE(m_rx->got.at(2).id, QByteArray("pun_2"));
    }

    void exhaustedRetriesAreADeadLetter()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret);
        QSignalSpy dead(m_dispatcher.get(), &WebhookDispatcher::deadLettered);
        for (int i = 0; i < RetrySchedule::MAX_ATTEMPTS; ++i)
            m_rx->script.append(WebhookReceiver::Answer::Error500);
        QVERIFY(sendTwoPunches());
        for (int i = 1; i <= RetrySchedule::MAX_ATTEMPTS; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), i, 10'000);
            QTRY_VERIFY(endpoint(id).attempts == i || endpoint(id).state == EndpointState::Dead);
            m_clock->advance(27 * HOUR); // the longest delay with its jitter: 26.4 h
        }
        QTRY_COMPARE(endpoint(id).state, EndpointState::Dead);
        QCOMPARE(dead.size(), 1);
        QCOMPARE(WebhookStore::deadCount(db()), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'webhook dead letter'")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = 'pun_1'")),
                 qint64(RetrySchedule::MAX_ATTEMPTS));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'dead'")), qint64(1));
        m_clock->advance(25 * HOUR); // dead: nothing more is sent, nothing is dropped either
        QCOMPARE(m_dispatcher->inFlight(), 0);
        QCOMPARE(endpoint(id).punchCursor, qint64(0));
        QString error;
        QVERIFY(WebhookStore::setState(db(), id, EndpointState::Active, &error));
        QTRY_COMPARE(m_rx->got.size(), RetrySchedule::MAX_ATTEMPTS + 2);
        QCOMPARE(m_rx->got.at(RetrySchedule::MAX_ATTEMPTS).id, QByteArray("pun_1"));
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(2));
        QCOMPARE(WebhookStore::deadCount(db()), qint64(0));
    }

    void replayResendsWithTheSameIds()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret);
        QVERIFY(sendTwoPunches());
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 4, 10'000);
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(4));
        QString error;
        QVERIFY2(WebhookStore::replay(db(), id, 2, &error), qPrintable(error));
        QTRY_COMPARE(m_rx->got.size(), 6);
        QCOMPARE(m_rx->got.at(4).id, QByteArray("pun_3"));
        QCOMPARE(m_rx->got.at(5).id, QByteArray("pun_4"));
        QCOMPARE(m_rx->got.at(4).body, m_rx->got.at(2).body);
        QVERIFY(!WebhookStore::replay(db(), id, -1, &error));
        QVERIFY(!WebhookStore::replay(db(), 99, 0, &error));
        QVERIFY(error.contains(u"no webhook endpoint 99"));
    }

    void batchIsRetriedAsItWasFormed()
    {
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret, 3);
        m_rx->script = {WebhookReceiver::Answer::Error500};
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).attempts, 1, 10'000);
        QCOMPARE(m_rx->got.at(0).id, QByteArray("pun_1_2"));
        const QJsonObject body = json(m_rx->got.at(0).body);
        QCOMPARE(body.value(u"type").toString(), QStringLiteral("punch.batch"));
        QCOMPARE(body.value(u"data").toArray().size(), 2);
        QVERIFY(sendTwoPunches()); // punches 3 and 4 arrive while 1..2 wait for their retry
        m_clock->advance(6'000);
        QTRY_COMPARE(m_rx->got.size(), 3);
        QCOMPARE(m_rx->got.at(1).id, QByteArray("pun_1_2"));
        QCOMPARE(m_rx->got.at(1).body, m_rx->got.at(0).body);
        QCOMPARE(m_rx->got.at(2).id, QByteArray("pun_3_4"));
        QVERIFY(verifies(m_rx->got.at(2), secret));
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(4));
    }

    void bigBatchFitsQtsFirstWrite()
    {
        // 100 punches make about 33 KB of records: a batch stops before 16 KiB, so that Qt sends the
        // request in one write (a second write waits 40 ms for the receiver's delayed ACK).
        start();
        QByteArray secret;
        const qint64 id = addEndpoint(&secret, 100);
        QJsonArray records;
        for (int i = 0; i < 100; ++i)
            records.append(QJsonObject{{QStringLiteral("enrollid"), 100 + i},
                                       {QStringLiteral("time"), QStringLiteral("2026-06-03 09:%1:%2")
                                                                    .arg(i / 60, 2, 10, QLatin1Char('0'))
                                                                    .arg(i % 60, 2, 10, QLatin1Char('0'))},
                                       {QStringLiteral("mode"), 1},
                                       {QStringLiteral("inout"), 0},
                                       {QStringLiteral("event"), 0}});
        const QJsonObject sendlog{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                                  {QStringLiteral("sn"), QStringLiteral("WH1")},
                                  {QStringLiteral("count"), 100},
                                  {QStringLiteral("logindex"), ++m_logIndex},
                                  {QStringLiteral("record"), records}};
        m_terminal->send(QJsonDocument(sendlog).toJson(QJsonDocument::Compact));
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).punchCursor, qint64(100), 20'000);
        QVERIFY(m_rx->got.size() >= 3);
        qint64 next = 1;
        for (const WebhookReceiver::Request &r : std::as_const(m_rx->got)) {
            QVERIFY2(r.body.size() <= 16 * 1024, qPrintable(QString::number(r.body.size())));
            QVERIFY(verifies(r, secret));
            const QJsonArray data = json(r.body).value(u"data").toArray();
            QVERIFY(!data.isEmpty());
            QCOMPARE(data.first().toObject().value(u"punch_id").toInteger(), next);
            next += data.size();
            QCOMPARE(r.id, "pun_" + QByteArray::number(data.first().toObject().value(u"punch_id").toInteger()) + '_' +
                               QByteArray::number(next - 1));
        }
        QCOMPARE(next, qint64(101));
    }

    void rotationSignsWithBothSecrets()
    {
        start();
        QByteArray old;
        const qint64 id = addEndpoint(&old);
        QByteArray fresh;
        QString error;
        QVERIFY2(WebhookStore::rotateSecret(db(), id, &fresh, &error), qPrintable(error));
        QVERIFY(fresh != old);
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 2, 10'000);
        const WebhookReceiver::Request &r = m_rx->got.at(0);
        QCOMPARE(r.signature.split(' ').size(), 2);
        QVERIFY(verifies(r, old));
        QVERIFY(verifies(r, fresh));
        // A day later the old secret no longer signs.
        m_clock->advance(WebhookStore::ROTATION_OVERLAP_MS + 60'000);
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE(m_rx->got.size(), 4);
        QCOMPARE(m_rx->got.at(2).signature.split(' ').size(), 1);
        QVERIFY(verifies(m_rx->got.at(2), fresh));
        QVERIFY(!verifies(m_rx->got.at(2), old));
    }

    void commandCompletedIsAnEventOfItsOwn()
    {
        start();
        QByteArray secret;
        QString error;
        const qint64 id =
            WebhookStore::add(db(), m_rx->url(), {QStringLiteral("command.completed"), QStringLiteral("punch.created")},
                              1, &secret, &error);
        QVERIFY2(id > 0, qPrintable(error));
        const qint64 command = storage::CommandStore::enqueue(
            db(), QStringLiteral("WH1"), QStringLiteral("ws"), QStringLiteral("ws.opendoor"),
            QStringLiteral(R"({"cmd":"opendoor"})"), QStringLiteral("test"), &error);
        QVERIFY2(command > 0, qPrintable(error));
        // The engine's command poll sends it; the terminal answers; the command's final state and its
        // event are one transaction.
        QJsonObject sent;
        for (int i = 0; i < 5 && sent.value(u"cmd").toString() != QLatin1String("opendoor"); ++i)
            sent = m_terminal->next(10'000);
        QCOMPARE(sent.value(u"cmd").toString(), QStringLiteral("opendoor"));
        m_terminal->send(R"({"ret":"opendoor","sn":"WH1","result":true})");
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 1, 10'000);
        const WebhookReceiver::Request &r = m_rx->got.at(0);
        QCOMPARE(r.id, QByteArray("evt_2")); // evt_1: WH1's terminal.online, not subscribed to
        QVERIFY(verifies(r, secret));
        const QJsonObject body = json(r.body);
        QCOMPARE(body.value(u"type").toString(), QStringLiteral("command.completed"));
        const QJsonObject data = body.value(u"data").toObject();
        QCOMPARE(data.value(u"command_id").toInteger(), command);
        QCOMPARE(data.value(u"terminal_sn").toString(), QStringLiteral("WH1"));
        QCOMPARE(data.value(u"state").toString(), QStringLiteral("done"));
        QVERIFY(!data.contains(u"payload") && !data.contains(u"result"));
        QTRY_COMPARE(endpoint(id).eventCursor, qint64(2));
        // Punches still flow on their own cursor.
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE(m_rx->got.size(), 3);
        QCOMPARE(m_rx->got.at(1).id, QByteArray("pun_1"));
    }

    /// terminal.online at admission, terminal.offline only after the debounce (30 s by default) with
    /// the real disconnect time; a reconnect within the debounce writes neither. The Engine's clock
    /// is the test's: time moves by advance(), nothing waits for it.
    void terminalPresenceIsDebounced()
    {
        start(true, true);
        QByteArray secret;
        QString error;
        const qint64 id = WebhookStore::add(db(), m_rx->url(),
                                            {QStringLiteral("terminal.online"), QStringLiteral("terminal.offline"),
                                             QStringLiteral("command.completed")},
                                            1, &secret, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QCOMPARE(endpoint(id).eventCursor, qint64(1)); // WH1's online came before the endpoint
        int online = 0; // the registry's view, at once (the events wait for the debounce)
        QObject scope;  // the connection ends with this test
        connect(m_f.engine.get(), &Engine::terminalOnline, &scope, [&online] { ++online; });
        QSignalSpy offline(m_f.engine.get(), &Engine::terminalOffline);

        auto second = std::make_unique<WsClient>();
        QVERIFY(second->open(m_f.engine->wsPort()));
        const qint64 admittedAt = m_clock->wallClockMs();
        QVERIFY(second->reg(QStringLiteral("WH2")));
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 1, 10'000);
        QCOMPARE(m_rx->got.at(0).id, QByteArray("evt_2"));
        QVERIFY(verifies(m_rx->got.at(0), secret));
        const QJsonObject up = json(m_rx->got.at(0).body);
        QCOMPARE(up.value(u"type").toString(), QStringLiteral("terminal.online"));
        QJsonObject data = up.value(u"data").toObject();
        QCOMPARE(data.value(u"terminal_sn").toString(), QStringLiteral("WH2"));
        QCOMPARE(data.value(u"protocol").toString(), QStringLiteral("ws"));
        QVERIFY2(data.value(u"remote_address").toString().startsWith(u"127.0.0.1:"),
                 qPrintable(data.value(u"remote_address").toString()));
        QCOMPARE(data.value(u"at").toString(), devicetime::formatUtcIso(admittedAt, true));
        QVERIFY(data.contains(u"name") && !data.contains(u"reason"));

        // Gone and back within the debounce: no event either way.
        second->socket.close();
        QTRY_COMPARE(offline.size(), 1);
        m_clock->advance(20'000);
        second = std::make_unique<WsClient>();
        QVERIFY(second->open(m_f.engine->wsPort()));
        QVERIFY(second->reg(QStringLiteral("WH2")));
        QTRY_COMPARE(online, 2);
        m_clock->advance(20'000); // 40 s after the first drop: its offline was cancelled
        QTRY_COMPARE(endpoint(id).eventCursor, qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(2));

        // Gone for good: nothing within the debounce, then offline stamped with the disconnect.
        second->socket.close();
        QTRY_COMPARE(offline.size(), 2);
        const qint64 goneAt = m_clock->wallClockMs();
        m_clock->advance(29'000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(2));
        m_clock->advance(2'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 2, 10'000);
        QCOMPARE(m_rx->got.at(1).id, QByteArray("evt_3"));
        QVERIFY(verifies(m_rx->got.at(1), secret));
        const QJsonObject down = json(m_rx->got.at(1).body);
        QCOMPARE(down.value(u"type").toString(), QStringLiteral("terminal.offline"));
        QCOMPARE(down.value(u"timestamp").toString(), devicetime::formatUtcIso(goneAt, true));
        data = down.value(u"data").toObject();
        QCOMPARE(data.value(u"terminal_sn").toString(), QStringLiteral("WH2"));
        QCOMPARE(data.value(u"at").toString(), devicetime::formatUtcIso(goneAt, true));
        QCOMPARE(data.value(u"reason").toString(), QStringLiteral("disconnected"));
        QCOMPARE(count(QStringLiteral("SELECT last_seen_ms FROM terminals WHERE sn = 'WH2'")), goneAt);

        // FIFO with the other events: a command finished now comes after the offline, in id order.
        const qint64 command = storage::CommandStore::enqueue(
            db(), QStringLiteral("WH1"), QStringLiteral("ws"), QStringLiteral("ws.opendoor"),
            QStringLiteral(R"({"cmd":"opendoor"})"), QStringLiteral("test"), &error);
        QVERIFY2(command > 0, qPrintable(error));
        m_clock->advance(1'000); // the Engine's command poll runs on its clock
        QJsonObject sent;
        for (int i = 0; i < 5 && sent.value(u"cmd").toString() != QLatin1String("opendoor"); ++i)
            sent = m_terminal->next(10'000);
        QCOMPARE(sent.value(u"cmd").toString(), QStringLiteral("opendoor"));
        m_terminal->send(R"({"ret":"opendoor","sn":"WH1","result":true})");
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 3, 10'000);
        QCOMPARE(m_rx->got.at(2).id, QByteArray("evt_4"));
        QCOMPARE(json(m_rx->got.at(2).body).value(u"type").toString(), QStringLiteral("command.completed"));
        QTRY_COMPARE(endpoint(id).eventCursor, qint64(4));
    }

    /// A low-power TCP terminal that logs out between heartbeats is sleeping, not offline: its
    /// offline comes only when it stays away longer than tcp/sleepingWindowSec (here 300 s), and a
    /// wake-up within the window writes no online.
    void sleepingTcpTerminalIsNotOffline()
    {
        start(true, true, 300);
        QByteArray secret;
        QString error;
        const qint64 id = WebhookStore::add(db(), m_rx->url(),
                                            {QStringLiteral("terminal.online"), QStringLiteral("terminal.offline")}, 1,
                                            &secret, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QSignalSpy offline(m_f.engine.get(), &Engine::terminalOffline);
        const auto wakeAndSleep = [&](int sleeps) {
            TcpClient t;
            if (!t.open(m_f.engine->tcpPort()) || !t.login("TCPWH"))
                return false;
            t.send(3, "TCPWH"); // logout: the server acknowledges and closes
            return t.next().cmd == 9 && t.waitDisconnected() &&
                   QTest::qWaitFor([&] { return offline.size() == sleeps; });
        };
        QVERIFY(wakeAndSleep(1));
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 1, 10'000);
        const QJsonObject up = json(m_rx->got.at(0).body);
        QCOMPARE(up.value(u"type").toString(), QStringLiteral("terminal.online"));
        QCOMPARE(up.value(u"data").toObject().value(u"protocol").toString(), QStringLiteral("tcp"));
        for (int i = 2; i <= 4; ++i) { // three sleeps of 2 min: past the 30 s debounce, inside the window
            m_clock->advance(120'000);
            QVERIFY(wakeAndSleep(i));
        }
        const qint64 lastSleep = m_clock->wallClockMs();
        m_clock->advance(299'000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(2)); // WH1's and TCPWH's online
        m_clock->advance(2'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 2, 10'000);
        const QJsonObject down = json(m_rx->got.at(1).body);
        QCOMPARE(down.value(u"type").toString(), QStringLiteral("terminal.offline"));
        QCOMPARE(down.value(u"data").toObject().value(u"at").toString(), devicetime::formatUtcIso(lastSleep, true));
        QCOMPARE(down.value(u"data").toObject().value(u"reason").toString(), QStringLiteral("logged out"));
        QVERIFY(verifies(m_rx->got.at(1), secret));
    }

    /// Once a day (on the dispatcher's clock) the delivery log loses its rows older than 30 days, and
    /// the events table those older than 30 days that every endpoint has passed.
    void pruneKeepsWhatAnEndpointStillNeeds()
    {
        start();
        QSignalSpy pruned(m_dispatcher.get(), &WebhookDispatcher::pruned);
        QTRY_COMPARE(pruned.size(), 1); // the first poll after the start: nothing is old yet
        QCOMPARE(pruned.at(0).at(0).toLongLong() + pruned.at(0).at(1).toLongLong(), qint64(0));
        QByteArray secret;
        QString error;
        const qint64 punches = addEndpoint(&secret);
        QVERIFY(punches > 0);
        const qint64 behind =
            WebhookStore::add(db(), m_rx->url(), {QStringLiteral("terminal.online")}, 1, &secret, &error);
        QVERIFY2(behind > 0, qPrintable(error));
        QVERIFY(WebhookStore::setState(db(), behind, EndpointState::Paused, &error));
        QSqlQuery rewind(db()); // as if it was added before WH1 came online: event 1 still waits for it
        QVERIFY(rewind.exec(QStringLiteral("UPDATE webhook_endpoints SET event_cursor = 0 WHERE id = %1").arg(behind)));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(punches).punchCursor, qint64(2), 10'000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries")), qint64(2));

        m_clock->advance(3'600'000);      // within the day: no prune
        m_clock->advance(20 * 24 * HOUR); // a prune, but nothing is 30 days old
        QTRY_COMPARE(pruned.size(), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries")), qint64(2));
        m_clock->advance(11 * 24 * HOUR);
        QTRY_COMPARE(pruned.size(), 3);
        QCOMPARE(pruned.at(2).at(0).toLongLong(), qint64(2));
        QCOMPARE(pruned.at(2).at(1).toLongLong(), qint64(0)); // the paused endpoint has not passed event 1
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries")), qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(1));
        QVERIFY(WebhookStore::remove(db(), behind, &error));
        m_clock->advance(12 * HOUR); // the next prune is a day after the last
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(1));
        m_clock->advance(12 * HOUR);
        QTRY_COMPARE(pruned.size(), 4);
        QCOMPARE(pruned.at(3).at(1).toLongLong(), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), qint64(0));
        QCOMPARE(endpoint(punches).punchCursor, qint64(2)); // the punches themselves are never pruned
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), qint64(2));
    }

    /// The real headless server, killed with SIGKILL while a request is in flight and started
    /// again: every punch reaches the receiver at least once, the one in flight twice, with the same
    /// webhook-id (the cursor moves only after a 2xx).
    void killedServerSendsEveryPunchAtLeastOnce()
    {
        QTemporaryDir dir;
        m_rx = std::make_unique<WebhookReceiver>();
        QVERIFY(m_rx->listen());
        m_rx->script = {WebhookReceiver::Answer::Ok, WebhookReceiver::Answer::Ok, WebhookReceiver::Answer::Ok,
                        WebhookReceiver::Answer::Hang};
        QProcess server;
        quint16 port = startServer(server, dir.path());
        QVERIFY2(port > 0, server.readAllStandardError().constData());
        QProcess add;
        add.start(QStringLiteral(TERMDESK_BIN),
                  {QStringLiteral("webhook"), QStringLiteral("add"), m_rx->url(), QStringLiteral("--events"),
                   QStringLiteral("punch.created"), QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(QTest::qWaitFor([&add] { return add.state() == QProcess::NotRunning; }, 30'000));
        QCOMPARE(add.exitCode(), 0);
        m_terminal = std::make_unique<WsClient>();
        QVERIFY(m_terminal->open(port));
        QVERIFY(m_terminal->reg(QStringLiteral("WH1")));
        for (int i = 0; i < 5; ++i)
            QVERIFY(sendTwoPunches());                          // punches 1..10, each acknowledged: stored
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 4, 20'000); // pun_4 is in flight, unanswered
        server.kill();
        QVERIFY(server.waitForFinished(10'000));
        m_terminal.reset();

        QProcess restarted;
        port = startServer(restarted, dir.path());
        QVERIFY2(port > 0, restarted.readAllStandardError().constData());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 11, 30'000);
        QMap<QByteArray, int> times;
        for (const WebhookReceiver::Request &r : std::as_const(m_rx->got))
            ++times[r.id];
        for (int i = 1; i <= 10; ++i)
            QVERIFY2(times.value("pun_" + QByteArray::number(i)) >= 1, qPrintable(QString::number(i)));
        QCOMPARE(times.value("pun_4"), 2);
        QCOMPARE(m_rx->got.at(3).body, m_rx->got.at(4).body); // the same request, sent again
#ifdef Q_OS_UNIX
        restarted.terminate(); // SIGTERM: the server stops cleanly
        QVERIFY(restarted.waitForFinished(15'000));
        QCOMPARE(restarted.exitCode(), 0);
#else
        restarted.kill();
        QVERIFY(restarted.waitForFinished(15'000));
#endif
    }

    void commandLineWhileTheServerRuns()
    {
        start();
        const CliRun add = webhookCli(
            {QStringLiteral("add"), m_rx->url(), QStringLiteral("--events"), QStringLiteral("punch.created")});
        QCOMPARE(add.rc, 0);
        const QStringList fields = add.out.trimmed().split(u' ');
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.at(0), QStringLiteral("1"));
        const QByteArray secret = fields.at(1).toLatin1();
        QVERIFY(WebhookSigner::key(secret));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(m_rx->got.size(), 2, 10'000);
        QVERIFY(verifies(m_rx->got.at(0), secret));
        QTRY_COMPARE(m_dispatcher->inFlight(), 0);

        const CliRun list = webhookCli({QStringLiteral("list")});
        QCOMPARE(list.rc, 0);
        QVERIFY2(list.out.contains(m_rx->url()) && list.out.contains(u"active") && list.out.contains(u"punch.created"),
                 qPrintable(list.out));
        QVERIFY(!list.out.contains(u"whsec_"));
        const CliRun deliveries = webhookCli({QStringLiteral("deliveries")});
        QCOMPARE(deliveries.rc, 0);
        QVERIFY2(deliveries.out.contains(u"pun_1") && deliveries.out.contains(u"delivered"),
                 qPrintable(deliveries.out));
        QVERIFY(!deliveries.out.contains(u"whsec_"));

        QCOMPARE(webhookCli({QStringLiteral("pause"), QStringLiteral("1")}).rc, 0);
        QVERIFY(sendTwoPunches());
        m_clock->advance(1'000); // a poll now: the endpoint is paused, nothing goes
        QCOMPARE(m_dispatcher->inFlight(), 0);
        QCOMPARE(m_rx->got.size(), 2);
        QCOMPARE(webhookCli({QStringLiteral("resume"), QStringLiteral("1")}).rc, 0);
        QTRY_COMPARE(m_rx->got.size(), 4);

        const CliRun rotated = webhookCli({QStringLiteral("rotate-secret"), QStringLiteral("1")});
        QCOMPARE(rotated.rc, 0);
        const QByteArray fresh = rotated.out.trimmed().toLatin1();
        QVERIFY(WebhookSigner::key(fresh));
        const CliRun test = webhookCli({QStringLiteral("test"), QStringLiteral("1")});
        QCOMPARE(test.rc, 0);
        QVERIFY2(test.out.contains(u"HTTP 200"), qPrintable(test.out));
        QCOMPARE(json(m_rx->got.last().body).value(u"type").toString(), QStringLiteral("webhook.test"));
        QVERIFY(verifies(m_rx->got.last(), fresh));
        QVERIFY(verifies(m_rx->got.last(), secret)); // the old one still signs for a day

        // Bad input: a clear refusal, exit status 2 (1 for an endpoint that does not exist).
        const CliRun bad = webhookCli(
            {QStringLiteral("add"), m_rx->url(), QStringLiteral("--events"), QStringLiteral("punch.deleted")});
        QCOMPARE(bad.rc, 2);
        QVERIFY2(bad.err.contains(u"'punch.deleted' is not an event"), qPrintable(bad.err));
        QCOMPARE(webhookCli({QStringLiteral("replay"), QStringLiteral("1")}).rc, 2);
        const CliRun missing = webhookCli({QStringLiteral("pause"), QStringLiteral("7")});
        QCOMPARE(missing.rc, 1);
        QVERIFY2(missing.err.contains(u"no webhook endpoint 7"), qPrintable(missing.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'add webhook'")), qint64(1));
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM audit WHERE detail LIKE '%whsec_%' OR result LIKE "
                                     "'%whsec_%' OR target LIKE '%whsec_%'")) == 0);
        QCOMPARE(webhookCli({QStringLiteral("remove"), QStringLiteral("1")}).rc, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(0));
    }

    // ERPNext / Frappe HRMS: one check-in per punch with the token, the employee field and the
    // in/out mapping; a replay is refused by the site as a duplicate, which counts as delivered.
    void erpnextTokenFromStandardInput()
    {
        // `--token -`: the token is read from standard input, so it stays out of the shell's history.
        start(false);
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("webhook"), QStringLiteral("add"), QStringLiteral("http://127.0.0.1:9/"),
                 QStringLiteral("--target"), QStringLiteral("erpnext"), QStringLiteral("--token"), QStringLiteral("-"),
                 QStringLiteral("--data-dir"), m_f.dir.path()});
        QVERIFY(p.waitForStarted());
        p.write("k9:s9\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!p.readAllStandardOutput().contains("s9"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints WHERE secret = 'k9:s9'")), qint64(1));
    }

    void erpnextTargetPostsCheckinsAndTakesDuplicatesAsDelivered()
    {
        start();
        ErpnextReceiver site;
        QVERIFY(site.listen());
        const CliRun add = webhookCli({QStringLiteral("add"), site.url(), QStringLiteral("--target"),
                                       QStringLiteral("erpnext"), QStringLiteral("--token"), QStringLiteral("k1:s1")});
        QCOMPARE(add.rc, 0);
        QCOMPARE(add.out.trimmed(), QStringLiteral("1"));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(site.checkins.size(), 2, 10'000);
        QCOMPARE(site.checkins.at(0).value(u"employee").toString(), QStringLiteral("7"));
        QCOMPARE(site.checkins.at(0).value(u"time").toString(), QStringLiteral("2026-06-01 08:01:00"));
        QCOMPARE(site.checkins.at(0).value(u"log_type").toString(), QStringLiteral("IN"));
        QCOMPARE(site.checkins.at(0).value(u"device_id").toString(), QStringLiteral("WH1")); // no name: the serial
        QCOMPARE(site.checkins.at(1).value(u"employee").toString(), QStringLiteral("8"));
        QCOMPARE(site.checkins.at(1).value(u"time").toString(), QStringLiteral("2026-06-01 08:02:00"));
        QCOMPARE(site.checkins.at(1).value(u"log_type").toString(), QStringLiteral("OUT"));
        QTRY_COMPARE(endpoint(1).punchCursor, qint64(2));

        // A replay: the site refuses both as duplicates; they count as delivered and the cursor moves.
        QCOMPARE(
            webhookCli({QStringLiteral("replay"), QStringLiteral("1"), QStringLiteral("--after"), QStringLiteral("0")})
                .rc,
            0);
        QTRY_COMPARE_WITH_TIMEOUT(site.answers.size(), 4, 10'000);
        QCOMPARE(site.answers, (QList<int>{200, 200, 417, 417}));
        QTRY_COMPARE(endpoint(1).punchCursor, qint64(2));
        QCOMPARE(endpoint(1).attempts, 0);
        QCOMPARE(site.checkins.size(), 2);
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"
                                          " AND http_code = 417 AND detail LIKE '%duplicate (delivered)%'")),
                     qint64(2));

        const CliRun list = webhookCli({QStringLiteral("list")});
        QCOMPARE(list.rc, 0);
        QVERIFY2(list.out.contains(u"erpnext:attendance_device_id"), qPrintable(list.out));
        QVERIFY(!list.out.contains(u"k1:s1"));
        QVERIFY(!webhookCli({QStringLiteral("deliveries")}).out.contains(u"k1:s1"));
        const CliRun test = webhookCli({QStringLiteral("test"), QStringLiteral("1")});
        QCOMPARE(test.rc, 0);
        QVERIFY2(test.out.contains(u"sync@example.com"), qPrintable(test.out));
        QCOMPARE(site.checkins.size(), 2); // the test makes no check-in
        QCOMPARE(webhookCli({QStringLiteral("rotate-secret"), QStringLiteral("1")}).rc, 2);

        // Bad input: clear refusals, nothing stored.
        const auto refused = [&](const QStringList &more, const QString &why) {
            const CliRun r = webhookCli(
                QStringList{QStringLiteral("add"), site.url(), QStringLiteral("--target"), QStringLiteral("erpnext")} +
                more);
            if (r.rc != 2 || !r.err.contains(why))
                qWarning() << more << r.rc << r.err;
            return r.rc == 2 && r.err.contains(why);
        };
        QVERIFY(refused({}, QStringLiteral("--token API_KEY:API_SECRET is required")));
        QVERIFY(refused({QStringLiteral("--token"), QStringLiteral("nocolon")}, QStringLiteral("--token:")));
        QVERIFY(
            refused({QStringLiteral("--token"), QStringLiteral("k:s"), QStringLiteral("--batch"), QStringLiteral("5")},
                    QStringLiteral("one check-in per request")));
        QVERIFY(refused({QStringLiteral("--token"), QStringLiteral("k:s"), QStringLiteral("--in-out"),
                         QStringLiteral("0=SIDEWAYS")},
                        QStringLiteral("--in-out")));
        QVERIFY(refused({QStringLiteral("--token"), QStringLiteral("k:s"), QStringLiteral("--employee-field"),
                         QStringLiteral("Bad Field")},
                        QStringLiteral("--employee-field")));
        const CliRun odoo = webhookCli({QStringLiteral("add"), site.url(), QStringLiteral("--target"),
                                        QStringLiteral("odoo"), QStringLiteral("--token"), QStringLiteral("k:s")});
        QCOMPARE(odoo.rc, 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE detail LIKE '%k1:s1%' OR result LIKE "
                                      "'%k1:s1%' OR target LIKE '%k1:s1%'")),
                 qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE detail LIKE '%s1%'")), qint64(0));
    }

    /// An entry terminal and an exit terminal: log_type from the terminal's own rule, changed in
    /// place with `termdesk webhook set`, refused clearly when malformed.
    void erpnextLogTypePerTerminal()
    {
        start();
        ErpnextReceiver site;
        QVERIFY(site.listen());
        const CliRun add = webhookCli({QStringLiteral("add"), site.url(), QStringLiteral("--target"),
                                       QStringLiteral("erpnext"), QStringLiteral("--token"), QStringLiteral("k1:s1"),
                                       QStringLiteral("--terminal-log-type"), QStringLiteral("WH1=OUT"),
                                       QStringLiteral("--terminal-log-type"), QStringLiteral("EXIT9=0=OUT,1=IN")});
        QCOMPARE(add.rc, 0);
        const auto logTypes = [&](int from) {
            QStringList types;
            for (qsizetype i = from; i < site.checkins.size(); ++i)
                types.append(site.checkins.at(i).value(u"log_type").toString());
            return types;
        };
        QVERIFY(sendTwoPunches()); // in_out 0 and 1
        QTRY_COMPARE_WITH_TIMEOUT(site.checkins.size(), 2, 10'000);
        QCOMPARE(logTypes(0), (QStringList{QStringLiteral("OUT"), QStringLiteral("OUT")}));

        const auto set = [&](const QStringList &more) {
            return webhookCli(QStringList{QStringLiteral("set"), QStringLiteral("1")} + more);
        };
        CliRun changed = set({QStringLiteral("--terminal-log-type"), QStringLiteral("WH1=0=OUT,1=IN")});
        QCOMPARE(changed.rc, 0);
        QVERIFY2(changed.out.contains(u"EXIT9=0=OUT,1=IN; WH1=0=OUT,1=IN"), qPrintable(changed.out));
        QVERIFY(!changed.out.contains(u"k1:s1"));
        QTRY_COMPARE(endpoint(1).punchCursor, qint64(2));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(site.checkins.size(), 4, 10'000);
        QCOMPARE(logTypes(2), (QStringList{QStringLiteral("OUT"), QStringLiteral("IN")}));

        // "WH1=": the terminal follows the endpoint's --in-out again (changed here to 0=IN,1=).
        changed = set({QStringLiteral("--terminal-log-type"), QStringLiteral("WH1="), QStringLiteral("--in-out"),
                       QStringLiteral("0=IN,1=")});
        QCOMPARE(changed.rc, 0);
        QVERIFY2(changed.out.contains(u"in/out 0=IN,1=, per terminal: EXIT9=0=OUT,1=IN"), qPrintable(changed.out));
        QTRY_COMPARE(endpoint(1).punchCursor, qint64(4));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(site.checkins.size(), 6, 10'000);
        QCOMPARE(logTypes(4), (QStringList{QStringLiteral("IN"), QString()}));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'webhook set'")), qint64(2));

        // Bad input: a clear refusal, the mapping unchanged.
        const QString before = endpoint(1).targetOptions;
        const auto refused = [&](const QStringList &more, const QString &why) {
            const CliRun r = set(more);
            if (r.rc != 2 || !r.err.contains(why))
                qWarning() << more << r.rc << r.err;
            return r.rc == 2 && r.err.contains(why);
        };
        QVERIFY(refused({}, QStringLiteral("give --in-out MAP, --terminal-log-type SN=RULE")));
        QVERIFY(refused({QStringLiteral("--terminal-log-type"), QStringLiteral("WH1=SIDEWAYS")},
                        QStringLiteral("--terminal-log-type WH1: 'SIDEWAYS' is not CODE=IN")));
        QVERIFY(refused({QStringLiteral("--terminal-log-type"), QStringLiteral("=IN")},
                        QStringLiteral("--terminal-log-type: give SN=IN")));
        QVERIFY(
            refused({QStringLiteral("--token"), QStringLiteral("k:s")}, QStringLiteral("cannot be changed in place")));
        QVERIFY(refused({QStringLiteral("--in-out"), QStringLiteral("9=UP")}, QStringLiteral("--in-out")));
        QCOMPARE(endpoint(1).targetOptions, before);
        const CliRun standard = webhookCli(
            {QStringLiteral("add"), m_rx->url(), QStringLiteral("--events"), QStringLiteral("punch.created")});
        QCOMPARE(standard.rc, 0);
        const CliRun notErpnext = webhookCli(
            {QStringLiteral("set"), QStringLiteral("2"), QStringLiteral("--in-out"), QStringLiteral("0=IN")});
        QCOMPARE(notErpnext.rc, 2);
        QVERIFY2(notErpnext.err.contains(u"not an ERPNext target"), qPrintable(notErpnext.err));

        // Bounded: 1 000 terminals, not one more; the options survive their JSON.
        ErpnextOptions options;
        QString error;
        for (int i = 0; i < ErpnextOptions::MAX_TERMINALS; ++i)
            QVERIFY2(options.applyTerminalLogType(QStringLiteral("T%1=IN").arg(i), &error), qPrintable(error));
        QVERIFY(!options.applyTerminalLogType(QStringLiteral("T1000=OUT"), &error));
        QVERIFY2(error.contains(u"at most 1000"), qPrintable(error));
        QVERIFY(options.applyTerminalLogType(QStringLiteral("T7=0=OUT,4=IN"), &error)); // a known one may change
        const ErpnextOptions back = ErpnextOptions::fromJson(options.toJson());
        QCOMPARE(back.terminalInOut, options.terminalInOut);
        QCOMPARE(back.logType(QStringLiteral("T3"), 1), QStringLiteral("IN"));
        QCOMPARE(back.logType(QStringLiteral("T7"), 4), QStringLiteral("IN"));
        QCOMPARE(back.logType(QStringLiteral("T7"), 1), QString());
        QCOMPARE(back.logType(QStringLiteral("OTHER"), 1), QStringLiteral("OUT"));
    }

    void erpnextRefusedTokenIsRetriedAndTheMappingIsTheEndpoints()
    {
        start();
        ErpnextReceiver site;
        QVERIFY(site.listen());
        site.token = "k2:s2";
        site.employeeField = QStringLiteral("custom_badge");
        ErpnextOptions options;
        options.employeeField = QStringLiteral("custom_badge");
        QString error;
        const std::optional<QMap<int, QString>> map = ErpnextOptions::parseInOut(QStringLiteral("0=OUT, 1="), &error);
        QVERIFY2(map, qPrintable(error));
        options.inOut = *map;
        QVERIFY(!ErpnextOptions::parseInOut(QStringLiteral("x=IN"), &error));
        QVERIFY(!ErpnextOptions::parseInOut(QStringLiteral("256=IN"), &error));
        const qint64 id = WebhookStore::addErpnext(db(), site.url(), "k2:old", options.toJson(), &error);
        QVERIFY2(id > 0, qPrintable(error));
        QVERIFY(sendTwoPunches());
        QTRY_COMPARE_WITH_TIMEOUT(endpoint(id).attempts, 1, 10'000);
        QCOMPARE(site.answers, QList<int>{401});
        QCOMPARE(endpoint(id).punchCursor, qint64(0));
        m_clock->advance(4'000); // not due yet
        QCOMPARE(site.answers.size(), 1);
        site.token = "k2:old"; // the site's user now has the key TermDesk holds: the retry goes through
        m_clock->advance(2'000);
        QTRY_COMPARE_WITH_TIMEOUT(site.checkins.size(), 2, 10'000);
        QCOMPARE(site.checkins.at(0).value(u"log_type").toString(), QStringLiteral("OUT"));
        QCOMPARE(site.checkins.at(1).value(u"log_type").toString(), QString()); // 1 maps to nothing
        QTRY_COMPARE(endpoint(id).punchCursor, qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'failed'"
                                      " AND http_code = 401 AND webhook_id = 'pun_1'")),
                 qint64(1));
        // A URL with a path is taken as the method's URL (older sites: erpnext.hr...).
        QCOMPARE(ErpnextTarget::methodUrl(QStringLiteral("https://erp.example/api/method/x.y")).path(),
                 QStringLiteral("/api/method/x.y"));
        QVERIFY(ErpnextTarget::isDuplicate(409, "This employee already has a log with the same timestamp."));
        QVERIFY(!ErpnextTarget::isDuplicate(200, "already has a log with the same timestamp"));
        QVERIFY(!ErpnextTarget::isDuplicate(417, "Mandatory field missing"));
    }
};

QTEST_GUILESS_MAIN(TstWebhooks)
#include "tst_webhooks.moc"
