// SPDX-License-Identifier: GPL-3.0-or-later
// Protobuf bodies of the TCP binary protocol (docs/protocol-tcp.md, "Bodies", proto/terminal.proto).
// Every body is written by hand from the protobuf wire format, never produced by the encoders:
//   tag byte = (field number << 3) | wire type; wire type 0 = varint, 2 = length-delimited
//   (followed by a varint length), 5 = fixed32 (4 bytes, little-endian).
//   Varints: 7 bits per byte, least significant group first, high bit = "more bytes follow"
//   (300 = AC 02, 1000 = E8 07, 100000 = A0 8D 06, 170928001 = 81 CF C0 51).
//   proto3 leaves fields at their default value (0, false, "") off the wire.
#include "tcp/tcpbodies.h"
#include "tcpterminalbodies.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace termdesk;
using namespace termdesk::tcp;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text); // spaces are skipped
}

// One Punch, 16 bytes:
//   08 2A           field 1 enroll_id, varint: 42
//   10 81 CF C0 51  field 2 time, varint: 170928001 (2025-06-01T08:00:01Z - 2020-01-01Z)
//   18 01           field 3 verify_mode, varint: 1 (fingerprint)
//   20 01           field 4 in_out, varint: 1
//                   field 5 event = 0: not on the wire
//   35 00 00 12 42  field 6 temperature, fixed32 (tag (6 << 3) | 5 = 0x35): 36.5f = 0x42120000 LE
#define PUNCH_42 "08 2A 10 81 CF C0 51 18 01 20 01 35 00 00 12 42"

// Report{sequence: 7, punches: [PUNCH_42]}:
//   08 07     field 1 sequence, varint: 7
//   12 10     field 2 punches, length-delimited (tag (2 << 3) | 2 = 0x12), 16 bytes follow
const char *const REPORT_ONE_PUNCH = "08 07  12 10 " PUNCH_42;

// A Report with everything:
//   08 AC 02                     sequence 300
//   12 10 PUNCH_42               punch 1 (above)
//   12 06 10 3C 18 03 28 05      punch 2: door event, enroll_id 0 (omitted), time 60, verify_mode 3,
//                                event 5 (tag (5 << 3) | 0 = 0x28), temperature 0 = not measured (omitted)
//   1A 18                        field 3 status, 24 bytes:
//     0A 02 58 39                  model "X9"
//     12 05 31 2E 32 00 00         firmware "1.2" + two NULs of C padding
//     18 E8 07                     user_capacity 1000
//     20 0C                        users_used 12
//                                  fp_capacity, fps_used, card_capacity, cards_used = 0 (omitted)
//     48 A0 8D 06                  log_capacity (field 9, tag 0x48) 100000
//                                  logs_used 0 (omitted)
//     58 03                        new_logs (field 11, tag 0x58) 3
//     60 50                        battery_percent (field 12, tag 0x60) 80
//   22 09                        field 4 alarms, 9 bytes:
//     08 03                        code 3
//     12 03 E9 97 A8               text "门" (UTF-8)
//     18 3C                        time 60
//   2A 1E                        field 5 users, 30 bytes:
//     08 07                        enroll_id 7
//     12 06 E5 BC A0 E4 B8 89      name "张三" (UTF-8, 6 bytes)
//     18 01                        admin 1
//     20 01                        disabled true
//     2A 07 08 0B 12 03 31 32 33   credential: backup_num 11 (card), data "123"
//     2A 05 12 03 01 02 FF         credential: backup_num 0 (omitted: fingerprint 0), data 01 02 FF
const char *const REPORT_FULL = "08 AC 02"
                                "12 10 " PUNCH_42 "12 06 10 3C 18 03 28 05"
                                "1A 18  0A 02 58 39  12 05 31 2E 32 00 00  18 E8 07  20 0C  48 A0 8D 06  58 03  60 50"
                                "22 09  08 03  12 03 E9 97 A8  18 3C"
                                "2A 1E  08 07  12 06 E5 BC A0 E4 B8 89  18 01  20 01"
                                "       2A 07 08 0B 12 03 31 32 33  2A 05 12 03 01 02 FF";

} // namespace

class TestTcpBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportOnePunch();
    void reportFull();
    void reportEmpty();
    void reportUnknownFieldsAccepted();
    void temperature_data();
    void temperature();
    void readResponse();
    void readResponseError();
    void writeResponse_data();
    void writeResponse();
    void invalidBodies_data();
    void invalidBodies();
    void encodeAck_data();
    void encodeAck();
    void encodeServerTime();
    void encodeServerAddress();
    void encodeLoginReply_data();
    void encodeLoginReply();
    void encodeReadRequest_data();
    void encodeReadRequest();
    void encodeWriteRequest();
    void encodeWriteRequestFlags();
    void encodeRejectsOutOfRangeIds_data();
    void encodeRejectsOutOfRangeIds();
    void encodeReport();
    void terminalSideRoundTrip();
    void loginCode_data();
    void loginCode();
};

void TestTcpBodies::reportOnePunch()
{
    const std::optional<TcpReport> r = parseReport(hex(REPORT_ONE_PUNCH));
    QVERIFY(r);
    QCOMPARE(r->sequence, 7u);
    QCOMPARE(r->punches.size(), 1);
    const TcpPunch &p = r->punches.at(0);
    QCOMPARE(p.enrollId, 42);
    QCOMPARE(p.utcSeconds2020, 170928001u);
    QCOMPARE(p.verifyMode, 1);
    QCOMPARE(p.inOut, 1);
    QCOMPARE(p.event, 0);
    QVERIFY(p.temperature);
    QVERIFY(*p.temperature == 36.5);
    QVERIFY(!r->status);
    QVERIFY(r->alarms.isEmpty());
    QVERIFY(r->users.isEmpty());
}

