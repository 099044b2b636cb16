// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding of inbound WebSocket messages. Frames are written by hand from the protocol page
// (Part 2 §3.1 reg, §3.2 sendlog, §3.3 senduser, §3.4/3.5 pushes, §4 replies, §6.4, §6.6).
#include "util/devicetime.h"
#include "ws/wsmessages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <optional>

using namespace termdesk;
using namespace termdesk::ws;

Q_DECLARE_METATYPE(termdesk::ws::MessageKind)

namespace {

/// Strict parse of a hand-written frame; an empty object tells the test the frame is broken.
QJsonObject frame(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("bad test frame: %s", qPrintable(error.errorString()));
        return {};
    }
    return doc.object();
}

QJsonObject objectFromRaw(const QByteArray &raw)
{
    return QJsonDocument::fromJson(raw).object();
}

const char *kindName(MessageKind k)
{
    switch (k) {
    case MessageKind::Reg:
        return "Reg";
    case MessageKind::SendLog:
        return "SendLog";
    case MessageKind::SendUser:
        return "SendUser";
    case MessageKind::Push:
        return "Push";
    case MessageKind::Reply:
        return "Reply";
    case MessageKind::Invalid:
        return "Invalid";
    }
    return "?";
}

// The D3.0 reg example of §3.1, verbatim.
const QByteArray REG_D30 = R"({"cmd":"reg","sn":"ZX12345678","cpusn":"123456789",
 "devinfo":{"modelname":"tfs30","usersize":3000,"fpsize":3000,"cardsize":3000,
   "pwdsize":3000,"logsize":100000,"useduser":1000,"usedfp":1000,"usedcard":2000,
   "usedpwd":400,"usedlog":100000,"usednewlog":5000,"fpalgo":"thbio3.0",
   "firmware":"th600w v6.1","time":"2016-03-25 13:49:30","mac":"00-01-A9-01-00-01"}})";

// The sendlog example of §3.2 (the image shortened to a recognisable marker).
const QByteArray SENDLOG_32 = R"({"cmd":"sendlog","sn":"ZX12345678","count":2,"logindex":10,
 "record":[
  {"enrollid":1,"name":"Ann","time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,
   "temp":36.5,"verifymode":8,"image":"/9j/4AAQSkZJRgABAQAAAQABAAD"},
  {"enrollid":2,"time":"2025-06-01 08:00:09","mode":1,"inout":0,"event":0}]})";

} // namespace

class TestWsMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // reg
    void regD30Example();
    void regOnlySn();
    void regDevinfoNumbers_data();
    void regDevinfoNumbers();
    void regAiFaceKeysAndStrings();
    // sendlog
    void sendLogExample();
    void sendLogExampleKeepsPhotos();
    void sendLogCountAndLogIndexVerbatim_data();
    void sendLogCountAndLogIndexVerbatim();
    void sendLogRecords_data();
    void sendLogRecords();
    void sendLogQuarantine_data();
    void sendLogQuarantine();
    void sendLogQuarantineRedactsImage();
    void sendLogMixedBatchKeepsOrder();
    void sendLogLoneObjectAndEmpty();
    // senduser
    void sendUser_data();
    void sendUser();
    void sendUserWithoutEnrollIdIsQuarantined();
    // routing
    void kinds_data();
    void kinds();
    void isServerCommandName_data();
    void isServerCommandName();
    // redaction
    void redactedSendUser();
    void redactedSendLog();
    void redactedExtendedSetUserInfo();
};

// ---------------------------------------------------------------------------- reg

void TestWsMessages::regD30Example()
{
    const QJsonObject o = frame(REG_D30);
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);

    QCOMPARE(kindName(m.kind), "Reg");
    QCOMPARE(m.name, QStringLiteral("reg"));
    QCOMPARE(m.sn, QStringLiteral("ZX12345678"));
    const TerminalInfo &i = m.info;
    QCOMPARE(i.model, QStringLiteral("tfs30"));
    QCOMPARE(i.userCapacity, std::optional<qint64>(3000));
    QCOMPARE(i.fpCapacity, std::optional<qint64>(3000));
    QCOMPARE(i.cardCapacity, std::optional<qint64>(3000));
    QCOMPARE(i.pwdCapacity, std::optional<qint64>(3000));
    QCOMPARE(i.logCapacity, std::optional<qint64>(100000));
    QCOMPARE(i.usersUsed, std::optional<qint64>(1000));
    QCOMPARE(i.fpsUsed, std::optional<qint64>(1000));
    QCOMPARE(i.cardsUsed, std::optional<qint64>(2000));
    QCOMPARE(i.pwdsUsed, std::optional<qint64>(400));
    QCOMPARE(i.logsUsed, std::optional<qint64>(100000));
    QCOMPARE(i.newLogs, std::optional<qint64>(5000));
    QCOMPARE(i.fpAlgorithm, QStringLiteral("thbio3.0"));
    QCOMPARE(i.firmware, QStringLiteral("th600w v6.1"));
    QCOMPARE(i.deviceTime, QStringLiteral("2016-03-25 13:49:30"));
    QCOMPARE(i.mac, QStringLiteral("00-01-A9-01-00-01"));
    QCOMPARE(i.cpuSerial, QStringLiteral("123456789")); // top level, not inside devinfo
    // Keys the example does not send stay empty.
    QVERIFY(!i.faceCapacity && !i.facesUsed && !i.palmCapacity && !i.palmsUsed && !i.batteryPercent);
    // The whole devinfo object is kept as JSON.
    const QJsonObject raw = objectFromRaw(i.rawJson);
    QCOMPARE(raw.size(), 16);
    QCOMPARE(raw.value(QStringLiteral("modelname")).toString(), QStringLiteral("tfs30"));
    QCOMPARE(raw.value(QStringLiteral("usednewlog")).toInt(), 5000);
    QCOMPARE(raw.value(QStringLiteral("mac")).toString(), QStringLiteral("00-01-A9-01-00-01"));
    QVERIFY(m.punches.isEmpty());
    QVERIFY(m.quarantined.isEmpty());
    QVERIFY(!m.credential);
}

