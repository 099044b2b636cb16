// SPDX-License-Identifier: GPL-3.0-or-later
// SimTerminal against a fake server the test controls: registration, batching, acks, resends, quirks, faults.
#include "fakeserver.h"
#include "simdevice.h"
#include "simjson.h"
#include "simterminal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using termdesk::sim::JsonWriter;
using termdesk::sim::PunchKey;
using termdesk::sim::SimDevice;
using termdesk::sim::SimTerminal;
using termdesk::sim::TerminalOptions;

namespace {

constexpr int TIMEOUT_MS = 10000;

TerminalOptions testOptions(const QUrl &url, int batchSize = 10)
{
    TerminalOptions o;
    o.sn = QStringLiteral("T0001");
    o.url = url;
    o.batchSize = batchSize;
    o.reconnectMinMs = 10;
    o.reconnectMaxMs = 50;
    o.regRetryMs = 150;
    o.batchRetryMs = 30;
    o.doorEvents = 0;
    return o;
}

QByteArray recordsOf(const QJsonObject &sendlog)
{
    return QJsonDocument(sendlog.value(QLatin1String("record")).toArray()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestSimTerminal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regComesFirstAndIsRepeated();
    void refusedRegIsRetried();
    void ackMustEchoCountAndLogindex();
    void unackedBatchIsResentAfterReconnect();
    void resultFalseResendsSameBatch();
    void batchesFollowInOrder();
    void trailingCommasOnTheWire();
    void numbersAsStringsOnTheWire();
    void cmdInsteadOfRet();
    void garbageFaultSendsNonJson();
    void dropBeforeAckStillDeliversEverything();
    void setUrlReconnectsElsewhere();
    void stopDoesNotReconnect();
    void formatTimeMatchesQDateTime();
    void jsonWriterEscapesStrings();
};

void TestSimTerminal::regComesFirstAndIsRepeated()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.autoRegReply = false;
    SimTerminal t(testOptions(server.url()));
    QSignalSpy registered(&t, &SimTerminal::registered);
    t.generatePunches(5);
    t.start();

    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("reg")).size(), 2, TIMEOUT_MS); // re-sent, no reply
    const QJsonObject reg = server.withCmd(QStringLiteral("reg")).constFirst();
    QCOMPARE(server.frames.constFirst().json, reg);
    QCOMPARE(reg.value(QLatin1String("sn")).toString(), QStringLiteral("T0001"));
    QVERIFY(!reg.value(QLatin1String("cpusn")).toString().isEmpty());
    const QJsonObject devinfo = reg.value(QLatin1String("devinfo")).toObject();
    for (const char *key : {"usersize", "fpsize", "cardsize", "pwdsize", "logsize", "useduser", "usedfp", "usedcard",
                            "usedpwd", "usedlog", "usednewlog"})
        QVERIFY2(devinfo.value(QLatin1String(key)).isDouble(), key);
    QCOMPARE(devinfo.value(QLatin1String("modelname")).toString(), QStringLiteral("AiFace"));
    QCOMPARE(devinfo.value(QLatin1String("fpalgo")).toString(), QStringLiteral("thbio3.0"));
    QCOMPARE(devinfo.value(QLatin1String("useduser")).toInt(), 50);
    QCOMPARE(devinfo.value(QLatin1String("usednewlog")).toInt(), 5);
    QVERIFY(!devinfo.value(QLatin1String("firmware")).toString().isEmpty());
    QVERIFY(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$)"))
                .match(devinfo.value(QLatin1String("time")).toString())
                .hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral(R"(^([0-9A-F]{2}-){5}[0-9A-F]{2}$)"))
                .match(devinfo.value(QLatin1String("mac")).toString())
                .hasMatch());
    QVERIFY(server.withCmd(QStringLiteral("sendlog")).isEmpty());
    QVERIFY(!t.isRegistered());

    server.send(R"({"ret":"reg","result":true,"cloudtime":"2025-06-01 08:00:00","nosenduser":true})");
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 1, TIMEOUT_MS);
    const QJsonObject sendlog = server.withCmd(QStringLiteral("sendlog")).constFirst();
    QCOMPARE(sendlog.value(QLatin1String("count")).toInt(), 5);
    QCOMPARE(sendlog.value(QLatin1String("record")).toArray().size(), 5);
    QCOMPARE(sendlog.value(QLatin1String("logindex")).toInteger(),
             devinfo.value(QLatin1String("usedlog")).toInteger() - 5);
}

