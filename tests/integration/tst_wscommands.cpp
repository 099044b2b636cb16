// SPDX-License-Identifier: GPL-3.0-or-later
// The WebSocket side of the durable command queue end to end: the real Engine on port 0, a
// hand-written terminal answering as the protocol page (Part 2 §4, §6) describes, quirks
// included, and the real SQLite file checked through a second connection.
#include "enginefixture.h"
#include "termdeskcli.h"
#include "wsclient.h"
#include "wsreplies.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"
#include "storage/commandstore.h"

#include <QDateTime>
#include <QTest>

#include <memory>
#include <utility>

using namespace termdesk;

namespace {

/// The engine's clock in these tests: it moves only when a test advances it.
ManualClock engineClock;

/// The local wall time of the engine's clock, shifted by @p offsetSeconds.
QString localTime(qint64 offsetSeconds)
{
    return QDateTime::fromMSecsSinceEpoch(engineClock.wallClockMs())
        .addSecs(offsetSeconds)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

/// A terminal that reads server commands and push acknowledgements apart.
class Terminal
{
public:
    bool open(quint16 port) { return c.open(port); }

    void send(const QJsonObject &o) { c.send(o); }
    void send(const char *json) { c.send(QByteArray(json)); }

    /// The next message from the server that is a command ("cmd").
    QJsonObject nextCommand(int timeoutMs = 5000) { return nextReplyWith(c, "cmd", m_cmd, timeoutMs); }
    /// The next message from the server that answers a push ("ret").
    QJsonObject nextRet(int timeoutMs = 5000) { return nextReplyWith(c, "ret", m_ret, timeoutMs); }

    bool reg(const QString &sn, qint64 clockOffsetSeconds = 0)
    {
        send(QJsonObject{
            {QStringLiteral("cmd"), QStringLiteral("reg")},
            {QStringLiteral("sn"), sn},
            {QStringLiteral("devinfo"), QJsonObject{{QStringLiteral("modelname"), QStringLiteral("AiFace")},
                                                    {QStringLiteral("time"), localTime(clockOffsetSeconds)}}}});
        const QJsonObject r = nextRet();
        return r.value(QLatin1String("ret")).toString() == QLatin1String("reg") &&
               r.value(QLatin1String("result")).toBool();
    }

    WsClient c;

private:
    qsizetype m_cmd = 0;
    qsizetype m_ret = 0;
};

QString cmdOf(const QJsonObject &o)
{
    return o.value(QLatin1String("cmd")).toString();
}

} // namespace

class TestWsCommands : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    EngineConfig config()
    {
        EngineConfig c = m_fx.config();
        c.tcpPort = -1; // WebSocket only
        c.commandPollMs = 100;
        c.wsCommandTimeoutMs = 10'000;
        return c;
    }

    /// With @p manual the engine runs on `engineClock`: its timeouts and its poll wait for the test.
    void startEngine(const EngineConfig &c, bool manual = false)
    {
        QVERIFY2(m_fx.start(c, manual ? &engineClock : nullptr), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->wsPort() > 0);
    }

    quint16 port() const { return m_fx.engine->wsPort(); }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    qint64 queue(const QString &sn, const QString &cmd, const QString &payload)
    {
        return m_fx.db.with([&](QSqlDatabase db) {
            QString error;
            const qint64 id = storage::CommandStore::enqueue(db, sn, QStringLiteral("ws"), QStringLiteral("ws.") + cmd,
                                                             payload, QStringLiteral("test"), &error);
            if (id == 0)
                qWarning() << error;
            return id;
        });
    }

    QString stateOf(qint64 id)
    {
        return value(QStringLiteral("SELECT state || '/' || tries FROM commands WHERE id = %1").arg(id)).toString();
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }

    void cleanup() { m_fx.stopAndClear(); }