void TestWsMessages::regOnlySn()
{
    const DecodedMessage m = decodeMessage(frame(R"({"cmd":"reg","sn":"AI07F123456"})"), false);
    QCOMPARE(kindName(m.kind), "Reg");
    QCOMPARE(m.sn, QStringLiteral("AI07F123456"));
    const TerminalInfo &i = m.info;
    QVERIFY(i.model.isEmpty());
    QVERIFY(i.firmware.isEmpty());
    QVERIFY(i.cpuSerial.isEmpty());
    QVERIFY(i.mac.isEmpty());
    QVERIFY(i.fpAlgorithm.isEmpty());
    QVERIFY(i.deviceTime.isEmpty());
    QVERIFY(!i.userCapacity && !i.usersUsed && !i.fpCapacity && !i.logCapacity && !i.newLogs);
    QVERIFY(i.rawJson.isEmpty());
}

void TestWsMessages::regDevinfoNumbers_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value"); // JSON text of the value
    QTest::addColumn<qint64>("expected");

    QTest::newRow("usersize number") << QStringLiteral("usersize") << QByteArray("3000") << qint64(3000);
    QTest::newRow("usersize string") << QStringLiteral("usersize") << QByteArray(R"("3000")") << qint64(3000);
    QTest::newRow("useduser padded string") << QStringLiteral("useduser") << QByteArray(R"(" 12 ")") << qint64(12);
    QTest::newRow("fpsize string") << QStringLiteral("fpsize") << QByteArray(R"("10000")") << qint64(10000);
    QTest::newRow("usedfp") << QStringLiteral("usedfp") << QByteArray("17") << qint64(17);
    QTest::newRow("facesize") << QStringLiteral("facesize") << QByteArray("5000") << qint64(5000);
    QTest::newRow("usedface string") << QStringLiteral("usedface") << QByteArray(R"("12")") << qint64(12);
    QTest::newRow("palmsize zero") << QStringLiteral("palmsize") << QByteArray("0") << qint64(0);
    QTest::newRow("usedpalm") << QStringLiteral("usedpalm") << QByteArray("3") << qint64(3);
    QTest::newRow("cardsize") << QStringLiteral("cardsize") << QByteArray("15000") << qint64(15000);
    QTest::newRow("usedcard string") << QStringLiteral("usedcard") << QByteArray(R"("703")") << qint64(703);
    QTest::newRow("pwdsize") << QStringLiteral("pwdsize") << QByteArray("15000") << qint64(15000);
    QTest::newRow("usedpwd") << QStringLiteral("usedpwd") << QByteArray("9") << qint64(9);
    QTest::newRow("logsize string") << QStringLiteral("logsize") << QByteArray(R"("500000")") << qint64(500000);
    QTest::newRow("usedlog") << QStringLiteral("usedlog") << QByteArray("135") << qint64(135);
    QTest::newRow("usednewlog string") << QStringLiteral("usednewlog") << QByteArray(R"("135")") << qint64(135);
    QTest::newRow("battery") << QStringLiteral("battery") << QByteArray("87") << qint64(87);
}

void TestWsMessages::regDevinfoNumbers()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);

    const QByteArray json = "{\"cmd\":\"reg\",\"sn\":\"ZX1\",\"devinfo\":{\"" + key.toLatin1() + "\":" + value + "}}";
    const QJsonObject o = frame(json);
    QVERIFY(!o.isEmpty());
    const TerminalInfo i = decodeMessage(o, false).info;

    const QHash<QString, std::function<std::optional<qint64>(const TerminalInfo &)>> fields = {
        {QStringLiteral("usersize"), [](const TerminalInfo &t) { return t.userCapacity; }},
        {QStringLiteral("useduser"), [](const TerminalInfo &t) { return t.usersUsed; }},
        {QStringLiteral("fpsize"), [](const TerminalInfo &t) { return t.fpCapacity; }},
        {QStringLiteral("usedfp"), [](const TerminalInfo &t) { return t.fpsUsed; }},
        {QStringLiteral("facesize"), [](const TerminalInfo &t) { return t.faceCapacity; }},
        {QStringLiteral("usedface"), [](const TerminalInfo &t) { return t.facesUsed; }},
        {QStringLiteral("palmsize"), [](const TerminalInfo &t) { return t.palmCapacity; }},
        {QStringLiteral("usedpalm"), [](const TerminalInfo &t) { return t.palmsUsed; }},
        {QStringLiteral("cardsize"), [](const TerminalInfo &t) { return t.cardCapacity; }},
        {QStringLiteral("usedcard"), [](const TerminalInfo &t) { return t.cardsUsed; }},
        {QStringLiteral("pwdsize"), [](const TerminalInfo &t) { return t.pwdCapacity; }},
        {QStringLiteral("usedpwd"), [](const TerminalInfo &t) { return t.pwdsUsed; }},
        {QStringLiteral("logsize"), [](const TerminalInfo &t) { return t.logCapacity; }},
        {QStringLiteral("usedlog"), [](const TerminalInfo &t) { return t.logsUsed; }},
        {QStringLiteral("usednewlog"), [](const TerminalInfo &t) { return t.newLogs; }},
        {QStringLiteral("battery"), [](const TerminalInfo &t) { return t.batteryPercent; }},
    };
    QVERIFY(fields.contains(key));
    const std::optional<qint64> got = fields.value(key)(i);
    QVERIFY2(got.has_value(), qPrintable(key));
    QCOMPARE(*got, expected);
    // Every other numeric field stays empty.
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() != key)
            QVERIFY2(!it.value()(i).has_value(), qPrintable(it.key()));
    }
}