void TestSimTerminal::refusedRegIsRetried()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.regResult = false;
    SimTerminal t(testOptions(server.url()));
    QSignalSpy refused(&t, &SimTerminal::refused);
    QSignalSpy registered(&t, &SimTerminal::registered);
    t.generatePunches(3);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(refused.size() >= 2, TIMEOUT_MS);
    QCOMPARE(refused.constFirst().constFirst().toString(), QStringLiteral("waiting for approval"));
    QVERIFY(t.counters().refused >= 2);
    QVERIFY(server.withCmd(QStringLiteral("sendlog")).isEmpty());
    QCOMPARE(server.connections, 1); // it waits on the same connection for approval

    server.regResult = true; // the operator approves
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 3, TIMEOUT_MS);
}

void TestSimTerminal::ackMustEchoCountAndLogindex()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    SimTerminal t(testOptions(server.url()));
    t.generatePunches(25);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 1, TIMEOUT_MS);
    const QJsonObject first = server.withCmd(QStringLiteral("sendlog")).constFirst();
    const qint64 logIndex = first.value(QLatin1String("logindex")).toInteger();
    QCOMPARE(first.value(QLatin1String("count")).toInt(), 10);

    // The terminal handles frames in order: a gettime sent after a bad ack proves the ack was processed.
    auto roundTrip = [&](const QByteArray &ack) {
        const qsizetype before = server.withRet(QStringLiteral("gettime")).size();
        server.send(ack);
        server.send(R"({"cmd":"gettime"})");
        return QTest::qWaitFor([&] { return server.withRet(QStringLiteral("gettime")).size() > before; }, TIMEOUT_MS);
    };
    QVERIFY(roundTrip(
        QStringLiteral(R"({"ret":"sendlog","result":true,"count":10,"logindex":%1})").arg(logIndex + 1).toUtf8()));
    QVERIFY(
        roundTrip(QStringLiteral(R"({"ret":"sendlog","result":true,"count":9,"logindex":%1})").arg(logIndex).toUtf8()));
    QVERIFY(roundTrip(R"({"ret":"sendlog","result":true})"));
    QCOMPARE(t.pendingRecords(), 25);
    QCOMPARE(t.counters().acknowledged, 0);
    QCOMPARE(server.withCmd(QStringLiteral("sendlog")).size(), 1);

    // Echoes written as strings are still echoes.
    QSignalSpy acked(&t, &SimTerminal::batchAcknowledged);
    server.send(
        QStringLiteral(R"({"ret":"sendlog","result":true,"count":"10","logindex":"%1"})").arg(logIndex).toUtf8());
    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 1, TIMEOUT_MS);
    QCOMPARE(acked.constFirst().constFirst().toInt(), 10);
    QCOMPARE(t.pendingRecords(), 15);
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 2, TIMEOUT_MS);
    QCOMPARE(server.withCmd(QStringLiteral("sendlog")).at(1).value(QLatin1String("logindex")).toInteger(),
             logIndex + 10);
}

void TestSimTerminal::unackedBatchIsResentAfterReconnect()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    SimTerminal t(testOptions(server.url()));
    QSignalSpy disconnected(&t, &SimTerminal::disconnected);
    QSignalSpy idle(&t, &SimTerminal::idle);
    t.generatePunches(10);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 1, TIMEOUT_MS);
    t.generatePunches(5); // arrives while the batch is in flight: must not change the held batch

    server.closeAll(); // the ack never comes
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 2, TIMEOUT_MS);
    QCOMPARE(server.withCmd(QStringLiteral("reg")).size(), 2);
    const QJsonObject a = server.withCmd(QStringLiteral("sendlog")).at(0);
    const QJsonObject b = server.withCmd(QStringLiteral("sendlog")).at(1);
    QCOMPARE(b.value(QLatin1String("logindex")), a.value(QLatin1String("logindex")));
    QCOMPARE(b.value(QLatin1String("count")).toInt(), 10);
    QCOMPARE(recordsOf(b), recordsOf(a));
    QCOMPARE(t.counters().resent, 10);
    QCOMPARE(t.counters().sent, 10);
    QCOMPARE(t.counters().reconnects, 1);

    server.autoAck = true;
    server.ack(b);
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty(), TIMEOUT_MS);
    const auto c = t.counters();
    QCOMPARE(c.generated, 15);
    QCOMPARE(c.sent, 15);
    QCOMPARE(c.acknowledged, 15);
    QCOMPARE(c.batchesAcked, 2);
    QCOMPARE(t.acknowledged().size(), 15);
    QCOMPARE(QSet<PunchKey>(t.acknowledged().cbegin(), t.acknowledged().cend()).size(), 15);
}

