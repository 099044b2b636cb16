// SPDX-License-Identifier: GPL-3.0-or-later
// The input rules (docs/security.md, "Input rules") end to end on both protocols: the real Engine
// on port 0, hand-written reg / login frames, a real SQLite file. A serial outside the rules is
// refused with the reason and never stored; names and device texts are stored cleaned and bounded.
#include "enginefixture.h"
#include "tcpclient.h"
#include "wsclient.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"

#include <QTest>

using namespace termdesk;
namespace pb = termdesk::tcp::v1;

namespace {
const QString SN_RULE = QStringLiteral("not allowed (only printable ASCII, no space)");
}

class TestInputRules : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    void startEngine() { QVERIFY2(m_fx.start(m_fx.config()), qPrintable(m_fx.engine->lastError())); }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    /// A reg whose "sn" is @p snJson (a JSON value written by hand).
    static QByteArray reg(const QByteArray &snJson)
    {
        return QByteArray("{\"cmd\":\"reg\",\"sn\":") + snJson + QByteArray(",\"devinfo\":{\"modelname\":\"tfs30\"}}");
    }

    QString tcpLoginRefusal(const QByteArray &body)
    {
        TcpClient t;
        if (!t.open(m_fx.engine->tcpPort()))
            return QStringLiteral("not connected");
        t.send(2, body);
        const RawFrame r = t.next();
        if (r.cmd != 2)
            return QStringLiteral("no login reply");
        const auto reply = TcpClient::parse<pb::LoginReply>(r);
        if (reply.accepted())
            return QString();
        if (!t.waitDisconnected())
            return QStringLiteral("refused but not closed");
        return QString::fromStdString(reply.reason());
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }
    void cleanup() { m_fx.stopAndClear(); }

    void wsSerialRefusedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("snJson");
        QTest::addColumn<QString>("reason");
        QTest::newRow("10 KB") << (QByteArray("\"") + QByteArray(10 * 1024, 'S') + QByteArray("\""))
                               << QStringLiteral("sn longer than 64 characters");
        QTest::newRow("65 characters") << (QByteArray("\"") + QByteArray(65, 'S') + QByteArray("\""))
                                       << QStringLiteral("sn longer than 64 characters");
        QTest::newRow("NUL") << QByteArray("\"AB\\u0000CD\"") << QStringLiteral("sn character 3 ") + SN_RULE;
        QTest::newRow("CR LF") << QByteArray("\"ABC\\r\\nD\"") << QStringLiteral("sn character 4 ") + SN_RULE;
        QTest::newRow("space inside") << QByteArray("\"AB CD\"") << QStringLiteral("sn character 3 ") + SN_RULE;
        QTest::newRow("empty") << QByteArray("\"\"") << QStringLiteral("missing sn");
    }

    void wsSerialRefusedWithTheReason()
    {
        QFETCH(QByteArray, snJson);
        QFETCH(QString, reason);
        startEngine();
        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        const QJsonObject r = t.call(reg(snJson));
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("reg"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(r.value(QLatin1String("reason")).toString(), reason);
        // refused before storage: nothing recorded, nothing served
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminals")).toInt(), 0);
        QCOMPARE(t.call(R"({"cmd":"sendlog","sn":"X","count":0,"record":[]})").value(QLatin1String("reason")),
                 QJsonValue(QStringLiteral("did not reg")));
        QCOMPARE(m_fx.engine->registry()->onlineCount(), 0);
    }

    void wsSerialOf64Accepted()
    {
        startEngine();
        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        const QByteArray sn(64, 'Z');
        QCOMPARE(t.call(reg("\"" + sn + "\"")).value(QLatin1String("result")).toBool(), true);
        QCOMPARE(value(QStringLiteral("SELECT length(sn) FROM terminals")).toInt(), 64);
    }

    void wsNamesAndDeviceTextsStoredCleanedAndBounded()
    {
        startEngine();
        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        // JSON written by hand, with the JSON escapes a terminal can send
        const QJsonObject r = t.call("{\"cmd\":\"reg\",\"sn\":\"CLEAN1\",\"cpusn\":\"CPU\\u0000\\r\\n1\","
                                     "\"devinfo\":{\"modelname\":\"tf\\u001b[31ms30\\u0007\","
                                     "\"firmware\":\"v1\\u202e.exe\",\"mac\":\"00-01-A9-01-00-01\"}}");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(value(QStringLiteral("SELECT model FROM terminals")).toString(), QStringLiteral("tf[31ms30"));
        QCOMPARE(value(QStringLiteral("SELECT firmware FROM terminals")).toString(), QStringLiteral("v1.exe"));
        QCOMPARE(value(QStringLiteral("SELECT cpusn FROM terminals")).toString(), QStringLiteral("CPU1"));
        // a user pushed with control characters in the name, and one with a 300-character name
        QVERIFY(t.call("{\"cmd\":\"senduser\",\"sn\":\"CLEAN1\",\"enrollid\":7,"
                       "\"name\":\"=Ann\\r\\nB\\u0000ob\\t\",\"backupnum\":11,\"admin\":0,\"record\":\"123\"}")
                    .value(QLatin1String("result"))
                    .toBool());
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id=7")).toString(),
                 QStringLiteral("=AnnBob"));
        QCOMPARE(value(QStringLiteral("SELECT name FROM terminal_user_info WHERE enroll_id=7")).toString(),
                 QStringLiteral("=AnnBob"));
        const QByteArray longName(300, 'L');
        QVERIFY(t.call("{\"cmd\":\"senduser\",\"sn\":\"CLEAN1\",\"enrollid\":8,\"name\":\"" + longName +
                       "\",\"backupnum\":11,\"admin\":0,\"record\":\"124\"}")
                    .value(QLatin1String("result"))
                    .toBool());
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id=8")).toString(), QString(64, u'L'));
        // a punch record's name
        QVERIFY(t.call("{\"cmd\":\"sendlog\",\"sn\":\"CLEAN1\",\"count\":2,\"logindex\":1,\"record\":["
                       "{\"enrollid\":7,\"time\":\"2025-06-01 08:00:01\",\"mode\":1,\"inout\":0,\"event\":0,"
                       "\"name\":\"A\\nnn\\u0085\"},"
                       "{\"enrollid\":8,\"time\":\"2025-06-01 08:00:02\",\"mode\":1,\"inout\":0,\"event\":0,"
                       "\"name\":\"" +
                       longName + "\"}]}")
                    .value(QLatin1String("result"))
                    .toBool());
        QCOMPARE(value(QStringLiteral("SELECT name FROM punches WHERE enroll_id=7")).toString(), QStringLiteral("Ann"));
        QCOMPARE(value(QStringLiteral("SELECT length(name) FROM punches WHERE enroll_id=8")).toInt(), 64);
    }

    void tcpCodeRefusedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("10 KB") << QByteArray(10 * 1024, 'T')
                               << QStringLiteral("terminal code longer than 64 characters");
        QTest::newRow("65 characters") << QByteArray(65, 'T')
                                       << QStringLiteral("terminal code longer than 64 characters");
        QTest::newRow("NUL inside") << QByteArray("AB\0CD", 5)
                                    << QStringLiteral("terminal code character 3 ") + SN_RULE;
        QTest::newRow("CR LF inside") << QByteArray("ABC\r\nD")
                                      << QStringLiteral("terminal code character 4 ") + SN_RULE;
        QTest::newRow("only padding") << QByteArray("\0\0  ", 4) << QStringLiteral("missing terminal code");
        QTest::newRow("non-ASCII") << QByteArray("T\xc3\xa9") << QStringLiteral("terminal code character 2 ") + SN_RULE;
    }

    void tcpCodeRefusedWithTheReason()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        startEngine();
        QCOMPARE(tcpLoginRefusal(body), reason);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminals")).toInt(), 0);
    }

    void tcpCodeOf64AcceptedAndPaddingDropped()
    {
        startEngine();
        QCOMPARE(tcpLoginRefusal(QByteArray(64, 'K')), QString());
        QCOMPARE(tcpLoginRefusal(QByteArray("PAD-1\0\0\0", 8)), QString());
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminals WHERE sn='PAD-1' OR length(sn)=64")).toInt(), 2);
    }

    void tcpNamesAndTextsStoredCleanedAndBounded()
    {
        startEngine();
        TcpClient t;
        QVERIFY(t.open(m_fx.engine->tcpPort()));
        QVERIFY(t.login("TCP-CLEAN"));
        pb::Report rep;
        rep.set_sequence(3);
        rep.mutable_status()->set_model("LP\r\n-100\x1b");
        pb::User *u = rep.add_users();
        u->set_enroll_id(9);
        u->set_name(std::string("Bo\0b\r\n", 6) + std::string(200, 'x'));
        pb::Alarm *a = rep.add_alarms();
        a->set_code(4);
        a->set_text("door\x07 forced\n");
        a->set_time(170899200);
        t.sendMsg(6, rep);
        const RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(6));
        QCOMPARE(TcpClient::parse<pb::Ack>(r).sequence(), 3);
        QCOMPARE(value(QStringLiteral("SELECT model FROM terminals")).toString(), QStringLiteral("LP-100"));
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id=9")).toString(),
                 QStringLiteral("Bob") + QString(61, u'x'));
        QCOMPARE(value(QStringLiteral("SELECT text FROM alarms")).toString(), QStringLiteral("door forced"));
    }
};

QTEST_GUILESS_MAIN(TestInputRules)
#include "tst_inputrules.moc"