void TestWsMessages::regAiFaceKeysAndStrings()
{
    // AI-face style reg: numbers as strings, cpusn as a number, no top-level cpusn but one in
    // devinfo, unknown keys (kept in rawJson only), padded string values.
    const QJsonObject o = frame(R"({"cmd":"reg","sn":"AYUD15044766",
        "devinfo":{"modelname":"AiFace","firmware":" AiF43V_v4.50 ","cpusn":9876543210,
                   "usersize":"15000","useduser":"746","time":"2025-6-1 8:00:01",
                   "mac":"00-01-A9-01-00-02","curip":"192.168.000.001","dislanguage":524417}})");
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "Reg");
    QCOMPARE(m.sn, QStringLiteral("AYUD15044766"));
    QCOMPARE(m.info.model, QStringLiteral("AiFace"));
    QCOMPARE(m.info.firmware, QStringLiteral("AiF43V_v4.50"));
    QCOMPARE(m.info.cpuSerial, QStringLiteral("9876543210"));
    QCOMPARE(m.info.userCapacity, std::optional<qint64>(15000));
    QCOMPARE(m.info.usersUsed, std::optional<qint64>(746));
    QCOMPARE(m.info.deviceTime, QStringLiteral("2025-6-1 8:00:01")); // as sent
    QCOMPARE(m.info.mac, QStringLiteral("00-01-A9-01-00-02"));
    const QJsonObject raw = objectFromRaw(m.info.rawJson);
    QCOMPARE(raw.value(QStringLiteral("curip")).toString(), QStringLiteral("192.168.000.001"));
    QCOMPARE(raw.value(QStringLiteral("dislanguage")).toInt(), 524417);
}

// ---------------------------------------------------------------------------- sendlog

void TestWsMessages::sendLogExample()
{
    const QJsonObject o = frame(SENDLOG_32);
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);

    QCOMPARE(kindName(m.kind), "SendLog");
    QCOMPARE(m.name, QStringLiteral("sendlog"));
    QCOMPARE(m.sn, QStringLiteral("ZX12345678"));
    QCOMPARE(m.count, QJsonValue(2));
    QCOMPARE(m.logIndex, QJsonValue(10));
    QVERIFY(m.quarantined.isEmpty());
    QCOMPARE(m.punches.size(), 2);

    const Punch &a = m.punches.at(0);
    QCOMPARE(a.enrollId, qint64(1));
    QCOMPARE(a.name, QStringLiteral("Ann"));
    QCOMPARE(a.localTime, QStringLiteral("2025-06-01 08:00:01"));
    QCOMPARE(a.localEpoch, std::optional<qint64>(1748764801)); // read once here, not again when stored
    QCOMPARE(a.verifyMode, 8);
    QCOMPARE(a.inOut, 0);
    QCOMPARE(a.event, 0);
    QVERIFY(a.temperature.has_value());
    QCOMPARE(*a.temperature, 36.5);
    QVERIFY2(a.photo.isEmpty(), "punch photos are dropped unless keepPhotos");

    const Punch &b = m.punches.at(1);
    QCOMPARE(b.enrollId, qint64(2));
    QVERIFY(b.name.isEmpty());
    QCOMPARE(b.localTime, QStringLiteral("2025-06-01 08:00:09"));
    QCOMPARE(b.verifyMode, 1);
    QCOMPARE(b.inOut, 0);
    QCOMPARE(b.event, 0);
    QVERIFY(!b.temperature.has_value());
    QVERIFY(b.photo.isEmpty());
}

void TestWsMessages::sendLogExampleKeepsPhotos()
{
    const DecodedMessage m = decodeMessage(frame(SENDLOG_32), true);
    QCOMPARE(m.punches.size(), 2);
    QCOMPARE(m.punches.at(0).photo, QByteArray("/9j/4AAQSkZJRgABAQAAAQABAAD"));
    QVERIFY(m.punches.at(1).photo.isEmpty());
}