void TestTcpBodies::reportFull()
{
    const std::optional<TcpReport> r = parseReport(hex(REPORT_FULL));
    QVERIFY(r);
    QCOMPARE(r->sequence, 300u);

    QCOMPARE(r->punches.size(), 2);
    QCOMPARE(r->punches.at(0).enrollId, 42);
    const TcpPunch &door = r->punches.at(1);
    QCOMPARE(door.enrollId, 0);
    QCOMPARE(door.utcSeconds2020, 60u);
    QCOMPARE(door.verifyMode, 3);
    QCOMPARE(door.inOut, 0);
    QCOMPARE(door.event, 5);
    QVERIFY(!door.temperature);

    QVERIFY(r->status);
    const TerminalInfo &s = *r->status;
    QCOMPARE(s.model, QStringLiteral("X9"));
    QCOMPARE(s.firmware, QStringLiteral("1.2")); // NUL padding dropped
    QCOMPARE(s.userCapacity, std::optional<qint64>(1000));
    QCOMPARE(s.usersUsed, std::optional<qint64>(12));
    QCOMPARE(s.fpCapacity, std::optional<qint64>()); // capacity 0 = not reported
    QCOMPARE(s.fpsUsed, std::optional<qint64>(0));   // a count of 0 is a count
    QCOMPARE(s.cardCapacity, std::optional<qint64>());
    QCOMPARE(s.cardsUsed, std::optional<qint64>(0));
    QCOMPARE(s.logCapacity, std::optional<qint64>(100000));
    QCOMPARE(s.logsUsed, std::optional<qint64>(0));
    QCOMPARE(s.newLogs, std::optional<qint64>(3));
    QCOMPARE(s.batteryPercent, std::optional<qint64>(80));
    QVERIFY(!s.faceCapacity && !s.palmCapacity && !s.pwdCapacity); // not in DeviceStatus
    QVERIFY(s.cpuSerial.isEmpty() && s.mac.isEmpty() && s.deviceTime.isEmpty());

    // rawJson: every DeviceStatus field as sent, compact.
    QVERIFY(!s.rawJson.contains(' '));
    QJsonParseError error;
    const QJsonObject raw = QJsonDocument::fromJson(s.rawJson, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(raw.size(), 12);
    QCOMPARE(raw.value(QLatin1String("model")).toString(), QStringLiteral("X9"));
    QCOMPARE(raw.value(QLatin1String("firmware")).toString(), QString::fromUtf8("1.2\0\0", 5));
    QCOMPARE(raw.value(QLatin1String("user_capacity")).toInteger(), 1000);
    QCOMPARE(raw.value(QLatin1String("users_used")).toInteger(), 12);
    QCOMPARE(raw.value(QLatin1String("fp_capacity")).toInteger(-1), 0);
    QCOMPARE(raw.value(QLatin1String("fps_used")).toInteger(-1), 0);
    QCOMPARE(raw.value(QLatin1String("card_capacity")).toInteger(-1), 0);
    QCOMPARE(raw.value(QLatin1String("cards_used")).toInteger(-1), 0);
    QCOMPARE(raw.value(QLatin1String("log_capacity")).toInteger(), 100000);
    QCOMPARE(raw.value(QLatin1String("logs_used")).toInteger(-1), 0);
    QCOMPARE(raw.value(QLatin1String("new_logs")).toInteger(), 3);
    QCOMPARE(raw.value(QLatin1String("battery_percent")).toInteger(), 80);

    QCOMPARE(r->alarms.size(), 1);
    QCOMPARE(r->alarms.at(0).code, 3u);
    QCOMPARE(r->alarms.at(0).text, QStringLiteral("门"));
    QCOMPARE(r->alarms.at(0).utcSeconds2020, 60u);

    QCOMPARE(r->users.size(), 1);
    const TcpUser &u = r->users.at(0);
    QCOMPARE(u.enrollId, 7);
    QCOMPARE(u.name, QStringLiteral("张三"));
    QCOMPARE(u.admin, 1);
    QCOMPARE(u.disabled, true);
    QCOMPARE(u.credentials.size(), 2);
    QCOMPARE(u.credentials.at(0).first, 11);
    QCOMPARE(u.credentials.at(0).second, QByteArray("123"));
    QCOMPARE(u.credentials.at(1).first, 0);
    QCOMPARE(u.credentials.at(1).second, hex("01 02 FF")); // bytes, not text: FF is fine
}

void TestTcpBodies::reportEmpty()
{
    // An empty body is a valid Report with every field at its default.
    const std::optional<TcpReport> r = parseReport(QByteArrayView());
    QVERIFY(r);
    QCOMPARE(r->sequence, 0u);
    QVERIFY(r->punches.isEmpty());
    QVERIFY(!r->status);

    // An empty DeviceStatus (1A 00) is still a status: the terminal sent one.
    const std::optional<TcpReport> withStatus = parseReport(hex("1A 00"));
    QVERIFY(withStatus && withStatus->status);
    QCOMPARE(withStatus->status->usersUsed, std::optional<qint64>(0));
    QCOMPARE(withStatus->status->userCapacity, std::optional<qint64>());
    QCOMPARE(withStatus->status->batteryPercent, std::optional<qint64>());
}

void TestTcpBodies::reportUnknownFieldsAccepted()
{
    // proto3 is lenient with field numbers it does not know (a newer terminal):
    //   A0 06 01   field 100, varint 1 (tag 100 << 3 = 800 = A0 06)
    //   AA 06 02 41 42   field 101, length-delimited "AB"
    //   08 07      sequence 7
    const std::optional<TcpReport> r = parseReport(hex("A0 06 01  AA 06 02 41 42  08 07"));
    QVERIFY(r);
    QCOMPARE(r->sequence, 7u);
    // Inside a nested message too: a Punch with field 9 (48 05) besides enroll_id 1.
    const std::optional<TcpReport> nested = parseReport(hex("12 04 08 01 48 05"));
    QVERIFY(nested);
    QCOMPARE(nested->punches.size(), 1);
    QCOMPARE(nested->punches.at(0).enrollId, 1);
}

void TestTcpBodies::temperature_data()
{
    QTest::addColumn<QByteArray>("body"); // a Report with one punch whose only field is temperature
    QTest::addColumn<bool>("measured");
    QTest::addColumn<double>("celsius");

    // 12 05 = punches, 5 bytes; 35 = temperature fixed32; then the float, little-endian.
    QTest::newRow("36.5") << hex("12 05 35 00 00 12 42") << true << 36.5;
    QTest::newRow("36.6 reads as 36.6, not 36.59999847") << hex("12 05 35 66 66 12 42") << true << 36.6;
    QTest::newRow("37.2") << hex("12 05 35 CD CC 14 42") << true << 37.2;
    QTest::newRow("0 = not measured (omitted)") << hex("12 00") << false << 0.0;
    QTest::newRow("explicit 0.0") << hex("12 05 35 00 00 00 00") << false << 0.0;
    QTest::newRow("-0.0") << hex("12 05 35 00 00 00 80") << false << 0.0;
    QTest::newRow("NaN") << hex("12 05 35 00 00 C0 7F") << false << 0.0;
    QTest::newRow("+infinity") << hex("12 05 35 00 00 80 7F") << false << 0.0;
}

void TestTcpBodies::temperature()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, measured);
    QFETCH(double, celsius);

    const std::optional<TcpReport> r = parseReport(body);
    QVERIFY(r);
    QCOMPARE(r->punches.size(), 1);
    const std::optional<double> t = r->punches.at(0).temperature;
    QCOMPARE(bool(t), measured);
    if (measured)
        QVERIFY2(*t == celsius, qPrintable(QString::number(*t, 'g', 17)));
}