void TestSimTerminal::resultFalseResendsSameBatch()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.failNextAcks = 2;
    SimTerminal t(testOptions(server.url()));
    t.generatePunches(4);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 4, TIMEOUT_MS);
    const auto sendlogs = server.withCmd(QStringLiteral("sendlog"));
    QCOMPARE(sendlogs.size(), 3);
    QCOMPARE(recordsOf(sendlogs.at(1)), recordsOf(sendlogs.at(0)));
    QCOMPARE(recordsOf(sendlogs.at(2)), recordsOf(sendlogs.at(0)));
    QCOMPARE(t.counters().refused, 2);
    QCOMPARE(t.counters().resent, 8);
    QCOMPARE(server.connections, 1);
}

void TestSimTerminal::batchesFollowInOrder()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url(), 7);
    o.doorEvents = 0.2;
    SimTerminal t(o);
    QSignalSpy idle(&t, &SimTerminal::idle);
    t.generatePunches(100);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty() && t.pendingRecords() == 0, TIMEOUT_MS);

    qint64 expectIndex = -1;
    QSet<QString> times;
    int punches = 0;
    int doors = 0;
    for (const QJsonObject &s : server.withCmd(QStringLiteral("sendlog"))) {
        const QJsonArray records = s.value(QLatin1String("record")).toArray();
        QVERIFY(records.size() <= 7);
        QCOMPARE(s.value(QLatin1String("count")).toInt(), records.size());
        QCOMPARE(s.value(QLatin1String("sn")).toString(), QStringLiteral("T0001"));
        const qint64 index = s.value(QLatin1String("logindex")).toInteger();
        if (expectIndex >= 0)
            QCOMPARE(index, expectIndex);
        expectIndex = index + records.size();
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            QVERIFY(!times.contains(r.value(QLatin1String("time")).toString())); // strictly increasing clock
            times.insert(r.value(QLatin1String("time")).toString());
            const int enrollId = r.value(QLatin1String("enrollid")).toInt();
            if (enrollId == 0) {
                ++doors;
                continue;
            }
            ++punches;
            QVERIFY(enrollId >= 1 && enrollId <= 50);
            QVERIFY(QList<int>({1, 2, 3, 8}).contains(r.value(QLatin1String("mode")).toInt()));
            QVERIFY(r.value(QLatin1String("inout")).toInt() == 0 || r.value(QLatin1String("inout")).toInt() == 1);
            QCOMPARE(r.value(QLatin1String("event")).toInt(), 0);
            if (r.contains(QLatin1String("temp"))) {
                const double temp = r.value(QLatin1String("temp")).toDouble();
                QVERIFY(temp >= 36.1 && temp <= 37.4);
            }
        }
    }
    QCOMPARE(punches, 100);
    QVERIFY(doors > 0);
    QCOMPARE(t.counters().doorEvents, doors);
    QCOMPARE(t.counters().generated, 100);
    QCOMPARE(t.acknowledged().size(), 100); // door events are not punches
}

void TestSimTerminal::trailingCommasOnTheWire()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url());
    o.quirks.trailingCommas = true;
    SimTerminal t(o);
    t.generatePunches(3);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 3, TIMEOUT_MS);
    const auto it = std::find_if(server.frames.cbegin(), server.frames.cend(), [](const FakeServer::Frame &f) {
        return f.json.value(QLatin1String("cmd")).toString() == QLatin1String("sendlog");
    });
    QVERIFY(it != server.frames.cend());
    QVERIFY2(it->data.contains(",]"), it->data.constData());
    QVERIFY2(it->data.contains(",}"), it->data.constData());
    QVERIFY(QJsonDocument::fromJson(it->data).isNull()); // not strict JSON
}