void TestWsMessages::sendLogCountAndLogIndexVerbatim_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QJsonValue>("count");
    QTest::addColumn<QJsonValue>("logIndex");

    QTest::newRow("numbers") << QByteArray(R"({"cmd":"sendlog","count":1,"logindex":10,"record":[]})") << QJsonValue(1)
                             << QJsonValue(10);
    QTest::newRow("strings stay strings") << QByteArray(R"({"cmd":"sendlog","count":"1","logindex":"10","record":[]})")
                                          << QJsonValue(QStringLiteral("1")) << QJsonValue(QStringLiteral("10"));
    QTest::newRow("big logindex") << QByteArray(R"({"cmd":"sendlog","count":0,"logindex":4294967296,"record":[]})")
                                  << QJsonValue(0) << QJsonValue(4294967296.0);
    QTest::newRow("pre-1.9 firmware: no logindex") << QByteArray(R"({"cmd":"sendlog","count":1,"record":[]})")
                                                   << QJsonValue(1) << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("neither") << QByteArray(R"({"cmd":"sendlog","record":[]})") << QJsonValue(QJsonValue::Undefined)
                             << QJsonValue(QJsonValue::Undefined);
}

void TestWsMessages::sendLogCountAndLogIndexVerbatim()
{
    QFETCH(QByteArray, json);
    QFETCH(QJsonValue, count);
    QFETCH(QJsonValue, logIndex);

    const QJsonObject o = frame(json);
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "SendLog");
    QCOMPARE(m.count.type(), count.type());
    QCOMPARE(m.count, count);
    QCOMPARE(m.logIndex.type(), logIndex.type());
    QCOMPARE(m.logIndex, logIndex);
}

void TestWsMessages::sendLogRecords_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<qint64>("enrollId");
    QTest::addColumn<QString>("localTime");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("inOut");
    QTest::addColumn<int>("event");
    QTest::addColumn<bool>("hasTemp");
    QTest::addColumn<double>("temp");

    QTest::newRow("plain") << QByteArray(R"({"enrollid":7,"time":"2025-06-01 08:00:01","mode":3,"inout":1,"event":2})")
                           << qint64(7) << QStringLiteral("2025-06-01 08:00:01") << 3 << 1 << 2 << false << 0.0;
    QTest::newRow("numbers as strings")
        << QByteArray(R"({"enrollid":"101072","time":"2025-06-01 08:00:01","mode":"8","inout":"1","event":"3"})")
        << qint64(101072) << QStringLiteral("2025-06-01 08:00:01") << 8 << 1 << 3 << false << 0.0;
    QTest::newRow("unpadded time normalised")
        << QByteArray(R"({"enrollid":1,"time":"2025-6-1 8:00:01","mode":1,"inout":0,"event":0})") << qint64(1)
        << QStringLiteral("2025-06-01 08:00:01") << 1 << 0 << 0 << false << 0.0;
    QTest::newRow("missing mode/inout/event default to 0")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01"})") << qint64(1)
        << QStringLiteral("2025-06-01 08:00:01") << 0 << 0 << 0 << false << 0.0;
    QTest::newRow("enrollid 0 is a door event, kept")
        << QByteArray(R"({"enrollid":0,"time":"2025-06-01 22:10:00","mode":0,"inout":1,"event":5})") << qint64(0)
        << QStringLiteral("2025-06-01 22:10:00") << 0 << 1 << 5 << false << 0.0;
    QTest::newRow("stranger 99999999 kept")
        << QByteArray(R"({"enrollid":99999999,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0})")
        << qint64(99999999) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << false << 0.0;
    QTest::newRow("temp 36.5")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,"temp":36.5})")
        << qint64(1) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << true << 36.5;
    QTest::newRow("temp 365 (tenths)")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,"temp":365})")
        << qint64(1) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << true << 36.5;
    QTest::newRow("temp 3650 (hundredths)")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,"temp":3650})")
        << qint64(1) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << true << 36.5;
    QTest::newRow("temp as string")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,"temp":"37.2"})")
        << qint64(1) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << true << 37.2;
    QTest::newRow("temp 0 means absent")
        << QByteArray(R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,"temp":0})")
        << qint64(1) << QStringLiteral("2025-06-01 08:00:01") << 8 << 0 << 0 << false << 0.0;
}

void TestWsMessages::sendLogRecords()
{
    QFETCH(QByteArray, record);
    QFETCH(qint64, enrollId);
    QFETCH(QString, localTime);
    QFETCH(int, mode);
    QFETCH(int, inOut);
    QFETCH(int, event);
    QFETCH(bool, hasTemp);
    QFETCH(double, temp);

    const QJsonObject o = frame(R"({"cmd":"sendlog","sn":"ZX1","count":1,"logindex":3,"record":[)" + record + "]}");
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "SendLog");
    QVERIFY(m.quarantined.isEmpty());
    QCOMPARE(m.punches.size(), 1);
    const Punch &p = m.punches.front();
    QCOMPARE(p.enrollId, enrollId);
    QCOMPARE(p.localTime, localTime);
    QCOMPARE(p.localEpoch, devicetime::parseLocal(localTime));
    QCOMPARE(p.verifyMode, mode);
    QCOMPARE(p.inOut, inOut);
    QCOMPARE(p.event, event);
    QCOMPARE(p.temperature.has_value(), hasTemp);
    if (hasTemp)
        QCOMPARE(*p.temperature, temp);
}