void TestTcpBodies::readResponse()
{
    // ReadResponse:
    //   08 09                       sequence 9
    //   10 01                       ok true
    //   22 04 0A 02 58 39           field 4 status (tag 0x22): model "X9"
    //   2A 07 08 07 12 03 41 6E 6E  field 5 users: enroll_id 7, name "Ann"
    //   32 04 08 2A 10 3C           field 6 punches (tag 0x32): enroll_id 42, time 60
    //   38 01                       field 7 more (tag 0x38): true
    const std::optional<TcpReadResponse> r =
        parseReadResponse(hex("08 09  10 01  22 04 0A 02 58 39  2A 07 08 07 12 03 41 6E 6E  32 04 08 2A 10 3C  38 01"));
    QVERIFY(r);
    QCOMPARE(r->sequence, 9u);
    QCOMPARE(r->ok, true);
    QVERIFY(r->error.isEmpty());
    QVERIFY(r->status);
    QCOMPARE(r->status->model, QStringLiteral("X9"));
    QCOMPARE(r->users.size(), 1);
    QCOMPARE(r->users.at(0).enrollId, 7);
    QCOMPARE(r->users.at(0).name, QStringLiteral("Ann"));
    QVERIFY(r->users.at(0).credentials.isEmpty());
    QCOMPARE(r->punches.size(), 1);
    QCOMPARE(r->punches.at(0).enrollId, 42);
    QCOMPARE(r->punches.at(0).utcSeconds2020, 60u);
    QVERIFY(!r->punches.at(0).temperature);
    QCOMPARE(r->more, true);
}

void TestTcpBodies::readResponseError()
{
    // 08 09 sequence 9; ok false (omitted); 1A 04 "busy" (field 3 error)
    const std::optional<TcpReadResponse> r = parseReadResponse(hex("08 09 1A 04 62 75 73 79"));
    QVERIFY(r);
    QCOMPARE(r->sequence, 9u);
    QCOMPARE(r->ok, false);
    QCOMPARE(r->error, QStringLiteral("busy"));
    QVERIFY(!r->status);
    QCOMPARE(r->more, false);
}

void TestTcpBodies::writeResponse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<quint32>("sequence");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("error");

    QTest::newRow("ok") << hex("08 05 10 01") << 5u << true << QString();
    QTest::newRow("refused") << hex("08 05 1A 04 66 75 6C 6C") << 5u << false << QStringLiteral("full");
    QTest::newRow("UTF-8 error text") << hex("08 01 1A 06 E5 B7 B2 E6 BB A1") << 1u << false << QStringLiteral("已满");
    QTest::newRow("large sequence") << hex("08 FF FF FF FF 0F 10 01") << 0xFFFFFFFFu << true << QString();
    QTest::newRow("empty body") << QByteArray() << 0u << false << QString();
}

void TestTcpBodies::writeResponse()
{
    QFETCH(QByteArray, body);
    QFETCH(quint32, sequence);
    QFETCH(bool, ok);
    QFETCH(QString, error);

    const std::optional<TcpWriteResponse> r = parseWriteResponse(body);
    QVERIFY(r);
    QCOMPARE(r->sequence, sequence);
    QCOMPARE(r->ok, ok);
    QCOMPARE(r->error, error);
}