void TestSimTerminal::numbersAsStringsOnTheWire()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url());
    o.quirks.numbersAsStrings = true;
    SimTerminal t(o);
    t.generatePunches(3);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 3, TIMEOUT_MS); // the fake echoes strings back
    const QJsonObject s = server.withCmd(QStringLiteral("sendlog")).constFirst();
    QVERIFY(s.value(QLatin1String("count")).isString());
    QVERIFY(s.value(QLatin1String("logindex")).isString());
    const QJsonObject r = s.value(QLatin1String("record")).toArray().first().toObject();
    for (const char *key : {"enrollid", "mode", "inout"})
        QVERIFY2(r.value(QLatin1String(key)).isString(), key);
}

void TestSimTerminal::cmdInsteadOfRet()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url());
    o.quirks.cmdInsteadOfRet = true;
    SimTerminal t(o);
    QSignalSpy registered(&t, &SimTerminal::registered);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, TIMEOUT_MS);
    server.send(R"({"cmd":"gettime"})");
    QTRY_COMPARE_WITH_TIMEOUT(server.withRet(QStringLiteral("gettime")).size(), 1, TIMEOUT_MS);
    const QJsonObject reply = server.withRet(QStringLiteral("gettime")).constFirst();
    QCOMPARE(reply.value(QLatin1String("cmd")).toString(), QStringLiteral("gettime"));
    QVERIFY(!reply.contains(QLatin1String("ret")));
    QCOMPARE(reply.value(QLatin1String("result")).toBool(), true);
}

void TestSimTerminal::garbageFaultSendsNonJson()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url(), 1);
    o.faults.garbage = 1.0;
    SimTerminal t(o);
    t.generatePunches(6);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 6, TIMEOUT_MS);
    int sendlogs = 0;
    for (qsizetype i = 0; i < server.frames.size(); ++i) {
        const FakeServer::Frame &f = server.frames.at(i);
        if (f.json.value(QLatin1String("cmd")).toString() != QLatin1String("sendlog"))
            continue;
        ++sendlogs;
        QVERIFY(i > 0);
        const FakeServer::Frame &before = server.frames.at(i - 1);
        QVERIFY2(before.binary || !before.isJson, before.data.constData());
        QVERIFY(before.binary || QJsonDocument::fromJson(before.data).isNull());
    }
    QCOMPARE(sendlogs, 6);
}

void TestSimTerminal::dropBeforeAckStillDeliversEverything()
{
    FakeServer server;
    QVERIFY(server.listen());
    TerminalOptions o = testOptions(server.url(), 5);
    o.faults.dropBeforeAck = 0.5;
    SimTerminal t(o);
    t.generatePunches(40);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, 4 * TIMEOUT_MS);
    const auto c = t.counters();
    QVERIFY(c.reconnects > 0);
    QVERIFY(c.resent > 0);
    QCOMPARE(c.sent, 40);
    QCOMPARE(c.acknowledged, 40);
    QCOMPARE(QSet<PunchKey>(t.acknowledged().cbegin(), t.acknowledged().cend()).size(), 40);
    QSet<QString> records;
    for (const QJsonObject &s : server.withCmd(QStringLiteral("sendlog"))) {
        for (const QJsonValue &r : s.value(QLatin1String("record")).toArray())
            records.insert(QString::fromUtf8(QJsonDocument(r.toObject()).toJson(QJsonDocument::Compact)));
    }
    QCOMPARE(records.size(), 40); // re-sent batches carry the same records
}

void TestSimTerminal::setUrlReconnectsElsewhere()
{
    auto first = std::make_unique<FakeServer>();
    QVERIFY(first->listen());
    first->autoAck = false;
    SimTerminal t(testOptions(first->url()));
    QSignalSpy registered(&t, &SimTerminal::registered);
    t.generatePunches(3);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(first->withCmd(QStringLiteral("sendlog")).size(), 1, TIMEOUT_MS);
    const QByteArray sentFirst = recordsOf(first->withCmd(QStringLiteral("sendlog")).constFirst());
    first.reset(); // the server goes away

    FakeServer second;
    QVERIFY(second.listen());
    t.setUrl(second.url());
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, 3, TIMEOUT_MS);
    QCOMPARE(registered.size(), 2);
    QCOMPARE(recordsOf(second.withCmd(QStringLiteral("sendlog")).constFirst()), sentFirst);
}

