// SPDX-License-Identifier: GPL-3.0-or-later
// The WebSocket server end to end: the real Engine on port 0, hand-written terminal frames
// from the protocol page, a real SQLite file checked through a second connection.
#include "wsclient.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"
#include "storage/database.h"
#include "storage/storageclient.h"
#include "storage/storagewriter.h"
#include "util/clock.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <numeric>

using namespace termdesk;

class TestWsServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock; ///< for the tests that move time; outlives m_engine
    std::unique_ptr<Engine> m_engine;
    int m_conn = 0;

    EngineConfig config()
    {
        EngineConfig c;
        c.dataDir = m_dir.path();
        c.listenAddress = QHostAddress::LocalHost;
        c.wsPort = 0;
        c.idleTimeoutMs = 60'000;
        c.synchronous = QStringLiteral("NORMAL");
        // ctest runs this file on both punch paths (tst_wsserver, tst_wsserver_qsqlquery).
        c.sqliteCApi = qEnvironmentVariable("TERMDESK_TEST_SQLITE_C_API") != QLatin1String("0");
        return c;
    }

    void startEngine(const EngineConfig &c, Clock *clock = nullptr)
    {
        m_engine = std::make_unique<Engine>(c);
        m_engine->setClock(clock);
        QVERIFY2(m_engine->start(), qPrintable(m_engine->lastError()));
        QVERIFY(m_engine->wsPort() > 0);
    }

    quint16 port() const { return m_engine->wsPort(); }

    // A second, independent connection: what is durably in the file right now.
    qint64 count(const QString &sql)
    {
        const QString name = QStringLiteral("check%1").arg(++m_conn);
        qint64 n = -1;
        {
            storage::OpenOptions o;
            o.readOnly = true;
            QString error;
            if (!storage::Database::open(m_engine->config().databaseFile(), name, o, &error)) {
                qWarning() << error;
                return -1;
            }
            QSqlQuery q(storage::Database::get(name));
            if (q.exec(sql) && q.next())
                n = q.value(0).toLongLong();
        }
        storage::Database::close(name);
        return n;
    }

    QString text(const QString &sql)
    {
        const QString name = QStringLiteral("check%1").arg(++m_conn);
        QString s;
        {
            storage::OpenOptions o;
            o.readOnly = true;
            QString error;
            if (!storage::Database::open(m_engine->config().databaseFile(), name, o, &error))
                return error;
            QSqlQuery q(storage::Database::get(name));
            if (q.exec(sql) && q.next())
                s = q.value(0).toString();
        }
        storage::Database::close(name);
        return s;
    }

    static QByteArray sendlog(const char *sn, int logindex, const char *time1, const char *time2)
    {
        return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":2,"logindex":%2,"record":[)"
                              R"({"enrollid":1,"time":"%3","mode":8,"inout":0,"event":0,"temp":36.5},)"
                              R"({"enrollid":2,"time":"%4","mode":1,"inout":1,"event":0}]})")
            .arg(QLatin1String(sn))
            .arg(logindex)
            .arg(QLatin1String(time1), QLatin1String(time2))
            .toUtf8();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(m_dir.filePath(QStringLiteral("termdesk.sqlite")));
    }

    void cleanup()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(m_dir.filePath(QStringLiteral("termdesk.sqlite") + QLatin1String(suffix)));
    }

    void regAcceptedWhenOpen()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        const QJsonObject r = t.call(R"({"cmd":"reg","sn":"ZX12345678","cpusn":"123456789",
            "devinfo":{"modelname":"tfs30","usersize":3000,"fpsize":3000,"cardsize":3000,"pwdsize":3000,
            "logsize":100000,"useduser":1000,"usedfp":1000,"usedcard":2000,"usedpwd":400,"usedlog":100000,
            "usednewlog":5000,"fpalgo":"thbio3.0","firmware":"th600w v6.1","time":"2016-03-25 13:49:30",
            "mac":"00-01-A9-01-00-01"}})");
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("reg"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(r.value(QLatin1String("nosenduser")).toBool(), true);
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"))
                    .match(r.value(QLatin1String("cloudtime")).toString())
                    .hasMatch());
        QVERIFY(!r.contains(QLatin1String("tryseconds")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM terminals WHERE sn='ZX12345678' AND admission='approved'"
                                      " AND model='tfs30' AND user_capacity=3000 AND logs_used=100000 AND"
                                      " new_logs=5000 AND fpalgo='thbio3.0' AND cpusn='123456789' AND"
                                      " ws_path='/pub/chat' AND clock_drift_s < -100000000")),
                 qint64(1));
        QTRY_VERIFY(m_engine->registry()->isOnline(QStringLiteral("ZX12345678")));
    }

    void regRefusedPendingApprovalThenApproved()
    {
        EngineConfig c = config();
        c.admission = AdmissionPolicy::Approval;
        startEngine(c);
        WsClient t;
        QVERIFY(t.open(port()));
        QJsonObject r = t.call(R"({"cmd":"reg","sn":"NEW1"})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(r.value(QLatin1String("reason")).toString(), QStringLiteral("waiting for approval"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM terminals WHERE sn='NEW1' AND admission='pending'")), 1);
        // the console shows why (written just after the refusal)
        QTRY_COMPARE(text(QStringLiteral("SELECT last_refusal FROM terminals WHERE sn='NEW1'")),
                     QStringLiteral("waiting for approval"));
        // a refused terminal is not served
        r = t.call(sendlog("NEW1", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"));
        QCOMPARE(r.value(QLatin1String("reason")).toString(), QStringLiteral("did not reg"));
        // the operator approves (any process that can write the database)
        {
            storage::OpenOptions o;
            QString error;
            QVERIFY(storage::Database::open(c.databaseFile(), QStringLiteral("op"), o, &error));
            QSqlQuery q(storage::Database::get(QStringLiteral("op")));
            QVERIFY(q.exec(QStringLiteral("UPDATE terminals SET admission='approved' WHERE sn='NEW1'")));
        }
        storage::Database::close(QStringLiteral("op"));
        r = t.call(R"({"cmd":"reg","sn":"NEW1"})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM terminals WHERE sn='NEW1' AND last_refusal IS NULL")), 1);
    }

    void regRefusedWhenClosedOrBlocked()
    {
        EngineConfig c = config();
        c.admission = AdmissionPolicy::Closed;
        startEngine(c);
        WsClient t;
        QVERIFY(t.open(port()));
        QJsonObject r = t.call(R"({"cmd":"reg","sn":"STRANGER"})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(r.value(QLatin1String("reason")).toString(), QStringLiteral("unknown terminal"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM terminals")), 0);
        {
            storage::OpenOptions o;
            QString error;
            QVERIFY(storage::Database::open(c.databaseFile(), QStringLiteral("op2"), o, &error));
            QSqlQuery q(storage::Database::get(QStringLiteral("op2")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                                          " VALUES ('LISTED','ws','approved',0,0), ('BAD','ws','blocked',0,0)")));
        }
        storage::Database::close(QStringLiteral("op2"));
        r = t.call(R"({"cmd":"reg","sn":"LISTED"})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        WsClient b;
        QVERIFY(b.open(port()));
        r = b.call(R"({"cmd":"reg","sn":"BAD"})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(r.value(QLatin1String("reason")).toString(), QStringLiteral("blocked"));
        QTRY_COMPARE(text(QStringLiteral("SELECT last_refusal FROM terminals WHERE sn='BAD'")),
                     QStringLiteral("blocked"));
    }

    void regWithoutSnRefused()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        const QJsonObject r = t.call(R"({"cmd":"reg","devinfo":{}})");
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("reg"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(r.value(QLatin1String("reason")).toString(), QStringLiteral("missing sn"));
    }

    void messagesBeforeRegAreRefused()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        for (const char *cmd : {"sendlog", "senduser", "sendqrcode", "whatever"}) {
            const QJsonObject r = t.call(
                QStringLiteral(R"({"cmd":"%1","sn":"X1","count":0,"record":[]})").arg(QLatin1String(cmd)).toUtf8());
            QCOMPARE(r, (QJsonObject{{QStringLiteral("ret"), QLatin1String(cmd)},
                                     {QStringLiteral("result"), false},
                                     {QStringLiteral("reason"), QStringLiteral("did not reg")}}));
        }
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 0);
    }

    void sendlogAckedAfterCommitEchoingCountAndLogindex()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX1")));
        qint64 storedWhenAcked = -1;
        connect(&t.socket, &QWebSocket::textMessageReceived, this, [&](const QString &msg) {
            if (msg.contains(QLatin1String("\"sendlog\"")))
                storedWhenAcked = count(QStringLiteral("SELECT count(*) FROM punches"));
        });
        const QJsonObject r = t.call(sendlog("ZX1", 10, "2025-06-01 08:00:01", "2025-06-01 08:00:09"));
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("sendlog"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(r.value(QLatin1String("count")).toInt(), 2);
        QCOMPARE(r.value(QLatin1String("logindex")).toInt(), 10);
        QVERIFY(r.contains(QLatin1String("cloudtime")));
        QCOMPARE(storedWhenAcked, qint64(2)); // durable in the file at the moment the ack arrived
        QCOMPARE(text(QStringLiteral("SELECT temperature FROM punches WHERE enroll_id=1")), QStringLiteral("36.5"));
    }

    void livePunchFeedCoalesced()
    {
        startEngine(config());
        QSignalSpy arrived(m_engine.get(), &Engine::punchesArrived);
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("LIVE")));
        QVERIFY(t.call(sendlog("LIVE", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                    .value(QLatin1String("result"))
                    .toBool());
        QVERIFY(t.call(sendlog("LIVE", 3, "2025-06-01 08:00:03", "2025-06-01 08:00:04"))
                    .value(QLatin1String("result"))
                    .toBool());
        // a re-sent batch is not new: it must not show up twice in the live views
        QVERIFY(t.call(sendlog("LIVE", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                    .value(QLatin1String("result"))
                    .toBool());
        QTRY_VERIFY(!arrived.isEmpty());
        QTRY_COMPARE(std::accumulate(arrived.cbegin(), arrived.cend(), qsizetype(0),
                                     [](qsizetype n, const QList<QVariant> &args) {
                                         return n + args.at(0).value<QList<StoredPunch>>().size();
                                     }),
                     qsizetype(4));
        const StoredPunch first = arrived.at(0).at(0).value<QList<StoredPunch>>().at(0);
        QCOMPARE(first.terminalSn, QStringLiteral("LIVE"));
        QCOMPARE(first.enrollId, qint64(1));
        QCOMPARE(first.localTime, QStringLiteral("2025-06-01 08:00:01"));
        QCOMPARE(first.verifyMode, 8);
        QCOMPARE(first.temperature.value_or(0), 36.5);
    }

    void impossibleTimesFlaggedButStored()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("CLOCK")));
        const QByteArray future =
            QDateTime::currentDateTime().addDays(3).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toUtf8();
        QVERIFY(t.call(sendlog("CLOCK", 1, "2000-01-01 00:00:07", future.constData()))
                    .value(QLatin1String("result"))
                    .toBool());
        QVERIFY(t.call(sendlog("CLOCK", 3, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                    .value(QLatin1String("result"))
                    .toBool());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches WHERE flags & 1")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches WHERE flags & 1 AND local_time LIKE '2000-%'")), 1);
    }

    void resentBatchStoredOnce()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX2")));
        const QByteArray batch = sendlog("ZX2", 3, "2025-06-01 08:00:01", "2025-06-01 08:00:02");
        QCOMPARE(t.call(batch).value(QLatin1String("result")).toBool(), true);
        // the device lost the ack, reconnects and sends the same batch again
        t.socket.abort();
        WsClient again;
        QVERIFY(again.open(port()));
        QVERIFY(again.reg(QStringLiteral("ZX2")));
        const QJsonObject r = again.call(batch);
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(r.value(QLatin1String("logindex")).toInt(), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 2);
        QCOMPARE(count(QStringLiteral("SELECT punches_duplicate FROM terminals WHERE sn='ZX2'")), 2);
    }

    void doorEventsKeptApart()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX3")));
        const QJsonObject r = t.call(R"({"cmd":"sendlog","sn":"ZX3","count":2,"logindex":1,"record":[
            {"enrollid":0,"time":"2025-06-01 08:00:01","mode":0,"inout":0,"event":3},
            {"enrollid":7,"time":"2025-06-01 08:00:02","mode":3,"inout":0,"event":0}]})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM door_events WHERE event=3")), 1);
    }

    void quirksTolerated()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX4")));
        // trailing commas, numbers as strings, a key with a trailing space, unpadded time
        const QJsonObject r = t.call(R"({"cmd":"sendlog","sn":"ZX4","count ":"2","logindex":"5","record":[
            {"enrollid":"101072","time":"2025-6-1 8:00:01","mode":"8","inout":"0","event":0},
            {"enrollid":3,"time":"2025-06-01 08:00:02","mode":1,"inout":0,"event":0,},]})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(r.value(QLatin1String("count")).toString(), QStringLiteral("2")); // echoed verbatim
        QCOMPARE(r.value(QLatin1String("logindex")).toString(), QStringLiteral("5"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id=101072 AND"
                                      " local_time='2025-06-01 08:00:01' AND verify_mode=8")),
                 1);
    }

    void unreadableRecordsQuarantinedNotLost()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX5")));
        const QJsonObject r = t.call(R"({"cmd":"sendlog","sn":"ZX5","count":2,"logindex":1,"record":[
            {"enrollid":"abc","time":"2025-06-01 08:00:01","mode":1,"image":"/9j/SECRET"},
            {"enrollid":4,"time":"not a time","mode":1}]})");
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM quarantine")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM quarantine WHERE raw LIKE '%SECRET%'")), 0);
    }

    void storageFailureRepliesResultFalse()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX6")));
        QTRY_COMPARE(m_engine->storage()->pending(),
                     0); // the reg's claim of a command is done: the next commit is the sendlog's
        m_engine->storage()->writer()->failNextCommits(1);
        const QByteArray batch = sendlog("ZX6", 8, "2025-06-01 08:00:01", "2025-06-01 08:00:02");
        QJsonObject r = t.call(batch);
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("sendlog"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 0);
        r = t.call(batch); // the device keeps the batch and retries
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 2);
    }

    void senduserStoredThenAcked()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX7")));
        QJsonObject r = t.call(
            R"({"cmd":"senduser","sn":"ZX7","enrollid":1,"name":"Ann","backupnum":11,"admin":0,"record":2352253})");
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("senduser"));
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(text(QStringLiteral("SELECT data FROM credentials WHERE enroll_id=1 AND backup_num=11")),
                 QStringLiteral("2352253"));
        QCOMPARE(text(QStringLiteral("SELECT name FROM users WHERE enroll_id=1")), QStringLiteral("Ann"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id=1")), 1);
    }

    void otherPushesAckedAndRepliesIgnored()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("ZX8")));
        QCOMPARE(
            t.call(R"({"cmd":"sendqrcode","sn":"ZX8","record":"123456"})"),
            (QJsonObject{{QStringLiteral("ret"), QStringLiteral("sendqrcode")}, {QStringLiteral("result"), true}}));
        QCOMPARE(t.call(R"({"cmd":"sendgps","sn":"ZX8"})"),
                 (QJsonObject{{QStringLiteral("ret"), QStringLiteral("sendgps")}, {QStringLiteral("result"), true}}));
        // replies to commands we never sent get no answer; the next push is answered normally
        t.send(QByteArray(R"({"ret":"getuserlist","result":true,"count":0,"record":[]})"));
        t.send(QByteArray(R"({"cmd":"getnewlog","result":true,"count":0,"record":[]})"));
        const QJsonObject r = t.call(R"({"cmd":"sendpin","sn":"ZX8","pin":"1234"})");
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("sendpin"));
    }

    void anyPathAndBinaryFramesAccepted()
    {
        startEngine(config());
        WsClient t;
        QVERIFY(t.open(port(), QStringLiteral("/some/other/path")));
        t.socket.sendBinaryMessage(QByteArray(R"({"cmd":"reg","sn":"BIN1"})"));
        const QJsonObject r = t.next();
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(text(QStringLiteral("SELECT ws_path FROM terminals WHERE sn='BIN1'")),
                 QStringLiteral("/some/other/path"));
    }

    void garbageIgnoredAndOthersUndisturbed()
    {
        startEngine(config());
        WsClient bad, good;
        QVERIFY(bad.open(port()));
        QVERIFY(good.open(port()));
        QVERIFY(good.reg(QStringLiteral("GOOD")));
        QVERIFY(bad.reg(QStringLiteral("BAD1")));
        bad.send(QByteArray("this is not json"));
        bad.socket.sendBinaryMessage(QByteArray::fromHex("deadbeef00ff7857"));
        bad.send(QByteArray(R"(["an","array"])"));
        bad.send(QByteArray(R"({"no":"cmd"})"));
        QCOMPARE(good.call(sendlog("GOOD", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                     .value(QLatin1String("result"))
                     .toBool(),
                 true);
        // the garbage sender is still connected and still served
        QCOMPARE(bad.call(sendlog("BAD1", 1, "2025-06-01 09:00:01", "2025-06-01 09:00:02"))
                     .value(QLatin1String("result"))
                     .toBool(),
                 true);
        QVERIFY(!bad.disconnectedFlag);
        QCOMPARE(bad.replies.size(), 2); // reg + sendlog: garbage got no answer
    }

    void newSocketReplacesOld()
    {
        startEngine(config());
        WsClient first, second;
        QVERIFY(first.open(port()));
        QVERIFY(first.reg(QStringLiteral("DUP")));
        QVERIFY(second.open(port()));
        QVERIFY(second.reg(QStringLiteral("DUP")));
        QVERIFY(first.waitDisconnected());
        // the old socket going away must not take the terminal offline
        QVERIFY(m_engine->registry()->isOnline(QStringLiteral("DUP")));
        QCOMPARE(m_engine->registry()->onlineCount(), 1);
        QCOMPARE(second.call(sendlog("DUP", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                     .value(QLatin1String("result"))
                     .toBool(),
                 true);
        second.socket.close();
        QTRY_VERIFY(!m_engine->registry()->isOnline(QStringLiteral("DUP")));
    }

    void oversizeMessageClosedWith1009()
    {
        EngineConfig c = config();
        c.maxMessageBytes = 64 * 1024;
        startEngine(c);
        WsClient t, other;
        QVERIFY(t.open(port()));
        QVERIFY(other.open(port()));
        QVERIFY(t.reg(QStringLiteral("BIG")));
        QVERIFY(other.reg(QStringLiteral("SMALL")));
        const QByteArray huge =
            "{\"cmd\":\"sendlog\",\"record\":[{\"image\":\"" + QByteArray(100 * 1024, 'A') + "\"}]}";
        t.send(huge);
        QVERIFY(t.waitDisconnected());
        QCOMPARE(int(t.socket.closeCode()), 1009);
        QVERIFY(!other.disconnectedFlag);
        QCOMPARE(other.call(sendlog("SMALL", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))
                     .value(QLatin1String("result"))
                     .toBool(),
                 true);
    }

    void idleConnectionClosed()
    {
        EngineConfig c = config();
        c.idleTimeoutMs = 400;
        startEngine(c, &m_clock);
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("SLEEPY")));
        m_clock.advance(399);
        QCOMPARE(t.call(R"({"cmd":"sendqrcode","sn":"SLEEPY","record":"1"})").value(QLatin1String("result")),
                 QJsonValue(true)); // not idle yet: still served
        m_clock.advance(400);
        QVERIFY(t.waitDisconnected(5000));
        QCOMPARE(t.socket.closeReason(), QStringLiteral("idle for 0.4 s"));
        QTRY_VERIFY(!m_engine->registry()->isOnline(QStringLiteral("SLEEPY")));
    }

    void halfFinishedHandshakeTimesOut()
    {
        EngineConfig c = config();
        c.handshakeTimeoutMs = 300;
        startEngine(c, &m_clock);
        QTcpSocket silent, partial;
        silent.connectToHost(QHostAddress::LocalHost, port());
        partial.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(silent.waitForConnected(5000));
        QVERIFY(partial.waitForConnected(5000));
        partial.write("GET /pub/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
        QSignalSpy silentGone(&silent, &QTcpSocket::disconnected);
        QSignalSpy partialGone(&partial, &QTcpSocket::disconnected);
        // The server has them (a third connection completes its upgrade, so the two were accepted
        // before it) and waits for their upgrade until the deadline.
        WsClient before;
        QVERIFY(before.open(port()));
        m_clock.advance(299);
        QVERIFY(before.reg(QStringLiteral("BEFORE")));
        QVERIFY(silentGone.isEmpty() && partialGone.isEmpty());
        m_clock.advance(75); // past the deadline by the check's period (a quarter of the timeout)
        QTRY_VERIFY(silentGone.count() == 1 && partialGone.count() == 1);
        QVERIFY(!before.disconnectedFlag); // an upgraded connection has no handshake deadline
        // and the server still serves
        WsClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.reg(QStringLiteral("AFTER")));
    }

    void portInUseIsReported()
    {
        startEngine(config());
        QTemporaryDir otherDir; // a second server on the same data directory is refused before its port
        EngineConfig c = config();
        c.dataDir = otherDir.path();
        c.wsPort = port();
        Engine second(c);
        QVERIFY(!second.start());
        QVERIFY2(second.lastError().contains(QString::number(port())), qPrintable(second.lastError()));
        QVERIFY2(second.lastError().contains(QLatin1String("in use")), qPrintable(second.lastError()));
    }
};

QTEST_GUILESS_MAIN(TestWsServer)
#include "tst_wsserver.moc"