void TestWsMessages::sendLogQuarantine_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<QString>("reasonMentions");

    QTest::newRow("missing enrollid") << QByteArray(R"({"time":"2025-06-01 08:00:01","mode":1})")
                                      << QStringLiteral("enrollid");
    QTest::newRow("enrollid not numeric")
        << QByteArray(R"({"enrollid":"abc","time":"2025-06-01 08:00:01"})") << QStringLiteral("enrollid");
    QTest::newRow("enrollid 1.5") << QByteArray(R"({"enrollid":1.5,"time":"2025-06-01 08:00:01"})")
                                  << QStringLiteral("enrollid");
    QTest::newRow("enrollid negative") << QByteArray(R"({"enrollid":-1,"time":"2025-06-01 08:00:01"})")
                                       << QStringLiteral("enrollid");
    QTest::newRow("enrollid null") << QByteArray(R"({"enrollid":null,"time":"2025-06-01 08:00:01"})")
                                   << QStringLiteral("enrollid");
    QTest::newRow("missing time") << QByteArray(R"({"enrollid":1,"mode":1})") << QStringLiteral("time");
    QTest::newRow("February 30") << QByteArray(R"({"enrollid":1,"time":"2025-02-30 08:00:01"})")
                                 << QStringLiteral("time");
    QTest::newRow("hour 24") << QByteArray(R"({"enrollid":1,"time":"2025-06-01 24:00:00"})") << QStringLiteral("time");
    QTest::newRow("garbage time") << QByteArray(R"({"enrollid":1,"time":"yesterday"})") << QStringLiteral("time");
    QTest::newRow("epoch number as time")
        << QByteArray(R"({"enrollid":1,"time":1748764801})") << QStringLiteral("time");
    QTest::newRow("record is a number") << QByteArray("5") << QStringLiteral("object");
}

void TestWsMessages::sendLogQuarantine()
{
    QFETCH(QByteArray, record);
    QFETCH(QString, reasonMentions);

    const QJsonObject o = frame(R"({"cmd":"sendlog","sn":"ZX1","count":1,"logindex":3,"record":[)" + record + "]}");
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "SendLog");
    QVERIFY(m.punches.isEmpty());
    QCOMPARE(m.quarantined.size(), 1);
    const QuarantinedRecord &q = m.quarantined.front();
    QVERIFY2(q.reason.contains(reasonMentions, Qt::CaseInsensitive), qPrintable(q.reason));
    QVERIFY2(!q.raw.isEmpty(), "the raw record is kept");
    // The count/logindex are still there for the ack.
    QCOMPARE(m.count, QJsonValue(1));
    QCOMPARE(m.logIndex, QJsonValue(3));
}

void TestWsMessages::sendLogQuarantineRedactsImage()
{
    const QJsonObject o = frame(R"({"cmd":"sendlog","sn":"ZX1","count":1,"logindex":4,"record":[
        {"name":"Ann","time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0,
         "image":"/9j/4AAQSkZJRgABAQAAAQABAADSECRETPHOTO"}]})");
    QVERIFY(!o.isEmpty());
    for (const bool keepPhotos : {false, true}) {
        const DecodedMessage m = decodeMessage(o, keepPhotos);
        QVERIFY(m.punches.isEmpty());
        QCOMPARE(m.quarantined.size(), 1);
        const QByteArray &raw = m.quarantined.front().raw;
        QVERIFY2(!raw.contains("SECRETPHOTO"), raw.constData());
        const QJsonObject kept = objectFromRaw(raw);
        QCOMPARE(kept.value(QStringLiteral("name")).toString(), QStringLiteral("Ann"));
        QCOMPARE(kept.value(QStringLiteral("time")).toString(), QStringLiteral("2025-06-01 08:00:01"));
        QCOMPARE(kept.value(QStringLiteral("mode")).toInt(), 8);
        QVERIFY(kept.contains(QStringLiteral("image"))); // structure kept, value hidden
        QVERIFY(kept.value(QStringLiteral("image")).toString().startsWith(QStringLiteral("<redacted")));
    }
}

void TestWsMessages::sendLogMixedBatchKeepsOrder()
{
    const QJsonObject o = frame(R"({"cmd":"sendlog","sn":"ZX1","count":4,"logindex":20,"record":[
        {"enrollid":1,"time":"2025-06-01 08:00:01","mode":1,"inout":0,"event":0},
        {"time":"2025-06-01 08:00:02","mode":1,"inout":0,"event":0},
        {"enrollid":0,"time":"2025-06-01 08:00:03","mode":0,"inout":0,"event":1},
        {"enrollid":3,"time":"2025-06-31 08:00:04","mode":1,"inout":0,"event":0}]})");
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(m.punches.size(), 2);
    QCOMPARE(m.punches.at(0).enrollId, qint64(1));
    QCOMPARE(m.punches.at(1).enrollId, qint64(0));
    QCOMPARE(m.punches.at(1).event, 1);
    QCOMPARE(m.quarantined.size(), 2);
    QVERIFY(m.quarantined.at(0).raw.contains("08:00:02"));
    QVERIFY(m.quarantined.at(1).raw.contains("2025-06-31"));
}