void TestTcpBodies::invalidBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("reportOnly"); // invalid as a Report only (the other types differ there)

    QTest::newRow("truncated varint") << hex("08") << false;
    QTest::newRow("truncated varint after a good field") << hex("08 07 10 81 CF") << false;
    QTest::newRow("length past the end") << hex("12 05 01") << false;
    QTest::newRow("length past the end, nested") << hex("12 03 0A 05 41") << true;
    QTest::newRow("varint of 11 bytes") << hex("08 FF FF FF FF FF FF FF FF FF FF 01") << false;
    QTest::newRow("field number 0") << hex("00 00") << false;
    QTest::newRow("wire type 7 (does not exist)") << hex("0F") << false;
    QTest::newRow("wire type 6 (does not exist)") << hex("0E") << false;
    QTest::newRow("end group without start") << hex("0C") << false;
    QTest::newRow("start group never ended") << hex("0B") << false;
    // A known field with another valid wire type: libprotobuf would keep it as an unknown field
    // and leave the field at 0; we refuse it (docs/protocol-tcp.md, "Bodies").
    QTest::newRow("field 1 as length-delimited") << hex("0A 01 07") << false;
    QTest::newRow("field 1 as fixed32") << hex("0D 07 00 00 00") << false;
    QTest::newRow("field 1 as fixed64") << hex("09 07 00 00 00 00 00 00 00") << false;
    QTest::newRow("Report.punches as varint") << hex("10 01") << true;
    QTest::newRow("nested: Punch.enroll_id as string") << hex("12 04 0A 02 34 32") << true;
    QTest::newRow("nested: Punch.temperature as varint") << hex("12 02 30 01") << true;
    QTest::newRow("nested twice: Credential.data as varint") << hex("2A 04 2A 02 10 01") << true;
    // Invalid UTF-8 in a string field (proto3 strings are UTF-8): Report.status.model = FF.
    QTest::newRow("invalid UTF-8 in a string field") << hex("1A 03 0A 01 FF") << true;
    // WriteResponse / ReadResponse error (field 3) = FF.
    QTest::newRow("invalid UTF-8 in error") << hex("1A 01 FF") << false;
    QTest::newRow("random text") << QByteArray("hello, world") << false;
}

void TestTcpBodies::invalidBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, reportOnly);
    QVERIFY(!parseReport(body));
    if (!reportOnly) {
        QVERIFY(!parseReadResponse(body));
        QVERIFY(!parseWriteResponse(body));
    }
}

void TestTcpBodies::encodeAck_data()
{
    QTest::addColumn<qint32>("sequence");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("heartbeat ack: 0 is the default, so the body is empty") << 0 << QByteArray();
    QTest::newRow("5") << 5 << hex("08 05");
    QTest::newRow("300") << 300 << hex("08 AC 02");
    QTest::newRow("int32 max") << std::numeric_limits<qint32>::max() << hex("08 FF FF FF FF 07");
    // int32 negatives are sign-extended to 64 bits: always 10 bytes.
    QTest::newRow("-1") << -1 << hex("08 FF FF FF FF FF FF FF FF FF 01");
}

void TestTcpBodies::encodeAck()
{
    QFETCH(qint32, sequence);
    QFETCH(QByteArray, expected);
    QCOMPARE(termdesk::tcp::encodeAck(sequence), expected);
    QCOMPARE(parseAck(expected), std::optional<qint32>(sequence));
}

void TestTcpBodies::encodeServerTime()
{
    // 1748764801000 ms (2025-06-01T08:00:01Z) = E8 EF 84 D4 F2 32
    QCOMPARE(termdesk::tcp::encodeServerTime(1748764801000), hex("08 E8 EF 84 D4 F2 32"));
    QCOMPARE(termdesk::tcp::encodeServerTime(0), QByteArray());
}

void TestTcpBodies::encodeServerAddress()
{
    // 0A 0D: field 1, 13 bytes "10.0.0.5:7789"
    QCOMPARE(termdesk::tcp::encodeServerAddress(QStringLiteral("10.0.0.5:7789")),
             hex("0A 0D 31 30 2E 30 2E 30 2E 35 3A 37 37 38 39"));
    QCOMPARE(termdesk::tcp::encodeServerAddress(QStringLiteral("门.cn:1")), hex("0A 08 E9 97 A8 2E 63 6E 3A 31"));
}

