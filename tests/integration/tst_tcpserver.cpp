// SPDX-License-Identifier: GPL-3.0-or-later
// The TCP binary server end to end: the real Engine with its TCP listener on port 0, frames
// written byte by byte from the contract, a real SQLite file checked through a second connection.
#include "enginefixture.h"
#include "tcpclient.h"
#include "termdeskcli.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"

#include <QDateTime>
#include <QTest>

#include <memory>

using namespace termdesk;
namespace pb = termdesk::tcp::v1;

namespace {
constexpr qint64 EPOCH_2020 = 1577836800;
}

class TestTcpServer : public QObject
{
    Q_OBJECT

    ManualClock m_clock; ///< for the tests that move time; outlives the engine
    EngineFixture m_fx;

    void startEngine(const EngineConfig &c, Clock *clock = nullptr)
    {
        QVERIFY2(m_fx.start(c, clock), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->tcpPort() > 0);
    }

    quint16 port() const { return m_fx.engine->tcpPort(); }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    void queue(const QString &sn, const QString &kind, const QString &payload)
    {
        const QString sql =
            QStringLiteral("INSERT INTO commands (terminal_sn, protocol, kind, payload, state, created_ms,"
                           " updated_ms) VALUES ('%1', 'tcp', '%2', '%3', 'queued', 0, 0)")
                .arg(sn, kind, payload);
        QVERIFY(value(sql) != QVariant(QStringLiteral("SQL error")));
    }

    static pb::Report report(quint32 sequence, int punches, quint32 firstTime)
    {
        pb::Report r;
        r.set_sequence(sequence);
        for (int i = 0; i < punches; ++i) {
            pb::Punch *p = r.add_punches();
            p->set_enroll_id(100 + i);
            p->set_time(firstTime + i);
            p->set_verify_mode(8);
            p->set_in_out(0);
            p->set_event(0);
        }
        return r;
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }

    void cleanup() { m_fx.stopAndClear(); }