void TestWsMessages::sendLogLoneObjectAndEmpty()
{
    // A lone object instead of an array is still one record.
    const DecodedMessage lone = decodeMessage(
        frame(R"({"cmd":"sendlog","count":1,"logindex":1,"record":{"enrollid":5,"time":"2025-06-01 08:00:01"}})"),
        false);
    QCOMPARE(lone.punches.size(), 1);
    QCOMPARE(lone.punches.front().enrollId, qint64(5));

    const DecodedMessage empty = decodeMessage(frame(R"({"cmd":"sendlog","count":0,"logindex":1,"record":[]})"), false);
    QCOMPARE(kindName(empty.kind), "SendLog");
    QVERIFY(empty.punches.isEmpty());
    QVERIFY(empty.quarantined.isEmpty());

    const DecodedMessage none = decodeMessage(frame(R"({"cmd":"sendlog","count":0})"), false);
    QCOMPARE(kindName(none.kind), "SendLog");
    QVERIFY(none.punches.isEmpty());
    QVERIFY(none.quarantined.isEmpty());
}

// ---------------------------------------------------------------------------- senduser

void TestWsMessages::sendUser_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("enrollId");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("admin");
    QTest::addColumn<int>("backupNum");
    QTest::addColumn<QString>("data");

    QTest::newRow("backupnum 0: hex template")
        << QByteArray(
               R"({"cmd":"senduser","sn":"ZX1","enrollid":1,"name":"Ann","backupnum":0,"admin":0,"record":"c52c5b00(128)6166"})")
        << qint64(1) << QStringLiteral("Ann") << 0 << 0 << QStringLiteral("c52c5b00(128)6166");
    QTest::newRow("backupnum 10: password number")
        << QByteArray(
               R"({"cmd":"senduser","sn":"ZX1","enrollid":2,"name":"Bob","backupnum":10,"admin":1,"record":12345678})")
        << qint64(2) << QStringLiteral("Bob") << 1 << 10 << QStringLiteral("12345678");
    QTest::newRow("backupnum 11: card 2352253")
        << QByteArray(
               R"({"cmd":"senduser","sn":"ZX1","enrollid":3,"name":"Cy","backupnum":11,"admin":0,"record":2352253})")
        << qint64(3) << QStringLiteral("Cy") << 0 << 11 << QStringLiteral("2352253");
    QTest::newRow("backupnum 11: card > 2^31 stays exact")
        << QByteArray(
               R"({"cmd":"senduser","sn":"ZX1","enrollid":4,"name":"Di","backupnum":11,"admin":0,"record":4294967296})")
        << qint64(4) << QStringLiteral("Di") << 0 << 11 << QStringLiteral("4294967296");
    QTest::newRow("backupnum 50: base64 photo")
        << QByteArray(
               R"({"cmd":"senduser","sn":"ZX12345678","enrollid":1,"name":"Ann","backupnum":50,"admin":0,"record":"/9j/4AAQSkZJRgABAQAAAQABAAD"})")
        << qint64(1) << QStringLiteral("Ann") << 0 << 50 << QStringLiteral("/9j/4AAQSkZJRgABAQAAAQABAAD");
    QTest::newRow("numbers as strings")
        << QByteArray(
               R"({"cmd":"senduser","enrollid":"101072","name":"Ed","backupnum":"11","admin":"2","record":"987654"})")
        << qint64(101072) << QStringLiteral("Ed") << 2 << 11 << QStringLiteral("987654");
    QTest::newRow("without backupnum: name-only credential")
        << QByteArray(R"({"cmd":"senduser","sn":"ZX1","enrollid":5,"name":"Fay","admin":0})") << qint64(5)
        << QStringLiteral("Fay") << 0 << -1 << QString();
    QTest::newRow("without admin and name")
        << QByteArray(R"({"cmd":"senduser","sn":"ZX1","enrollid":6,"backupnum":11,"record":100})") << qint64(6)
        << QString() << -1 << 11 << QStringLiteral("100"); // -1: admin not sent, the known level is kept
}

void TestWsMessages::sendUser()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, enrollId);
    QFETCH(QString, name);
    QFETCH(int, admin);
    QFETCH(int, backupNum);
    QFETCH(QString, data);

    const QJsonObject o = frame(json);
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "SendUser");
    QCOMPARE(m.name, QStringLiteral("senduser"));
    QVERIFY(m.quarantined.isEmpty());
    QVERIFY(m.credential.has_value());
    const CredentialRecord &c = *m.credential;
    QCOMPARE(c.enrollId, enrollId);
    QCOMPARE(c.name, name);
    QCOMPARE(c.admin.value_or(-1), admin);
    QCOMPARE(c.backupNum, backupNum);
    QCOMPARE(c.data, data);
}

void TestWsMessages::sendUserWithoutEnrollIdIsQuarantined()
{
    const QJsonObject o =
        frame(R"({"cmd":"senduser","sn":"ZX1","name":"Ann","backupnum":50,"admin":0,"record":"/9j/SECRETFACE"})");
    QVERIFY(!o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), "SendUser");
    QVERIFY(!m.credential.has_value());
    QCOMPARE(m.quarantined.size(), 1);
    QVERIFY2(m.quarantined.front().reason.contains(QStringLiteral("enrollid")),
             qPrintable(m.quarantined.front().reason));
    const QByteArray &raw = m.quarantined.front().raw;
    QVERIFY2(!raw.contains("SECRETFACE"), raw.constData());
    QCOMPARE(objectFromRaw(raw).value(QStringLiteral("name")).toString(), QStringLiteral("Ann"));
}

// ---------------------------------------------------------------------------- routing