    void queuedWhileOfflineDeliveredAfterReg()
    {
        startEngine(config());
        const qint64 id =
            queue(QStringLiteral("OFF1"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
        QVERIFY(id > 0);
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("OFF1")));
        const QJsonObject cmd = t.nextCommand();
        QCOMPARE(cmd, QJsonObject({{QStringLiteral("cmd"), QStringLiteral("opendoor")}}));
        QCOMPARE(stateOf(id), QStringLiteral("sent/1"));
        t.send(R"({"ret":"opendoor","sn":"OFF1","result":true})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));
    }

    void rowLeftSentByAStoppedServerSentAgain()
    {
        startEngine(config());
        const qint64 stale =
            queue(QStringLiteral("CRASH"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
        const qint64 spent =
            queue(QStringLiteral("CRASH"), QStringLiteral("gettime"), QStringLiteral(R"({"cmd":"gettime"})"));
        // what a server killed with these in flight leaves behind
        value(QStringLiteral("UPDATE commands SET state='sent', tries=1, sent_ms=1 WHERE id=%1").arg(stale));
        value(QStringLiteral("UPDATE commands SET state='sent', tries=3, sent_ms=1 WHERE id=%1").arg(spent));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("CRASH")));
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("opendoor"));
        QCOMPARE(stateOf(stale), QStringLiteral("sent/2"));
        QCOMPARE(stateOf(spent), QStringLiteral("failed/3"));
        QCOMPARE(value(QStringLiteral("SELECT reason FROM commands WHERE id=%1").arg(spent)).toString(),
                 QStringLiteral("no answer after 3 tries"));
    }