void TestSimTerminal::stopDoesNotReconnect()
{
    FakeServer server;
    QVERIFY(server.listen());
    SimTerminal t(testOptions(server.url()));
    QSignalSpy registered(&t, &SimTerminal::registered);
    QSignalSpy disconnected(&t, &SimTerminal::disconnected);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, TIMEOUT_MS);
    QPointer<QWebSocket> serverSide = server.current();
    t.stop();
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(!t.isRegistered());
    QTRY_VERIFY_WITH_TIMEOUT(serverSide.isNull(), TIMEOUT_MS); // the server saw the close
    t.generatePunches(2);
    // A second terminal doing 20 round trips proves the event loop ran long enough for a reconnect to show.
    TerminalOptions probeOptions = testOptions(server.url(), 1);
    probeOptions.sn = QStringLiteral("PROBE");
    SimTerminal probe(probeOptions);
    probe.generatePunches(20);
    probe.start();
    QTRY_COMPARE_WITH_TIMEOUT(probe.counters().acknowledged, 20, TIMEOUT_MS);
    QCOMPARE(server.connections, 2);
    for (const QJsonObject &s : server.withCmd(QStringLiteral("sendlog")))
        QCOMPARE(s.value(QLatin1String("sn")).toString(), QStringLiteral("PROBE"));
}

void TestSimTerminal::formatTimeMatchesQDateTime()
{
    // The hand-written formatter against Qt's calendar: every day 1899-2101 at a second that moves
    // through the day, the edges of a day, and hand-picked dates (leap days, century years).
    auto expected = [](qint64 wall) {
        return QDateTime::fromSecsSinceEpoch(wall, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    const qint64 first = QDateTime(QDate(1899, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    const qint64 last = QDateTime(QDate(2101, 12, 31), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    int checked = 0;
    for (qint64 day = first; day <= last; day += 86400, ++checked) {
        const qint64 wall = day + (checked * 7919) % 86400;
        QCOMPARE(SimDevice::formatTime(wall), expected(wall));
    }
    QVERIFY(checked > 73000);
    for (const qint64 wall : {qint64(0), qint64(-1), qint64(86399), qint64(86400), qint64(-86400), qint64(-86401)})
        QCOMPARE(SimDevice::formatTime(wall), expected(wall));
    QCOMPARE(SimDevice::formatTime(QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59), Qt::UTC).toSecsSinceEpoch()),
             QStringLiteral("2000-02-29 23:59:59"));
    QCOMPARE(SimDevice::formatTime(QDateTime(QDate(2100, 3, 1), QTime(0, 0, 1), Qt::UTC).toSecsSinceEpoch()),
             QStringLiteral("2100-03-01 00:00:01"));
    QCOMPARE(SimDevice::formatTime(QDateTime(QDate(1900, 2, 28), QTime(12, 0), Qt::UTC).toSecsSinceEpoch() + 43200),
             QStringLiteral("1900-03-01 00:00:00"));
}

void TestSimTerminal::jsonWriterEscapesStrings()
{
    JsonWriter w;
    w.beginObject();
    w.key("plain").string(QStringLiteral("AYSK0001"));
    w.key("quote").string(QStringLiteral("a\"b\\c"));
    w.key("control").string(QStringLiteral("x\ny\tz") + QChar(0x01));
    w.key("utf8").string(QStringLiteral("Jos\u00e9 \u674e"));
    w.key("n").number(-42);
    w.key("s").number(1234567890123LL, true);
    w.key("time").ascii("2026-11-21 10:00:00", 19);
    w.endObject();
    const QByteArray out = w.take();
    QCOMPARE(out, QByteArray("{\"plain\":\"AYSK0001\",\"quote\":\"a\\\"b\\\\c\",\"control\":\"x\\ny\\tz\\u0001\","
                             "\"utf8\":\"Jos\xc3\xa9 \xe6\x9d\x8e\",\"n\":-42,\"s\":\"1234567890123\","
                             "\"time\":\"2026-11-21 10:00:00\"}"));
    const QJsonObject back = QJsonDocument::fromJson(out).object();
    QCOMPARE(back.value(QLatin1String("quote")).toString(), QStringLiteral("a\"b\\c"));
    QCOMPARE(back.value(QLatin1String("utf8")).toString(), QStringLiteral("Jos\u00e9 \u674e"));
}

QTEST_GUILESS_MAIN(TestSimTerminal)
#include "tst_simterminal.moc"