void TestWsMessages::kinds_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<MessageKind>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("sn");

    QTest::newRow("reg") << QByteArray(R"({"cmd":"reg","sn":"ZX1"})") << MessageKind::Reg << QStringLiteral("reg")
                         << QStringLiteral("ZX1");
    QTest::newRow("cmd value trimmed") << QByteArray(R"({"cmd":" sendlog ","sn":"ZX1","record":[]})")
                                       << MessageKind::SendLog << QStringLiteral("sendlog") << QStringLiteral("ZX1");
    QTest::newRow("sendqrcode") << QByteArray(R"({"cmd":"sendqrcode","sn":"ZX12345678","record":"123456"})")
                                << MessageKind::Push << QStringLiteral("sendqrcode") << QStringLiteral("ZX12345678");
    QTest::newRow("sendpin")
        << QByteArray(R"({"cmd":"sendpin","sn":"ZX12345678","pin":"123456","time":"2025-06-01 08:00:00"})")
        << MessageKind::Push << QStringLiteral("sendpin") << QStringLiteral("ZX12345678");
    QTest::newRow("unknown cmd sendgps") << QByteArray(
                                                R"({"cmd":"sendgps","sn":"ZX1","satellites":5,"location":"1.0,2.0"})")
                                         << MessageKind::Push << QStringLiteral("sendgps") << QStringLiteral("ZX1");
    QTest::newRow("unknown cmd otacheck") << QByteArray(R"({"cmd":"otacheck","fwname":"x","version":"1"})")
                                          << MessageKind::Push << QStringLiteral("otacheck") << QString();
    QTest::newRow("ret getuserlist")
        << QByteArray(R"({"ret":"getuserlist","sn":"ZX12345678","result":true,"count":40,"from":0,"to":39,
                          "record":[{"enrollid":1,"admin":0,"backupnum":0}]})")
        << MessageKind::Reply << QStringLiteral("getuserlist") << QStringLiteral("ZX12345678");
    QTest::newRow("ret value trimmed") << QByteArray(R"({"ret":"setuserinfo ","enrollid":1,"result":true})")
                                       << MessageKind::Reply << QStringLiteral("setuserinfo") << QString();
    QTest::newRow("ret failure") << QByteArray(R"({"ret":"getuserinfo","result":false,"msg":"can not find the user"})")
                                 << MessageKind::Reply << QStringLiteral("getuserinfo") << QString();
    QTest::newRow("firmware answers getnewlog with cmd")
        << QByteArray(R"({"cmd":"getnewlog","count":0,"from":0,"to":0,"record":[]})") << MessageKind::Reply
        << QStringLiteral("getnewlog") << QString();
    QTest::newRow("firmware answers setuserinfo with cmd")
        << QByteArray(R"({"cmd":"setuserinfo","enrollid":1,"sn":"ZX1","result":true})") << MessageKind::Reply
        << QStringLiteral("setuserinfo") << QStringLiteral("ZX1");
    QTest::newRow("no cmd, no ret") << QByteArray(R"({"sn":"ZX1","result":true})") << MessageKind::Invalid << QString()
                                    << QStringLiteral("ZX1");
    QTest::newRow("empty object") << QByteArray("{}") << MessageKind::Invalid << QString() << QString();
    QTest::newRow("blank cmd and ret") << QByteArray(R"({"cmd":"  ","ret":""})") << MessageKind::Invalid << QString()
                                       << QString();
}

void TestWsMessages::kinds()
{
    QFETCH(QByteArray, json);
    QFETCH(MessageKind, kind);
    QFETCH(QString, name);
    QFETCH(QString, sn);

    const QJsonObject o = frame(json);
    QVERIFY(json == "{}" || !o.isEmpty());
    const DecodedMessage m = decodeMessage(o, false);
    QCOMPARE(kindName(m.kind), kindName(kind));
    QCOMPARE(m.name, name);
    QCOMPARE(m.sn, sn);
    if (kind != MessageKind::SendLog) {
        QVERIFY(m.punches.isEmpty());
        QVERIFY(m.quarantined.isEmpty());
    }
    QVERIFY(!m.credential.has_value());
}

void TestWsMessages::isServerCommandName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("server");

    // §4 server → terminal commands.
    const char *const commands[] = {
        "getuserlist",   "getuserinfo",   "setuserinfo",  "deleteuser",       "getusername",      "setusername",
        "enableuser",    "cleanuser",     "getnewlog",    "getalllog",        "cleanlog",         "initsys",
        "reboot",        "cleanadmin",    "settime",      "gettime",          "setdevinfo",       "getdevinfo",
        "opendoor",      "setdevlock",    "getdevlock",   "getuserlock",      "setuserlock",      "deleteuserlock",
        "cleanuserlock", "disabledevice", "enabledevice", "getquestionnaire", "setquestionnaire", "getholiday",
        "setholiday",    "deleteholiday", "cleanholiday", "setuserprofile",   "getuserprofile",   "adduser",
        "getdevcap",     "lockctrl",      "getallusers",  "keypad",
    };
    for (const char *c : commands)
        QTest::newRow(c) << QString::fromLatin1(c) << true;

    // §3 terminal → server messages and other names.
    const char *const others[] = {"reg", "sendlog", "senduser", "sendqrcode", "sendpin", "sendgps", "hello"};
    for (const char *c : others)
        QTest::newRow(c) << QString::fromLatin1(c) << false;
    QTest::newRow("empty") << QString() << false;
}