void TestTcpBodies::encodeLoginReply_data()
{
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<quint32>("terminalId");
    QTest::addColumn<qint64>("serverTimeMs");
    QTest::addColumn<QByteArray>("expected");

    // 08 01 accepted; 18 82 02 terminal_id 258 (field 3); 20 ... server_time_ms (field 4)
    QTest::newRow("accepted") << true << QString() << 258u << qint64(1748764801000)
                              << hex("08 01 18 82 02 20 E8 EF 84 D4 F2 32");
    // accepted false is the default (omitted); 12 0D "not logged in" (field 2, 13 bytes)
    QTest::newRow("not logged in") << false << QStringLiteral("not logged in") << 0u << qint64(0)
                                   << hex("12 0D 6E 6F 74 20 6C 6F 67 67 65 64 20 69 6E");
    QTest::newRow("refused, UTF-8 reason")
        << false << QStringLiteral("待批准") << 0u << qint64(1000) << hex("12 09 E5 BE 85 E6 89 B9 E5 87 86 20 E8 07");
}

void TestTcpBodies::encodeLoginReply()
{
    QFETCH(bool, accepted);
    QFETCH(QString, reason);
    QFETCH(quint32, terminalId);
    QFETCH(qint64, serverTimeMs);
    QFETCH(QByteArray, expected);

    const QByteArray body = termdesk::tcp::encodeLoginReply({accepted, reason, terminalId, serverTimeMs});
    QCOMPARE(body, expected);
    const std::optional<TcpLoginReply> back = parseLoginReply(expected);
    QVERIFY(back);
    QCOMPARE(back->accepted, accepted);
    QCOMPARE(back->reason, reason);
    QCOMPARE(back->terminalId, terminalId);
    QCOMPARE(back->serverTimeMs, serverTimeMs);
}

void TestTcpBodies::encodeReadRequest_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<quint32>("sequence");
    QTest::addColumn<quint32>("fromTime");
    QTest::addColumn<quint32>("toTime");
    QTest::addColumn<quint32>("offset");
    QTest::addColumn<quint32>("limit");
    QTest::addColumn<QByteArray>("expected");

    // DEVICE_STATUS is enum value 0: omitted.
    QTest::newRow("status") << 0 << 1u << 0u << 0u << 0u << 0u << hex("08 01");
    // 10 01 target USERS; 28 64 offset 100 (field 5)
    QTest::newRow("users, page 2") << 1 << 2u << 0u << 0u << 100u << 0u << hex("08 02 10 01 28 64");
    // 10 02 PUNCHES; 18 3C from 60; 20 78 to 120; 30 32 limit 50 (field 6)
    QTest::newRow("punches") << 2 << 3u << 60u << 120u << 0u << 50u << hex("08 03 10 02 18 3C 20 78 30 32");
}

void TestTcpBodies::encodeReadRequest()
{
    QFETCH(int, target);
    QFETCH(quint32, sequence);
    QFETCH(quint32, fromTime);
    QFETCH(quint32, toTime);
    QFETCH(quint32, offset);
    QFETCH(quint32, limit);
    QFETCH(QByteArray, expected);

    const TcpReadRequest request{sequence, ReadTarget(target), fromTime, toTime, offset, limit};
    QCOMPARE(termdesk::tcp::encodeReadRequest(request), expected);
    const std::optional<TcpReadRequest> back = parseReadRequest(expected);
    QVERIFY(back);
    QCOMPARE(int(back->target), target);
    QCOMPARE(back->sequence, sequence);
    QCOMPARE(back->fromTime, fromTime);
    QCOMPARE(back->toTime, toTime);
    QCOMPARE(back->offset, offset);
    QCOMPARE(back->limit, limit);
}