    void replyWithCmdInsteadOfRetAndClockDrift()
    {
        startEngine(config(), true);
        const qint64 id =
            queue(QStringLiteral("QUIRK"), QStringLiteral("gettime"), QStringLiteral(R"({"cmd":"gettime"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("QUIRK")));
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("gettime"));
        // An echo without an answer is not the reply.
        t.send(R"({"cmd":"gettime","sn":"QUIRK"})");
        // Firmware that answers with "cmd" (Part 2 §6.4); no "result" in the gettime reply (§4.17).
        t.send(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("gettime")},
                           {QStringLiteral("sn"), QStringLiteral("QUIRK")},
                           {QStringLiteral("time"), localTime(120)}});
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));
        QCOMPARE(value(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE sn='QUIRK'")).toLongLong(), 120);
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(id))
                    .toString()
                    .contains(QLatin1String("\"drift_s\":")));
    }

    void refusedCommandFailsAndNextFollows()
    {
        startEngine(config());
        const qint64 info = queue(QStringLiteral("REF"), QStringLiteral("getuserinfo"),
                                  QStringLiteral(R"({"cmd":"getuserinfo","enrollid":9,"backupnum":50})"));
        const qint64 door =
            queue(QStringLiteral("REF"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("REF")));
        const QJsonObject cmd = t.nextCommand();
        QCOMPARE(cmdOf(cmd), QStringLiteral("getuserinfo"));
        QCOMPARE(cmd.value(QLatin1String("enrollid")).toInt(), 9);
        t.send(R"({"ret":"getuserinfo","sn":"REF","result":false,"msg":"can not find the user"})");
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("opendoor")); // one in flight: the next after the answer
        QCOMPARE(stateOf(info), QStringLiteral("failed/1"));
        QCOMPARE(value(QStringLiteral("SELECT reason FROM commands WHERE id=%1").arg(info)).toString(),
                 QStringLiteral("terminal refused: can not find the user"));
        t.send(R"({"ret":"opendoor","sn":"REF","result":false,"reason":1})");
        QTRY_COMPARE(stateOf(door), QStringLiteral("failed/1"));
        QCOMPARE(value(QStringLiteral("SELECT reason FROM commands WHERE id=%1").arg(door)).toString(),
                 QStringLiteral("terminal refused (reason 1)"));
    }

    void unansweredRetriedThenFailed()
    {
        EngineConfig c = config();
        c.commandMaxTries = 2;
        startEngine(c, true);
        const qint64 id =
            queue(QStringLiteral("MUTE"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("MUTE")));
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("opendoor"));
        engineClock.advance(c.wsCommandTimeoutMs - 1);
        QCOMPARE(stateOf(id), QStringLiteral("sent/1"));
        engineClock.advance(1);
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("opendoor")); // timed out: sent again
        QCOMPARE(stateOf(id), QStringLiteral("sent/2"));
        engineClock.advance(c.wsCommandTimeoutMs);
        QTRY_COMPARE(stateOf(id), QStringLiteral("failed/2"));
        QCOMPARE(value(QStringLiteral("SELECT reason FROM commands WHERE id=%1").arg(id)).toString(),
                 QStringLiteral("no answer after 2 tries"));
        // A late answer matches nothing: logged and ignored, the connection stays.
        t.send(R"({"ret":"opendoor","sn":"MUTE","result":true})");
        t.send(R"({"cmd":"sendqrcode","sn":"MUTE","record":"123"})");
        QCOMPARE(t.nextRet().value(QLatin1String("ret")).toString(), QStringLiteral("sendqrcode"));
        QCOMPARE(stateOf(id), QStringLiteral("failed/2"));
    }

    void logsPagedUntilEmptyPage()
    {
        startEngine(config());
        const qint64 id = queue(QStringLiteral("PAGE"), QStringLiteral("getnewlog"),
                                QStringLiteral(R"({"cmd":"getnewlog","stn":true})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("PAGE")));
        QJsonObject cmd = t.nextCommand();
        QCOMPARE(cmd,
                 QJsonObject({{QStringLiteral("cmd"), QStringLiteral("getnewlog")}, {QStringLiteral("stn"), true}}));
        // count is a total here (§4.10) and from/to do not add up: neither is trusted.
        t.send(R"({"ret":"getnewlog","sn":"PAGE","result":true,"count":1000,"from":0,"to":49,"record":[
            {"enrollid":1,"time":"2025-06-01 08:00:01","mode":1,"inout":0,"event":0},
            {"enrollid":0,"time":"2025-06-01 08:00:05","mode":0,"inout":0,"event":1},]})");
        cmd = t.nextCommand();
        QCOMPARE(cmd,
                 QJsonObject({{QStringLiteral("cmd"), QStringLiteral("getnewlog")}, {QStringLiteral("stn"), false}}));
        t.send(R"({"cmd":"getnewlog","sn":"PAGE","result":true,"count":"1000","from":2,"to":2,"record":[
            {"enrollid":"2","time":"2025-6-1 8:01:00","mode":8,"inout":1,"event":0}]})");
        QCOMPARE(t.nextCommand().value(QLatin1String("stn")).toBool(true), false);
        t.send(R"({"ret":"getnewlog","sn":"PAGE","result":true,"count":0,"from":0,"to":0,"record":[]})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches")).toInt(), 2);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM door_events")).toInt(), 1);
        QCOMPARE(value(QStringLiteral("SELECT local_time FROM punches WHERE enroll_id=2")).toString(),
                 QStringLiteral("2025-06-01 08:01:00"));
        QCOMPARE(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(id)).toString(),
                 QStringLiteral(R"({"end":"empty page","new":3,"pages":3,"records":3})"));
    }

    void pagingEndsOnResultFalseTimeoutOrCap()
    {
        EngineConfig c = config();
        c.wsMaxPages = 2;
        startEngine(c, true);
        const qint64 silent = queue(QStringLiteral("ENDS"), QStringLiteral("getalllog"),
                                    QStringLiteral(R"({"cmd":"getalllog","stn":true,"from":"2025-01-01"})"));
        const qint64 refused =
            queue(QStringLiteral("ENDS"), QStringLiteral("getnewlog"), QStringLiteral(R"({"cmd":"getnewlog"})"));
        const qint64 capped =
            queue(QStringLiteral("ENDS"), QStringLiteral("getnewlog"), QStringLiteral(R"({"cmd":"getnewlog"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ENDS")));
        QJsonObject cmd = t.nextCommand();
        QCOMPARE(cmd.value(QLatin1String("from")).toString(), QStringLiteral("2025-01-01"));
        QCOMPARE(cmd.value(QLatin1String("stn")).toBool(), true);
        t.send(R"({"ret":"getalllog","result":true,"count":1,"record":[{"enrollid":5,"time":"2025-01-02 09:00:00"}]})");
        QCOMPARE(t.nextCommand().value(QLatin1String("stn")).toBool(true), false);
        // silence after a page: the end of the list on some firmware
        engineClock.advance(c.wsCommandTimeoutMs);
        cmd = t.nextCommand();
        QCOMPARE(cmdOf(cmd), QStringLiteral("getnewlog"));
        QCOMPARE(stateOf(silent), QStringLiteral("done/1"));
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(silent))
                    .toString()
                    .contains(QLatin1String(R"("end":"page timeout")")));
        QCOMPARE(cmd.value(QLatin1String("stn")).toBool(), true); // stn added to a paged command
        t.send(R"({"ret":"getnewlog","result":true,"count":1,"record":[{"enrollid":6,"time":"2025-01-02 09:00:00"}]})");
        QCOMPARE(t.nextCommand().value(QLatin1String("stn")).toBool(true), false);
        t.send(R"({"ret":"getnewlog","result":false,"reason":1})");
        cmd = t.nextCommand();
        QCOMPARE(stateOf(refused), QStringLiteral("done/1"));
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(refused))
                    .toString()
                    .contains(QLatin1String(R"("end":"result false")")));
        for (int page = 0; page < 2; ++page) {
            t.send(QJsonObject{
                {QStringLiteral("ret"), QStringLiteral("getnewlog")},
                {QStringLiteral("result"), true},
                {QStringLiteral("count"), 1},
                {QStringLiteral("record"),
                 QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 7 + page},
                                        {QStringLiteral("time"), QStringLiteral("2025-01-03 09:00:00")}}}}});
            if (page == 0)
                QCOMPARE(t.nextCommand().value(QLatin1String("stn")).toBool(true), false);
        }
        QTRY_COMPARE(stateOf(capped), QStringLiteral("done/1"));
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(capped))
                    .toString()
                    .contains(QLatin1String(R"("end":"page cap")")));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches")).toInt(), 4);
    }

    void completeUserListForgetsWhatIsGone()
    {
        startEngine(config());
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("GONE")));
        const auto pull = [&](const QByteArray &firstPage, bool complete) {
            const qint64 id = queue(QStringLiteral("GONE"), QStringLiteral("getuserlist"),
                                    QStringLiteral(R"({"cmd":"getuserlist","stn":true})"));
            if (cmdOf(t.nextCommand()) != QLatin1String("getuserlist"))
                return QString();
            t.send(firstPage);
            if (complete) {
                if (t.nextCommand().value(QLatin1String("stn")).toBool(true))
                    return QString();
                t.send(R"({"ret":"getuserlist","sn":"GONE","result":true,"count":0,"record":[]})");
            }
            return QTest::qWaitFor([&] {
                return stateOf(id).startsWith(QLatin1String("done")) || stateOf(id).startsWith(QLatin1String("failed"));
            })
                       ? stateOf(id)
                       : QString();
        };
        const QString held = QStringLiteral("SELECT group_concat(enroll_id || ':' || backup_num) FROM (SELECT * FROM "
                                            "terminal_users ORDER BY enroll_id, backup_num)");
        QCOMPARE(pull(R"({"ret":"getuserlist","sn":"GONE","result":true,"count":3,"record":[
            {"enrollid":1,"backupnum":0},{"enrollid":2,"backupnum":11},{"enrollid":3,"backupnum":50}]})",
                      true),
                 QStringLiteral("done/1"));
        QCOMPARE(value(held).toString(), QStringLiteral("1:0,2:11,3:50"));
        // User 2 was deleted at the terminal: the next complete listing forgets it, and its user row.
        QCOMPARE(pull(R"({"ret":"getuserlist","sn":"GONE","result":true,"count":2,"record":[
            {"enrollid":1,"backupnum":0},{"enrollid":3,"backupnum":50}]})",
                      true),
                 QStringLiteral("done/1"));
        QCOMPARE(value(held).toString(), QStringLiteral("1:0,3:50"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_user_info WHERE enroll_id = 2")).toInt(), 0);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_user_info")).toInt(), 2);
        // A listing that fails on its first page forgets nothing.
        QCOMPARE(pull(R"({"ret":"getuserlist","sn":"GONE","result":false,"reason":1})", false).left(6),
                 QStringLiteral("failed"));
        QCOMPARE(value(held).toString(), QStringLiteral("1:0,3:50"));
    }

    void pullUsersFetchesEveryCredential()
    {
        startEngine(config());
        const qint64 id = queue(QStringLiteral("USERS"), QStringLiteral("getuserlist"),
                                QStringLiteral(R"({"cmd":"getuserlist","stn":true,"_then":"getuserinfo"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("USERS")));
        const QJsonObject cmd = t.nextCommand();
        QCOMPARE(cmd,
                 QJsonObject({{QStringLiteral("cmd"), QStringLiteral("getuserlist")}, {QStringLiteral("stn"), true}}));
        t.send(R"({"ret":"getuserlist","sn":"USERS","result":true,"count":3,"from":0,"to":2,"record":[
            {"enrollid":1,"admin":0,"backupnum":0},{"enrollid":1,"admin":0,"backupnum":11},
            {"enrollid":2,"admin":"1","backupnum":50}]})");
        QCOMPARE(t.nextCommand().value(QLatin1String("stn")).toBool(true), false);
        t.send(R"({"ret":"getuserlist","sn":"USERS","result":true,"count":0,"from":0,"to":0,"record":[]})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));
        QCOMPARE(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(id)).toString(),
                 QStringLiteral(R"({"end":"empty page","followups":3,"pages":2,"records":3,"users":2})"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users")).toInt(), 3);
        QCOMPARE(value(QStringLiteral("SELECT admin FROM users WHERE enroll_id=2")).toInt(), 1);

        const QString fp = QStringLiteral("c52c5b00(128)6166");
        const QString photo = QStringLiteral("/9j/4AAQSkZJRgABAQAAAQABAAD");
        const QList<std::pair<int, int>> expected = {{1, 0}, {1, 11}, {2, 50}};
        for (const auto &[enroll, backup] : expected) {
            const QJsonObject info = t.nextCommand();
            QCOMPARE(cmdOf(info), QStringLiteral("getuserinfo"));
            QCOMPARE(info.value(QLatin1String("enrollid")).toInt(), enroll);
            QCOMPARE(info.value(QLatin1String("backupnum")).toInt(), backup);
            QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("getuserinfo")},
                              {QStringLiteral("result"), true},
                              {QStringLiteral("enrollid"), enroll},
                              {QStringLiteral("name"), enroll == 1 ? QStringLiteral("Ann") : QStringLiteral("Bob")},
                              {QStringLiteral("backupnum"), backup},
                              {QStringLiteral("admin"), enroll == 2 ? 1 : 0}};
            reply.insert(QStringLiteral("record"), backup == 0    ? QJsonValue(fp)
                                                   : backup == 11 ? QJsonValue(4294967296.0)
                                                                  : QJsonValue(photo));
            t.send(reply);
        }
        QTRY_COMPARE(
            value(QStringLiteral("SELECT count(*) FROM commands WHERE origin='pull-users' AND state='done'")).toInt(),
            3);
        QCOMPARE(value(QStringLiteral("SELECT data FROM credentials WHERE enroll_id=1 AND backup_num=0")).toString(),
                 fp);
        QCOMPARE(value(QStringLiteral("SELECT data FROM credentials WHERE enroll_id=1 AND backup_num=11")).toString(),
                 QStringLiteral("4294967296"));
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id=1")).toString(), QStringLiteral("Ann"));
        // the result column names what was stored, never the biometric data
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM commands WHERE result LIKE '%c52c5b00%'"
                                      " OR result LIKE '%/9j/%' OR result LIKE '%4294967296%'"))
                     .toInt(),
                 0);
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE origin='pull-users' AND payload LIKE '%50%'"))
                    .toString()
                    .contains(QLatin1String(R"("backupnum":50)")));
    }

    void rebootNotAwaitedNextAfterReconnect()
    {
        startEngine(config());
        const qint64 reboot =
            queue(QStringLiteral("BOOT"), QStringLiteral("reboot"), QStringLiteral(R"({"cmd":"reboot"})"));
        const qint64 door =
            queue(QStringLiteral("BOOT"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
        {
            Terminal t;
            QVERIFY(t.open(port()));
            QVERIFY(t.reg(QStringLiteral("BOOT")));
            QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("reboot"));
            QTRY_COMPARE(stateOf(reboot), QStringLiteral("done/1"));
            QCOMPARE(stateOf(door), QStringLiteral("queued/0")); // not sent into a rebooting terminal
            t.c.socket.abort();                                  // the terminal restarts
        }
        QTRY_VERIFY(!m_fx.engine->registry()->isOnline(QStringLiteral("BOOT")));
        Terminal again;
        QVERIFY(again.open(port()));
        QVERIFY(again.reg(QStringLiteral("BOOT")));
        QCOMPARE(cmdOf(again.nextCommand()), QStringLiteral("opendoor"));
        QCOMPARE(stateOf(door), QStringLiteral("sent/1"));
    }

    void pushesServedWhileCommandInFlight()
    {
        startEngine(config());
        const qint64 id =
            queue(QStringLiteral("BUSY"), QStringLiteral("getdevcap"), QStringLiteral(R"({"cmd":"getdevcap"})"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("BUSY")));
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("getdevcap"));
        t.send(R"({"cmd":"sendlog","sn":"BUSY","count":1,"logindex":4,"record":[
            {"enrollid":3,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0}]})");
        QJsonObject ack = t.nextRet();
        QCOMPARE(ack.value(QLatin1String("ret")).toString(), QStringLiteral("sendlog"));
        QCOMPARE(ack.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(ack.value(QLatin1String("logindex")).toInt(), 4);
        t.send(R"({"ret":"opendoor","sn":"BUSY","result":true})"); // answers nothing in flight
        t.send(R"({"cmd":"senduser","sn":"BUSY","enrollid":3,"name":"Cy","backupnum":11,"admin":0,"record":77})");
        QCOMPARE(t.nextRet().value(QLatin1String("ret")).toString(), QStringLiteral("senduser"));
        QCOMPARE(stateOf(id), QStringLiteral("sent/1"));
        QVERIFY(m_fx.engine->registry()->isOnline(QStringLiteral("BUSY")));
        t.send(R"({"ret":"getdevcap","sn":"BUSY","result":true,"usersize":15000,"facesize":5000,"fpsize":10000,
            "palmsize":0,"cardsize":15000,"pwdsize":15000,"logsize":500000,"useduser":746,"usedface":12,"usedfp":17,
            "usedpalm":0,"usedcard":703,"usedpwd":9,"usedlog":135,"usednewlog":135,"usedrtlog":0})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));
        QCOMPARE(value(QStringLiteral("SELECT user_capacity || '/' || users_used || '/' || face_capacity || '/' ||"
                                      " pwd_capacity || '/' || new_logs FROM terminals WHERE sn='BUSY'"))
                     .toString(),
                 QStringLiteral("15000/746/5000/15000/135"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches")).toInt(), 1);
    }

    void disconnectWhileInFlightRequeued()
    {
        startEngine(config());
        const qint64 id =
            queue(QStringLiteral("DROP"), QStringLiteral("getdevinfo"), QStringLiteral(R"({"cmd":"getdevinfo"})"));
        {
            Terminal t;
            QVERIFY(t.open(port()));
            QVERIFY(t.reg(QStringLiteral("DROP")));
            QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("getdevinfo"));
            t.c.socket.abort();
        }
        QTRY_COMPARE(stateOf(id), QStringLiteral("queued/1"));
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("DROP")));
        QCOMPARE(cmdOf(t.nextCommand()), QStringLiteral("getdevinfo"));
        QCOMPARE(stateOf(id), QStringLiteral("sent/2"));
        t.send(R"({"ret":"getdevinfo","sn":"DROP","result":true,"deviceid":1,"language":0,"volume":6,
            "screensaver":0,"verifymode":0,"sleep":0,"userfpnum":3,"loghint":1000,"reverifytime":0})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/2"));
        QVERIFY(value(QStringLiteral("SELECT result FROM commands WHERE id=%1").arg(id))
                    .toString()
                    .contains(QLatin1String(R"("volume":6)")));
    }

    void automaticGetNewLogAndSettimeAfterDriftedReg()
    {
        EngineConfig c = config();
        c.pullNewLogsOnReg = true;
        c.clockAutoSync = true;
        startEngine(c, true);
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("DRIFT"), 600)); // ten minutes fast
        QCOMPARE(value(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE sn='DRIFT'")).toLongLong(), 600);

        QCOMPARE(t.nextCommand(),
                 QJsonObject({{QStringLiteral("cmd"), QStringLiteral("getnewlog")}, {QStringLiteral("stn"), true}}));
        t.send(R"({"ret":"getnewlog","sn":"DRIFT","result":true,"count":0,"from":0,"to":0,"record":[]})");
        const QJsonObject settime = t.nextCommand();
        QCOMPARE(cmdOf(settime), QStringLiteral("settime"));
        QCOMPARE(settime.value(QLatin1String("cloudtime")).toString(), localTime(0)); // the server's time
        t.send(R"({"ret":"settime","sn":"DRIFT","result":true})");
        QTRY_COMPARE(value(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE sn='DRIFT'")).toLongLong(), 0);
        QTRY_COMPARE(value(QStringLiteral("SELECT group_concat(kind || ':' || origin || ':' || state, ',') FROM"
                                          " (SELECT * FROM commands ORDER BY id)"))
                         .toString(),
                     QStringLiteral("ws.getnewlog:auto:done,ws.settime:auto:done"));

        // A repeated reg on the same connection (a heartbeat on some firmware) queues nothing.
        QVERIFY(t.reg(QStringLiteral("DRIFT")));
        // A new connection does, unless a getnewlog is already waiting.
        t.c.socket.abort();
        QTRY_VERIFY(!m_fx.engine->registry()->isOnline(QStringLiteral("DRIFT")));
        queue(QStringLiteral("DRIFT"), QStringLiteral("getnewlog"),
              QStringLiteral(R"({"cmd":"getnewlog","stn":true})"));
        Terminal again;
        QVERIFY(again.open(port()));
        QVERIFY(again.reg(QStringLiteral("DRIFT")));
        QCOMPARE(cmdOf(again.nextCommand()), QStringLiteral("getnewlog"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM commands")).toInt(), 3);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM commands WHERE origin='auto'")).toInt(), 2);
    }

    void cliQueuedCommandPickedUpWithinASecond()
    {
        EngineConfig c = config();
        c.commandPollMs = 1000; // the production interval
        startEngine(c, true);
        Terminal t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("WS-CLI")));
        auto run = [&](const QStringList &args) {
            const CliRun r = runTermdesk(args, m_fx.dir.path(), 20000);
            return std::make_pair(r.rc, QString(r.out + r.err));
        };
        const QStringList base{QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("WS-CLI")};
        auto [rc, out] = run(base + QStringList{QStringLiteral("opendoor")});
        QCOMPARE(rc, 0);
        const qint64 id = out.section(u'\n', 0, 0).toLongLong();
        QVERIFY2(id > 0, qPrintable(out));
        engineClock.advance(c.commandPollMs); // the next poll finds it
        QCOMPARE(t.nextCommand(), QJsonObject({{QStringLiteral("cmd"), QStringLiteral("opendoor")}}));
        t.send(R"({"ret":"opendoor","sn":"WS-CLI","result":true})");
        QTRY_COMPARE(stateOf(id), QStringLiteral("done/1"));

        std::tie(rc, out) = run(base + QStringList{QStringLiteral("clear-punches"), QStringLiteral("--yes")});
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains(QLatin1String("WebSocket terminal")), qPrintable(out));
        std::tie(rc, out) = run(base + QStringList{QStringLiteral("cleanlog")});
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains(QLatin1String("--yes")), qPrintable(out));
        std::tie(rc, out) =
            run(base + QStringList{QStringLiteral("pull-logs"), QStringLiteral("--from"), QStringLiteral("2025-01-01"),
                                   QStringLiteral("--to"), QStringLiteral("2025-01-31")});
        QCOMPARE(rc, 0);
        engineClock.advance(c.commandPollMs);
        const QJsonObject getalllog = t.nextCommand();
        QCOMPARE(getalllog, QJsonObject({{QStringLiteral("cmd"), QStringLiteral("getalllog")},
                                         {QStringLiteral("stn"), true},
                                         {QStringLiteral("from"), QStringLiteral("2025-01-01")},
                                         {QStringLiteral("to"), QStringLiteral("2025-01-31")}}));
        t.send(R"({"ret":"getalllog","result":true,"count":0,"record":[]})");
        for (const char *action : {"pull-users", "settime", "gettime", "read-status", "capacity", "reboot"})
            QCOMPARE(run(base + QStringList{QLatin1String(action)}).first, 0);
        QCOMPARE(run(base + QStringList{QStringLiteral("initsys"), QStringLiteral("--yes")}).first, 0);
        QTRY_COMPARE(
            value(QStringLiteral("SELECT group_concat(kind, ',') FROM (SELECT kind FROM commands ORDER BY id)"))
                .toString(),
            QStringLiteral("ws.opendoor,ws.getalllog,ws.getuserlist,ws.settime,ws.gettime,ws.getdevinfo,"
                           "ws.getdevcap,ws.reboot,ws.initsys"));
        QCOMPARE(value(QStringLiteral("SELECT payload FROM commands WHERE kind='ws.getuserlist'")).toString(),
                 QStringLiteral(R"({"_then":"getuserinfo","cmd":"getuserlist","stn":true})"));
        QCOMPARE(value(QStringLiteral("SELECT payload FROM commands WHERE kind='ws.settime'")).toString(),
                 QStringLiteral(R"({"cloudtime":"now","cmd":"settime"})"));
        std::tie(rc, out) = run({QStringLiteral("commands"), QStringLiteral("--terminal"), QStringLiteral("WS-CLI")});
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains(QLatin1String("ws.opendoor")) && out.contains(QLatin1String(" done ")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestWsCommands)
#include "tst_wscommands.moc"