void TestWsMessages::isServerCommandName()
{
    QFETCH(QString, name);
    QFETCH(bool, server);

    QCOMPARE(termdesk::ws::isServerCommandName(name), server);
}

// ---------------------------------------------------------------------------- redaction

void TestWsMessages::redactedSendUser()
{
    const QByteArray hex1620(1620, 'a');
    const QJsonObject o =
        frame(R"({"cmd":"senduser","sn":"ZX1","enrollid":1,"name":"Ann","backupnum":0,"admin":0,"record":")" + hex1620 +
              "\"}");
    QVERIFY(!o.isEmpty());
    const QJsonObject r = redacted(o);
    QCOMPARE(r.keys(), o.keys());
    QCOMPARE(r.value(QStringLiteral("record")).toString(), QStringLiteral("<redacted 1620 chars>"));
    QCOMPARE(r.value(QStringLiteral("cmd")).toString(), QStringLiteral("senduser"));
    QCOMPARE(r.value(QStringLiteral("sn")).toString(), QStringLiteral("ZX1"));
    QCOMPARE(r.value(QStringLiteral("enrollid")).toInt(), 1);
    QCOMPARE(r.value(QStringLiteral("name")).toString(), QStringLiteral("Ann"));
    QCOMPARE(r.value(QStringLiteral("backupnum")).toInt(), 0);

    // A card number record is hidden too.
    const QJsonObject card = redacted(frame(R"({"cmd":"senduser","enrollid":4,"backupnum":11,"record":4294967296})"));
    QVERIFY(card.value(QStringLiteral("record")).isString());
    QVERIFY(!card.value(QStringLiteral("record")).toString().contains(QStringLiteral("4294967296")));
    QVERIFY(card.value(QStringLiteral("record")).toString().startsWith(QStringLiteral("<redacted")));
}

void TestWsMessages::redactedSendLog()
{
    const QJsonObject o = frame(SENDLOG_32);
    QVERIFY(!o.isEmpty());
    const QJsonObject r = redacted(o);
    QCOMPARE(r.keys(), o.keys());
    QCOMPARE(r.value(QStringLiteral("count")).toInt(), 2);
    QCOMPARE(r.value(QStringLiteral("logindex")).toInt(), 10);
    const QJsonArray records = r.value(QStringLiteral("record")).toArray();
    QCOMPARE(records.size(), 2);
    const QJsonObject first = records.at(0).toObject();
    QCOMPARE(first.keys(), o.value(QStringLiteral("record")).toArray().at(0).toObject().keys());
    QCOMPARE(first.value(QStringLiteral("image")).toString(), QStringLiteral("<redacted 27 chars>"));
    QCOMPARE(first.value(QStringLiteral("enrollid")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("Ann"));
    QCOMPARE(first.value(QStringLiteral("time")).toString(), QStringLiteral("2025-06-01 08:00:01"));
    QCOMPARE(first.value(QStringLiteral("temp")).toDouble(), 36.5);
    // The second record had nothing secret: unchanged.
    QCOMPARE(records.at(1).toObject(), o.value(QStringLiteral("record")).toArray().at(1).toObject());
    // The input is untouched.
    QCOMPARE(o.value(QStringLiteral("record")).toArray().at(0).toObject().value(QStringLiteral("image")).toString(),
             QStringLiteral("/9j/4AAQSkZJRgABAQAAAQABAAD"));
}

void TestWsMessages::redactedExtendedSetUserInfo()
{
    // §4.4 extended form (as our own outbound command would be logged), plus a sendpin push.
    const QJsonObject o = frame(R"({"cmd":"setuserinfo","enrollid":1,"name":"test","verifymode":0,"department":"HR",
        "admin":0,"card":12345,"pwd":123,"enable":1,"starttime":"2025-03-01 00:00:00","backupnum":0,"record":"abcd"})");
    QVERIFY(!o.isEmpty());
    const QJsonObject r = redacted(o);
    QCOMPARE(r.keys(), o.keys());
    QCOMPARE(r.value(QStringLiteral("card")).toString(), QStringLiteral("<redacted 5 chars>"));
    QCOMPARE(r.value(QStringLiteral("pwd")).toString(), QStringLiteral("<redacted 3 chars>"));
    QCOMPARE(r.value(QStringLiteral("record")).toString(), QStringLiteral("<redacted 4 chars>"));
    QCOMPARE(r.value(QStringLiteral("department")).toString(), QStringLiteral("HR"));
    QCOMPARE(r.value(QStringLiteral("enable")).toInt(), 1);
    QCOMPARE(r.value(QStringLiteral("starttime")).toString(), QStringLiteral("2025-03-01 00:00:00"));

    const QJsonObject pin =
        redacted(frame(R"({"cmd":"sendpin","sn":"ZX1","pin":"123456","time":"2025-06-01 08:00:00"})"));
    QCOMPARE(pin.value(QStringLiteral("pin")).toString(), QStringLiteral("<redacted 6 chars>"));
    QCOMPARE(pin.value(QStringLiteral("time")).toString(), QStringLiteral("2025-06-01 08:00:00"));
}

QTEST_GUILESS_MAIN(TestWsMessages)
#include "tst_wsmessages.moc"