void TestTcpBodies::encodeWriteRequest()
{
    TcpWriteRequest w;
    w.sequence = 4;
    TcpUser ann;
    ann.enrollId = 7;
    ann.name = QStringLiteral("Ann");
    ann.credentials = {{10, QByteArray("1234")}};
    w.upsertUsers = {ann};
    w.deleteEnrollIds = {8, 9};
    w.setTimeMs = 1000;
    w.openDoor = true;

    // 08 04                 sequence 4
    // 12 11                 field 2 upsert_users, 17 bytes:
    //   08 07 12 03 41 6E 6E  enroll_id 7, name "Ann" (admin 0, disabled false: omitted)
    //   2A 08 08 0A 12 04 31 32 33 34   credential: backup_num 10 (password), data "1234"
    // 1A 02 08 09           field 3 delete_enroll_ids, packed (proto3 default): 8, 9
    // 20 E8 07              field 4 set_time_ms 1000
    //                       clear_punches false: omitted
    // 30 01                 field 6 open_door true
    const QByteArray expected =
        hex("08 04  12 11 08 07 12 03 41 6E 6E 2A 08 08 0A 12 04 31 32 33 34  1A 02 08 09  20 E8 07  30 01");
    QCOMPARE(termdesk::tcp::encodeWriteRequest(w), expected);

    const std::optional<TcpWriteRequest> back = parseWriteRequest(expected);
    QVERIFY(back);
    QCOMPARE(back->sequence, 4u);
    QCOMPARE(back->upsertUsers.size(), 1);
    QCOMPARE(back->upsertUsers.at(0).name, QStringLiteral("Ann"));
    QCOMPARE(back->upsertUsers.at(0).credentials.at(0).first, 10);
    QCOMPARE(back->deleteEnrollIds, (QList<qint64>{8, 9}));
    QCOMPARE(back->setTimeMs, 1000);
    QCOMPARE(back->openDoor, true);
    QCOMPARE(back->reboot, false);

    // A terminal may send the repeated uint32 unpacked (18 08 18 09): same request.
    const std::optional<TcpWriteRequest> unpacked = parseWriteRequest(hex("08 04 18 08 18 09"));
    QVERIFY(unpacked);
    QCOMPARE(unpacked->deleteEnrollIds, (QList<qint64>{8, 9}));
}

void TestTcpBodies::encodeWriteRequestFlags()
{
    TcpWriteRequest w;
    w.sequence = 5;
    w.clearPunches = true;
    w.reboot = true;
    // 08 05 sequence; 28 01 clear_punches (field 5); 38 01 reboot (field 7)
    QCOMPARE(termdesk::tcp::encodeWriteRequest(w), hex("08 05 28 01 38 01"));
}

void TestTcpBodies::encodeRejectsOutOfRangeIds_data()
{
    QTest::addColumn<qint64>("enrollId");
    QTest::addColumn<int>("backupNum");
    QTest::addColumn<bool>("valid");
    QTest::newRow("0") << qint64(0) << 0 << true;
    QTest::newRow("uint32 max") << qint64(4294967295) << 50 << true;
    QTest::newRow("2^32") << qint64(4294967296) << 0 << false;
    QTest::newRow("negative") << qint64(-1) << 0 << false;
    QTest::newRow("negative backup_num") << qint64(1) << -1 << false;
}

void TestTcpBodies::encodeRejectsOutOfRangeIds()
{
    QFETCH(qint64, enrollId);
    QFETCH(int, backupNum);
    QFETCH(bool, valid);

    TcpUser u;
    u.enrollId = enrollId;
    u.credentials = {{backupNum, QByteArray("x")}};
    TcpWriteRequest upsert;
    upsert.sequence = 1;
    upsert.upsertUsers = {u};
    QCOMPARE(termdesk::tcp::encodeWriteRequest(upsert).isEmpty(), !valid);

    TcpReport report;
    report.sequence = 1;
    report.users = {u};
    QCOMPARE(termdesk::tcp::encodeReport(report).isEmpty(), !valid);

    if (backupNum >= 0) {
        TcpWriteRequest del;
        del.sequence = 1;
        del.deleteEnrollIds = {enrollId};
        QCOMPARE(termdesk::tcp::encodeWriteRequest(del).isEmpty(), !valid);
        TcpPunch p;
        p.enrollId = enrollId;
        TcpReport punches;
        punches.sequence = 1;
        punches.punches = {p};
        QCOMPARE(termdesk::tcp::encodeReport(punches).isEmpty(), !valid);
    }
}