    void loginAccepted()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        t.send(2, "TCP-0001");
        const RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(2));
        QCOMPARE(r.source, quint8(1));
        QCOMPARE(r.transfer, quint8(2));
        QCOMPARE(r.terminalId, quint32(0x000102)); // echoes the terminal's id
        const qint64 serverNow2020 = QDateTime::currentSecsSinceEpoch() - EPOCH_2020;
        QVERIFY(qAbs(qint64(r.time) - serverNow2020) < 5);
        const auto reply = TcpClient::parse<pb::LoginReply>(r);
        QVERIFY(reply.accepted());
        QVERIFY(reply.terminal_id() > 0);
        QVERIFY(qAbs(reply.server_time_ms() - QDateTime::currentMSecsSinceEpoch()) < 5000);
        QCOMPARE(value(QStringLiteral("SELECT protocol FROM terminals WHERE sn='TCP-0001'")).toString(),
                 QStringLiteral("tcp"));
        QTRY_VERIFY(m_fx.engine->registry()->isOnline(QStringLiteral("TCP-0001")));
    }

    void requestsBeforeLoginRefusedAndClosed_data()
    {
        QTest::addColumn<int>("cmd");
        QTest::newRow("logout") << 3;
        QTest::newRow("report") << 6;
        QTest::newRow("server time") << 7;
    }

    void requestsBeforeLoginRefusedAndClosed()
    {
        QFETCH(int, cmd);
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        t.send(quint8(cmd), cmd == 6 ? QByteArray::fromHex("0801") : QByteArray());
        const RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(2));
        const auto reply = TcpClient::parse<pb::LoginReply>(r);
        QVERIFY(!reply.accepted());
        QCOMPARE(QString::fromStdString(reply.reason()), QStringLiteral("not logged in"));
        QVERIFY(t.waitDisconnected());
    }

    void heartbeatAndRegistryServedBeforeLogin()
    {
        EngineConfig c = m_fx.config();
        c.registryAddress = QStringLiteral("10.1.2.3:7857");
        startEngine(c);
        TcpClient t;
        QVERIFY(t.open(port()));
        t.send(1);
        RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(9));
        QCOMPARE(r.body, QByteArray()); // Ack{sequence: 0} encodes to nothing
        t.send(8);
        r = t.next();
        QCOMPARE(r.cmd, quint8(8));
        QCOMPARE(QString::fromStdString(TcpClient::parse<pb::ServerAddress>(r).address()),
                 QStringLiteral("10.1.2.3:7857"));
        QCOMPARE(t.socket.state(), QAbstractSocket::ConnectedState);
    }

    void reportAckedAfterCommitAndStoredOnce()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-0002"));
        // 2025-06-01T00:00:00Z = 1748736000 = 2020 epoch + 170899200
        const pb::Report rep = report(41, 3, 170899200);
        t.sendMsg(6, rep);
        RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(6));
        QCOMPARE(r.transfer, quint8(2));
        QCOMPARE(TcpClient::parse<pb::Ack>(r).sequence(), 41);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches")).toInt(), 3); // durable when acked
        QCOMPARE(value(QStringLiteral("SELECT min(utc_ms) FROM punches")).toLongLong(), 1748736000000LL);
        // the ack was lost: the terminal sends the same report again
        t.sendMsg(6, rep);
        r = t.next();
        QCOMPARE(TcpClient::parse<pb::Ack>(r).sequence(), 41);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches")).toInt(), 3);
        QCOMPARE(value(QStringLiteral("SELECT punches_duplicate FROM terminals WHERE sn='TCP-0002'")).toInt(), 3);
    }

    void reportWithStatusUsersAndAlarms()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-0003"));
        pb::Report rep;
        rep.set_sequence(7);
        pb::DeviceStatus *s = rep.mutable_status();
        s->set_model("LP-100");
        s->set_user_capacity(1000);
        s->set_users_used(12);
        s->set_battery_percent(81);
        pb::User *u = rep.add_users();
        u->set_enroll_id(5);
        u->set_name("Ana");
        pb::Credential *c = u->add_credentials();
        c->set_backup_num(11);
        c->set_data("4294967296");
        pb::Alarm *a = rep.add_alarms();
        a->set_code(3);
        a->set_text("tamper");
        a->set_time(170899200);
        t.sendMsg(6, rep);
        QCOMPARE(TcpClient::parse<pb::Ack>(t.next()).sequence(), 7);
        QCOMPARE(
            value(QStringLiteral("SELECT model || '/' || user_capacity || '/' || users_used || '/' || battery_percent"
                                 " FROM terminals WHERE sn='TCP-0003'"))
                .toString(),
            QStringLiteral("LP-100/1000/12/81"));
        QCOMPARE(value(QStringLiteral("SELECT data FROM credentials WHERE enroll_id=5 AND backup_num=11")).toString(),
                 QStringLiteral("4294967296"));
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id=5")).toString(), QStringLiteral("Ana"));
        QCOMPARE(value(QStringLiteral("SELECT text FROM alarms WHERE code=3")).toString(), QStringLiteral("tamper"));
    }

    void serverTimeAndLogout()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-0004"));
        t.send(7);
        const RawFrame r = t.next();
        QCOMPARE(r.cmd, quint8(7));
        QVERIFY(qAbs(TcpClient::parse<pb::ServerTime>(r).epoch_ms() - QDateTime::currentMSecsSinceEpoch()) < 5000);
        t.send(3, "TCP-0004");
        QCOMPARE(t.next().cmd, quint8(9));
        QVERIFY(t.waitDisconnected());
        QTRY_VERIFY(!m_fx.engine->registry()->isOnline(QStringLiteral("TCP-0004")));
    }

    void malformedInputClosesOnlyThatConnection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("bad magic") << QByteArray::fromHex("123400000102010201000000000000");
        QTest::newRow("bad source") << QByteArray::fromHex("785700000102010301000000000000");
        QTest::newRow("bad transferType") << QByteArray::fromHex("785700000102010203000000000000");
        QTest::newRow("unknown cmd") << QByteArray::fromHex("785700000102200201000000000000");
        QTest::newRow("report not protobuf") << TcpClient::frame(6, QByteArray::fromHex("0a05ff"));
        QTest::newRow("garbage") << QByteArray("GET / HTTP/1.1\r\n\r\n");
    }

    void malformedInputClosesOnlyThatConnection()
    {
        QFETCH(QByteArray, bytes);
        startEngine(m_fx.config());
        TcpClient good, bad;
        QVERIFY(good.open(port()));
        QVERIFY(good.login("GOOD"));
        QVERIFY(bad.open(port()));
        QVERIFY(bad.login("BAD"));
        bad.socket.write(bytes);
        QVERIFY(bad.waitDisconnected());
        good.sendMsg(6, report(1, 1, 170899200));
        QCOMPARE(TcpClient::parse<pb::Ack>(good.next()).sequence(), 1);
    }

    void slowByteByByteSenderIsServed()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        const QByteArray login = TcpClient::frame(2, "SLOW");
        for (char byte : login) {
            t.socket.write(&byte, 1);
            QVERIFY(t.socket.waitForBytesWritten(1000));
        }
        QCOMPARE(t.next().cmd, quint8(2));
    }

    void loginRefusedWhenPendingApproval()
    {
        EngineConfig c = m_fx.config();
        c.admission = AdmissionPolicy::Approval;
        startEngine(c);
        TcpClient t;
        QVERIFY(t.open(port()));
        t.send(2, "NEWTCP");
        const auto reply = TcpClient::parse<pb::LoginReply>(t.next());
        QVERIFY(!reply.accepted());
        QCOMPARE(QString::fromStdString(reply.reason()), QStringLiteral("waiting for approval"));
        QVERIFY(t.waitDisconnected());
        QCOMPARE(value(QStringLiteral("SELECT admission FROM terminals WHERE sn='NEWTCP'")).toString(),
                 QStringLiteral("pending"));
    }

    void queuedReadSentAfterHeartbeatPagedAndDone()
    {
        startEngine(m_fx.config());
        queue(QStringLiteral("TCP-Q"), QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"users","limit":2})"));
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-Q"));
        // Nothing is sent before a heartbeat (the terminal may sleep): a report stored after the
        // login is acknowledged first, although a claim made at login would have come back before it.
        t.sendMsg(6, report(5, 0, 170899200));
        QCOMPARE(t.next().cmd, quint8(6));
        QCOMPARE(value(QStringLiteral("SELECT state FROM commands")).toString(), QStringLiteral("queued"));
        t.send(1);
        QCOMPARE(t.next().cmd, quint8(9));
        RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(4));
        QCOMPARE(req.transfer, quint8(1));
        auto rr = TcpClient::parse<pb::ReadRequest>(req);
        QCOMPARE(rr.target(), pb::USERS);
        QCOMPARE(rr.offset(), 0u);
        QCOMPARE(rr.limit(), 2u);
        QCOMPARE(value(QStringLiteral("SELECT state FROM commands")).toString(), QStringLiteral("sent"));
        pb::ReadResponse resp;
        resp.set_sequence(rr.sequence());
        resp.set_ok(true);
        for (int id : {1, 2}) {
            pb::User *u = resp.add_users();
            u->set_enroll_id(id);
            u->set_name("User");
        }
        resp.set_more(true);
        t.sendMsg(4, resp, 2);
        req = t.next(); // the next page goes right away
        rr = TcpClient::parse<pb::ReadRequest>(req);
        QCOMPARE(rr.offset(), 2u);
        pb::ReadResponse last;
        last.set_sequence(rr.sequence());
        last.set_ok(true);
        pb::User *u = last.add_users();
        u->set_enroll_id(3);
        last.set_more(false);
        t.sendMsg(4, last, 2);
        QTRY_COMPARE(value(QStringLiteral("SELECT state FROM commands")).toString(), QStringLiteral("done"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM users")).toInt(), 3);
        QCOMPARE(value(QStringLiteral("SELECT result FROM commands")).toString(),
                 QStringLiteral(R"({"pages":2,"punches":0,"status":false,"users":3})"));
    }

    void completeUserReadForgetsWhatIsGone()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-G"));
        // One users read, answered in one page with the given users (each with a card).
        const auto read = [&](const QList<int> &users, bool ok) {
            queue(QStringLiteral("TCP-G"), QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"users"})"));
            t.send(1);
            // The request follows the heartbeat's Ack, or comes first when the terminal is still awake
            // from the previous answer (the next queued command follows an answer at once): skip Acks.
            RawFrame req = t.next();
            while (req.cmd == 9)
                req = t.next();
            if (req.cmd != 4)
                return false;
            pb::ReadResponse resp;
            resp.set_sequence(TcpClient::parse<pb::ReadRequest>(req).sequence());
            resp.set_ok(ok);
            for (int id : users) {
                pb::User *u = resp.add_users();
                u->set_enroll_id(id);
                pb::Credential *c = u->add_credentials();
                c->set_backup_num(11);
                c->set_data(QByteArray::number(1000 + id).toStdString());
            }
            resp.set_more(false);
            t.sendMsg(4, resp, 2);
            return QTest::qWaitFor([&] {
                return value(QStringLiteral("SELECT count(*) FROM commands WHERE state IN ('queued', 'sent')"))
                           .toInt() == 0;
            });
        };
        const QString held = QStringLiteral("SELECT group_concat(enroll_id) FROM (SELECT enroll_id FROM terminal_users "
                                            "ORDER BY enroll_id)");
        QVERIFY(read({1, 2, 3}, true));
        QCOMPARE(value(held).toString(), QStringLiteral("1,2,3"));
        // User 2 was deleted at the terminal: the next complete read forgets it.
        QVERIFY(read({1, 3}, true));
        QCOMPARE(value(held).toString(), QStringLiteral("1,3"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_user_info WHERE enroll_id = 2")).toInt(), 0);
        // A refused read forgets nothing.
        QVERIFY(read({}, false));
        QCOMPARE(value(held).toString(), QStringLiteral("1,3"));
    }

    void unansweredRequestRetriedThenFailed()
    {
        EngineConfig c = m_fx.config();
        c.tcpRequestTimeoutMs = 30'000;
        c.commandMaxTries = 2;
        startEngine(c, &m_clock);
        queue(QStringLiteral("TCP-T"), QStringLiteral("tcp.write"), QStringLiteral(R"({"open_door":true})"));
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-T"));
        t.send(1);
        QCOMPARE(t.next().cmd, quint8(9));
        RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(5));
        QVERIFY(TcpClient::parse<pb::WriteRequest>(req).open_door());
        m_clock.advance(29'999);
        QCOMPARE(value(QStringLiteral("SELECT state || '/' || tries FROM commands")).toString(),
                 QStringLiteral("sent/1"));
        m_clock.advance(1);
        QTRY_COMPARE(value(QStringLiteral("SELECT state || '/' || tries FROM commands")).toString(),
                     QStringLiteral("queued/1"));
        QCOMPARE(value(QStringLiteral("SELECT reason FROM commands")).toString(),
                 QStringLiteral("no answer within 30 s, will retry after a heartbeat"));
        t.send(1); // next wake-up: tried again
        QCOMPARE(t.next().cmd, quint8(9));
        QCOMPARE(t.next().cmd, quint8(5));
        m_clock.advance(30'000);
        QTRY_COMPARE(value(QStringLiteral("SELECT state || '/' || tries FROM commands")).toString(),
                     QStringLiteral("failed/2"));
    }

    void writeAnsweredAndRebootNotAwaited()
    {
        startEngine(m_fx.config());
        queue(QStringLiteral("TCP-W"), QStringLiteral("tcp.write"), QStringLiteral(R"({"set_time_ms":"now"})"));
        queue(QStringLiteral("TCP-W"), QStringLiteral("tcp.write"), QStringLiteral(R"({"reboot":true})"));
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-W"));
        t.send(1);
        QCOMPARE(t.next().cmd, quint8(9));
        RawFrame req = t.next();
        const auto w = TcpClient::parse<pb::WriteRequest>(req);
        QVERIFY(qAbs(w.set_time_ms() - QDateTime::currentMSecsSinceEpoch()) < 5000);
        pb::WriteResponse ok;
        ok.set_sequence(w.sequence());
        ok.set_ok(true);
        t.sendMsg(5, ok, 2);
        req = t.next(); // the next command follows the answer
        QVERIFY(TcpClient::parse<pb::WriteRequest>(req).reboot());
        QTRY_COMPARE(
            value(QStringLiteral("SELECT group_concat(state, ',') FROM (SELECT state FROM commands ORDER BY id)"))
                .toString(),
            QStringLiteral("done,done"));
    }

    void cliQueuesCommandDeliveredAtNextHeartbeat()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("CLI-T"));
        auto run = [&](const QStringList &args) {
            const CliRun r = runTermdesk(args, m_fx.dir.path(), 20000);
            return std::make_pair(r.rc, QString(r.out + r.err));
        };
        auto [rc, out] = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CLI-T"),
                              QStringLiteral("opendoor")});
        QCOMPARE(rc, 0);
        QVERIFY2(out.startsWith(QLatin1String("1\n")), qPrintable(out)); // the id, alone on stdout's first line
        std::tie(rc, out) = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CLI-T"),
                                 QStringLiteral("clear-punches")});
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains(QLatin1String("--yes")), qPrintable(out));
        std::tie(rc, out) = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("NOPE"),
                                 QStringLiteral("opendoor")});
        QCOMPARE(rc, 1);
        QVERIFY2(out.contains(QLatin1String("no terminal with serial NOPE")), qPrintable(out));
        std::tie(rc, out) = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CLI-T"),
                                 QStringLiteral("pull-logs"), QStringLiteral("--from"), QStringLiteral("2025-13-01")});
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains(QLatin1String("--from: '2025-13-01' is not a date")), qPrintable(out));

        t.send(1); // the terminal wakes up
        QCOMPARE(t.next().cmd, quint8(9));
        const RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(5));
        const auto w = TcpClient::parse<pb::WriteRequest>(req);
        QVERIFY(w.open_door());
        pb::WriteResponse ok;
        ok.set_sequence(w.sequence());
        ok.set_ok(true);
        t.sendMsg(5, ok, 2);
        QTRY_COMPARE(value(QStringLiteral("SELECT state FROM commands WHERE id=1")).toString(), QStringLiteral("done"));
        std::tie(rc, out) = run({QStringLiteral("commands"), QStringLiteral("--terminal"), QStringLiteral("CLI-T")});
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains(QLatin1String("tcp.write")) && out.contains(QLatin1String(" done ")), qPrintable(out));
        std::tie(rc, out) = run({QStringLiteral("audit")});
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains(QLatin1String("queue command")) && out.contains(QLatin1String("CLI-T")) &&
                     out.contains(QLatin1String("opendoor tcp.write")) && out.contains(QLatin1String("(cli)")),
                 qPrintable(out));
    }

    // "capacity" was WebSocket-only (getdevcap); a TCP terminal's DeviceStatus carries its capacities,
    // so the same action reads it there (CONTRIBUTING.md, "A terminal command").
    void capacityReadsTheDeviceStatusOfATcpTerminal()
    {
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("CAP-T"));
        const CliRun r = runTermdesk({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CAP-T"),
                                      QStringLiteral("capacity")},
                                     m_fx.dir.path(), 20000);
        QCOMPARE(r.rc, 0);
        QCOMPARE(value(QStringLiteral("SELECT kind || ' ' || payload FROM commands")).toString(),
                 QStringLiteral(R"(tcp.read {"target":"status"})"));
        t.send(1); // heartbeat: the queued read follows its ACK
        QCOMPARE(t.next().cmd, quint8(9));
        const RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(4));
        const auto read = TcpClient::parse<pb::ReadRequest>(req);
        QCOMPARE(read.target(), pb::DEVICE_STATUS);
        pb::ReadResponse resp;
        resp.set_sequence(read.sequence());
        resp.set_ok(true);
        pb::DeviceStatus *s = resp.mutable_status();
        s->set_user_capacity(3000);
        s->set_users_used(41);
        s->set_log_capacity(100000);
        s->set_logs_used(2500);
        t.sendMsg(4, resp, 2);
        QTRY_COMPARE(value(QStringLiteral("SELECT state FROM commands")).toString(), QStringLiteral("done"));
        QCOMPARE(value(QStringLiteral("SELECT user_capacity || '/' || users_used || '/' || log_capacity || '/' ||"
                                      " logs_used FROM terminals WHERE sn='CAP-T'"))
                     .toString(),
                 QStringLiteral("3000/41/100000/2500"));
    }

    void queuedCommandSurvivesRestart()
    {
        startEngine(m_fx.config());
        queue(QStringLiteral("TCP-R"), QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"status"})"));
        m_fx.engine->stop();
        m_fx.engine.reset();
        startEngine(m_fx.config());
        TcpClient t;
        QVERIFY(t.open(port()));
        QVERIFY(t.login("TCP-R"));
        t.send(1);
        QCOMPARE(t.next().cmd, quint8(9));
        const RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(4));
        QCOMPARE(TcpClient::parse<pb::ReadRequest>(req).target(), pb::DEVICE_STATUS);
        // the terminal falls asleep before answering: back to the queue for its next wake
        t.socket.abort();
        QTRY_COMPARE(value(QStringLiteral("SELECT state FROM commands")).toString(), QStringLiteral("queued"));
    }
};

QTEST_GUILESS_MAIN(TestTcpServer)
#include "tst_tcpserver.moc"