void TestTcpBodies::encodeReport()
{
    TcpReport r;
    r.sequence = 7;
    TcpPunch p;
    p.enrollId = 42;
    p.utcSeconds2020 = 170928001;
    p.verifyMode = 1;
    p.inOut = 1;
    p.temperature = 36.5;
    r.punches = {p};
    QCOMPARE(termdesk::tcp::encodeReport(r), hex(REPORT_ONE_PUNCH));

    // A status: 1A 09 = field 3, 9 bytes: model "T" (0A 01 54), user_capacity 100 (18 64),
    // users_used 5 (20 05), battery_percent 90 (60 5A); the fields left empty are 0: omitted.
    TcpReport s;
    TerminalInfo info;
    info.model = QStringLiteral("T");
    info.userCapacity = 100;
    info.usersUsed = 5;
    info.batteryPercent = 90;
    s.status = info;
    QCOMPARE(termdesk::tcp::encodeReport(s), hex("1A 09 0A 01 54 18 64 20 05 60 5A"));
}

void TestTcpBodies::terminalSideRoundTrip()
{
    // The full hand-written report survives parse → encode → parse (the NUL padding of the
    // firmware is gone after the first parse, so compare the parsed forms).
    const std::optional<TcpReport> first = parseReport(hex(REPORT_FULL));
    QVERIFY(first);
    const QByteArray again = termdesk::tcp::encodeReport(*first);
    QVERIFY(!again.isEmpty());
    const std::optional<TcpReport> second = parseReport(again);
    QVERIFY(second);
    QCOMPARE(termdesk::tcp::encodeReport(*second), again);
    QCOMPARE(second->users.at(0).credentials, first->users.at(0).credentials);
    QCOMPARE(second->status->firmware, QStringLiteral("1.2"));

    TcpReadResponse rr;
    rr.sequence = 9;
    rr.ok = true;
    rr.more = true;
    rr.punches = {TcpPunch{42, 60, 0, 0, 0, std::nullopt}};
    QCOMPARE(encodeReadResponse(rr), hex("08 09 10 01 32 04 08 2A 10 3C 38 01"));
    QCOMPARE(encodeWriteResponse({5, false, QStringLiteral("full")}), hex("08 05 1A 04 66 75 6C 6C"));
}

void TestTcpBodies::loginCode_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("code");

    QTest::newRow("ascii") << QByteArray("T1") << true << QStringLiteral("T1");
    QTest::newRow("UTF-8") << hex("E9 97 A8 E7 A6 81 2D 41 31") << true << QStringLiteral("门禁-A1");
    QTest::newRow("NUL padded") << hex("54 31 00 00 00 00") << true << QStringLiteral("T1");
    QTest::newRow("white space around") << QByteArray(" T1 \r\n") << true << QStringLiteral("T1");
    QTest::newRow("inner space kept") << QByteArray("Gate 1") << true << QStringLiteral("Gate 1");
    QTest::newRow("64 bytes") << QByteArray(64, 'a') << true << QString(64, QLatin1Char('a'));
    QTest::newRow("65 bytes") << QByteArray(65, 'a') << false << QString();
    QTest::newRow("empty") << QByteArray() << false << QString();
    QTest::newRow("only NULs") << hex("00 00") << false << QString();
    QTest::newRow("only blanks") << QByteArray("   ") << false << QString();
    QTest::newRow("invalid UTF-8 byte") << hex("54 FF") << false << QString();
    QTest::newRow("overlong '/'") << hex("C0 AF") << false << QString();
    QTest::newRow("UTF-16 surrogate") << hex("ED A0 80") << false << QString();
    QTest::newRow("truncated sequence") << hex("54 E9 97") << false << QString();
    QTest::newRow("control character inside") << hex("54 01 31") << false << QString();
    QTest::newRow("tab inside") << hex("54 09 31") << false << QString();
    QTest::newRow("NUL inside") << hex("54 00 31") << false << QString();
}

void TestTcpBodies::loginCode()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, valid);
    QFETCH(QString, code);

    const std::optional<QString> got = parseLoginCode(body);
    QCOMPARE(bool(got), valid);
    if (valid)
        QCOMPARE(*got, code);
}

QTEST_GUILESS_MAIN(TestTcpBodies)
#include "tst_tcpbodies.moc"
