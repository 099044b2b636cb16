// SPDX-License-Identifier: GPL-3.0-or-later
// Every command of issue 5 item 2 against simulated firmware (sim/simcommands, sim/simtcpdevice):
// the real Engine on port 0, real sockets, a real SQLite file. Answers, failure replies (Part 2
// §4–5.10: "can not find the user", reason 1, "face is double", numbers required) and a terminal
// that never answers. What the terminal holds afterwards is read from the simulator itself.
#include "enginefixture.h"
#include "simterminaloptions.h"
#include "simuserlookup.h"

#include "engine/engine.h"
#include "query/rostercompare.h"
#include "service/rosterops.h"
#include "simtcpterminal.h"
#include "simterminal.h"
#include "storage/commandstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>
#include <optional>

using namespace termdesk;

namespace {

constexpr int WAIT_MS = 20'000;
constexpr int POLL_MS = 100;

} // namespace

class TestRosterCommands : public QObject
{
    Q_OBJECT

    /// The engine's time: moved by outcome() while it waits, so the command poll and the reply
    /// timeouts come without waiting for them.
    ManualClock m_clock;
    EngineFixture m_fx;
    std::unique_ptr<sim::SimTerminal> m_ws;
    std::unique_ptr<sim::SimTcpTerminal> m_tcp;

    void startEngine(int wsTimeoutMs = 60'000, int maxTries = 3)
    {
        EngineConfig c = m_fx.config();
        c.commandPollMs = POLL_MS;
        c.wsCommandTimeoutMs = wsTimeoutMs;
        c.tcpRequestTimeoutMs = wsTimeoutMs;
        c.commandMaxTries = maxTries;
        c.idleTimeoutMs = 24 * 3600 * 1000; // the clock runs fast here; quiet terminals stay
        QVERIFY2(m_fx.start(c, &m_clock), qPrintable(m_fx.engine->lastError()));
    }

    void startWs(bool answers = true)
    {
        sim::TerminalOptions o = wsTerminalOptions(QStringLiteral("CMD-WS"), m_fx.wsUrl(), 3, 5);
        o.answerCommands = answers;
        m_ws = std::make_unique<sim::SimTerminal>(o);
        m_ws->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_ws->isRegistered(), WAIT_MS);
    }

    void startTcp()
    {
        m_tcp = std::make_unique<sim::SimTcpTerminal>(
            tcpTerminalOptions(QStringLiteral("CMD-TCP"), m_fx.engine->tcpPort(), 3, 6));
        m_tcp->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_tcp->isRegistered(), WAIT_MS);
    }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    /// Queues @p payload (JSON) for the WebSocket terminal; kind "ws.<cmd>".
    qint64 queueWs(const QString &payload)
    {
        const QString cmd = QJsonDocument::fromJson(payload.toUtf8()).object().value(QLatin1String("cmd")).toString();
        return m_fx.db.with([&](QSqlDatabase db) {
            return storage::CommandStore::enqueue(db, QStringLiteral("CMD-WS"), QStringLiteral("ws"),
                                                  QStringLiteral("ws.") + cmd, payload, QStringLiteral("test"),
                                                  nullptr);
        });
    }

    qint64 queueTcp(const QString &kind, const QString &payload)
    {
        return m_fx.db.with([&](QSqlDatabase db) {
            return storage::CommandStore::enqueue(db, QStringLiteral("CMD-TCP"), QStringLiteral("tcp"), kind, payload,
                                                  QStringLiteral("test"), nullptr);
        });
    }

    /// Waits for the command to finish: "state" or "state: reason". The engine's clock moves a
    /// poll period at every look.
    QString outcome(qint64 id)
    {
        const QString sql =
            QStringLiteral("SELECT state || COALESCE(': ' || reason, '') FROM commands WHERE id = %1 AND state NOT IN"
                           " ('queued', 'sent')")
                .arg(id);
        (void)QTest::qWaitFor(
            [&] {
                m_clock.advance(POLL_MS);
                return !value(sql).isNull();
            },
            WAIT_MS);
        return value(sql).toString();
    }

    QString resultOf(qint64 id)
    {
        return value(QStringLiteral("SELECT COALESCE(result, '') FROM commands WHERE id = %1").arg(id)).toString();
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }

    void cleanup()
    {
        if (m_ws)
            m_ws->stop();
        if (m_tcp)
            m_tcp->stop();
        m_ws.reset();
        m_tcp.reset();
        m_fx.stopAndClear();
    }

    void wsUserCommands()
    {
        startEngine();
        startWs();
        // setuserinfo: every credential type (card and password as numbers, fingerprint hex with a zero run)
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":9,"name":"Nine","backupnum":0,)"
                                                R"("admin":0,"record":"c52c5b00(16)6166"})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(
                     R"({"cmd":"setuserinfo","enrollid":9,"name":"Nine","backupnum":10,"admin":0,"record":1234})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":9,"name":"Nine","backupnum":11,)"
                                                R"("admin":0,"record":4071234567})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":9,"name":"Nine","backupnum":50,)"
                                                R"("admin":1,"record":"/9j/NINEPHOTO"})"))),
                 QStringLiteral("done"));
        std::optional<sim::SimUser> nine = userOf(m_ws->users(), 9);
        QVERIFY(nine);
        QCOMPARE(nine->name, QStringLiteral("Nine"));
        QCOMPARE(nine->admin, 1);
        QCOMPARE(nine->credentials.value(0), QStringLiteral("c52c5b00(16)6166"));
        QCOMPARE(nine->credentials.value(10), QStringLiteral("1234"));
        QCOMPARE(nine->credentials.value(11), QStringLiteral("4071234567"));
        QCOMPARE(nine->credentials.value(50), QStringLiteral("/9j/NINEPHOTO"));
        // the server knows what the terminal holds now (no read-back)
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id = 9 AND data_hash IS NOT"
                                      " NULL"))
                     .toInt(),
                 4);

        // setusername (batch)
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setusername","count":2,"record":[{"enrollid":9,"name":)"
                                                R"("Niner"},{"enrollid":10,"name":"Ten"}]})"))),
                 QStringLiteral("done"));
        QCOMPARE(userOf(m_ws->users(), 9)->name, QStringLiteral("Niner"));
        QCOMPARE(userOf(m_ws->users(), 10)->name, QStringLiteral("Ten"));

        // getuserinfo: into the roster (card as a number, the name as the terminal has it)
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getuserinfo","enrollid":9,"backupnum":11})"))),
                 QStringLiteral("done"));
        QCOMPARE(
            value(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 9 AND backup_num = 11")).toString(),
            QStringLiteral("4071234567"));
        QCOMPARE(value(QStringLiteral("SELECT name FROM users WHERE enroll_id = 9")).toString(),
                 QStringLiteral("Niner"));
        QVERIFY(!resultOf(queueWs(QStringLiteral(R"({"cmd":"getuserinfo","enrollid":9,"backupnum":10})")))
                     .contains(QLatin1String("1234")));

        // enableuser, and the extended setuserinfo "enable"
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"enableuser","enrollid":9,"enflag":0})"))),
                 QStringLiteral("done"));
        QCOMPARE(userOf(m_ws->users(), 9)->enabled, false);
        QCOMPARE(value(QStringLiteral("SELECT enabled FROM terminal_user_info WHERE enroll_id = 9")).toInt(), 0);
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":9,"enable":1})"))),
                 QStringLiteral("done"));
        QCOMPARE(userOf(m_ws->users(), 9)->enabled, true);
        QCOMPARE(value(QStringLiteral("SELECT enabled FROM terminal_user_info WHERE enroll_id = 9")).toInt(), 1);

        // deleteuser: one credential, then the whole user
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"deleteuser","enrollid":9,"backupnum":11})"))),
                 QStringLiteral("done"));
        QVERIFY(!userOf(m_ws->users(), 9)->credentials.contains(11));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id = 9")).toInt(), 3);
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"deleteuser","enrollid":9,"backupnum":13})"))),
                 QStringLiteral("done"));
        QVERIFY(!userOf(m_ws->users(), 9));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id = 9")).toInt(), 0);

        // getuserlist lists what is left; cleanadmin; cleanuser
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getuserlist","stn":true})"))), QStringLiteral("done"));
        QVERIFY(userOf(m_ws->users(), 1)->admin != 0); // the first generated user is an administrator
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"cleanadmin"})"))), QStringLiteral("done"));
        for (const sim::SimUser &u : m_ws->users())
            QCOMPARE(u.admin, 0);
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"cleanuser"})"))), QStringLiteral("done"));
        QVERIFY(m_ws->users().isEmpty());
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users")).toInt(), 0);
        const qint64 list = queueWs(QStringLiteral(R"({"cmd":"getuserlist","stn":true})"));
        QCOMPARE(outcome(list), QStringLiteral("done"));
        QVERIFY2(resultOf(list).contains(QLatin1String(R"("records":0)")), qPrintable(resultOf(list)));
    }

    void wsFailureReplies()
    {
        startEngine();
        startWs();
        // card and password must be numbers (§4.3)
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":20,"name":"X","backupnum":11,)"
                                                R"("admin":0,"record":"12ab"})"))),
                 QStringLiteral("failed: terminal refused (reason 1)"));
        // a photo with a data-URI prefix does not decode (§4.3 field bug)
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":20,"name":"X","backupnum":50,)"
                                                R"("admin":0,"record":"data:image/jpeg;base64,/9j/AAA"})"))),
                 QStringLiteral("failed: terminal refused (reason 1)"));
        // the same face under another id
        std::optional<sim::SimUser> withPhoto;
        for (const sim::SimUser &u : m_ws->users()) {
            if (!withPhoto && u.credentials.contains(50))
                withPhoto = u;
        }
        QVERIFY(withPhoto);
        const QString twin = QStringLiteral(R"({"cmd":"setuserinfo","enrollid":21,"name":"Twin","backupnum":50,)"
                                            R"("admin":0,"record":"%1"})")
                                 .arg(withPhoto->credentials.value(50));
        QCOMPARE(outcome(queueWs(twin)),
                 QStringLiteral("failed: terminal refused: face is double,id=%1 (reason 12)").arg(withPhoto->enrollId));
        QVERIFY(!userOf(m_ws->users(), 21));
        // unknown users
        for (const char *cmd : {R"({"cmd":"deleteuser","enrollid":999,"backupnum":13})",
                                R"({"cmd":"getuserinfo","enrollid":999,"backupnum":0})",
                                R"({"cmd":"enableuser","enrollid":999,"enflag":0})"})
            QCOMPARE(outcome(queueWs(QString::fromLatin1(cmd))),
                     QStringLiteral("failed: terminal refused: can not find the user"));
        // a missing enrollid (TH900: reason 1); an unknown command
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getuserinfo","backupnum":0})"))),
                 QStringLiteral("failed: terminal refused (reason 1)"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getquestionnaire"})"))),
                 QStringLiteral("failed: terminal refused: can not find this command"));
        // nothing of the refused writes is believed to be on the terminal
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id IN (20, 21)")).toInt(), 0);
    }

    void wsDeviceCommands()
    {
        startEngine();
        startWs();
        m_ws->generatePunches(30);
        QTRY_COMPARE_WITH_TIMEOUT(m_ws->pendingRecords(), 0, WAIT_MS);
        // getdevcap: capacities and usage as the simulator counts them
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getdevcap"})"))), QStringLiteral("done"));
        QCOMPARE(value(QStringLiteral("SELECT users_used FROM terminals WHERE sn = 'CMD-WS'")).toInt(),
                 int(m_ws->users().size()));
        QVERIFY(value(QStringLiteral("SELECT user_capacity FROM terminals WHERE sn = 'CMD-WS'")).toInt() >= 1000);
        // setdevinfo, then getdevinfo reads it back
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"setdevinfo","volume":3})"))), QStringLiteral("done"));
        const qint64 info = queueWs(QStringLiteral(R"({"cmd":"getdevinfo"})"));
        QCOMPARE(outcome(info), QStringLiteral("done"));
        QVERIFY2(resultOf(info).contains(QLatin1String(R"("volume":3)")), qPrintable(resultOf(info)));
        // opendoor, gettime, settime
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"opendoor"})"))), QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"gettime"})"))), QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"settime","cloudtime":"now"})"))), QStringLiteral("done"));
        // getalllog with a date range that holds every punch, then one that holds none
        const QString today = QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"));
        const QString yesterday = QDate::currentDate().addDays(-1).toString(QStringLiteral("yyyy-MM-dd"));
        const qint64 all =
            queueWs(QStringLiteral(R"({"cmd":"getalllog","stn":true,"from":"%1","to":"%2"})").arg(yesterday, today));
        QCOMPARE(outcome(all), QStringLiteral("done"));
        QVERIFY2(resultOf(all).contains(QLatin1String(R"("new":0)")), qPrintable(resultOf(all))); // all stored already
        QVERIFY2(!resultOf(all).contains(QLatin1String(R"("records":0)")), qPrintable(resultOf(all)));
        const qint64 none =
            queueWs(QStringLiteral(R"({"cmd":"getalllog","stn":true,"from":"2016-01-01","to":"2016-01-02"})"));
        QCOMPARE(outcome(none), QStringLiteral("done"));
        QVERIFY2(resultOf(none).contains(QLatin1String(R"("records":0)")), qPrintable(resultOf(none)));
        // getnewlog: nothing new; cleanlog empties the log; initsys empties the users too
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"getnewlog","stn":true})"))), QStringLiteral("done"));
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"cleanlog"})"))), QStringLiteral("done"));
        const qint64 after = queueWs(QStringLiteral(R"({"cmd":"getalllog","stn":true})"));
        QCOMPARE(outcome(after), QStringLiteral("done"));
        QVERIFY2(resultOf(after).contains(QLatin1String(R"("records":0)")), qPrintable(resultOf(after)));
        QVERIFY(!m_ws->users().isEmpty());
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"initsys"})"))), QStringLiteral("done"));
        QVERIFY(m_ws->users().isEmpty());
        // reboot: not awaited; the terminal comes back
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"reboot"})"))),
                 QStringLiteral("done: reboot sent (no answer expected)"));
        QTRY_VERIFY_WITH_TIMEOUT(m_ws->counters().reconnects >= 1 && m_ws->isRegistered(), WAIT_MS);
    }

    void wsTerminalThatNeverAnswers()
    {
        startEngine(200, 2);
        startWs(false);
        const qint64 id = queueWs(QStringLiteral(R"({"cmd":"setuserinfo","enrollid":5,"name":"E","backupnum":11,)"
                                                 R"("admin":0,"record":1})"));
        QCOMPARE(outcome(id), QStringLiteral("failed: no answer after 2 tries"));
        QCOMPARE(value(QStringLiteral("SELECT tries FROM commands WHERE id = %1").arg(id)).toInt(), 2);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users")).toInt(), 0);
        // the next command is not held up for ever
        QCOMPARE(outcome(queueWs(QStringLiteral(R"({"cmd":"gettime"})"))),
                 QStringLiteral("failed: no answer after 2 tries"));
    }

    void tcpReadsAndWrites()
    {
        startEngine();
        startTcp();
        // upsert (a new user with a card and a fingerprint), then read the users back
        const QString card = QString::fromLatin1(QByteArray("4071234567").toBase64());
        const QString fp = QString::fromLatin1(QByteArray::fromHex("c52c5b000000006166").toBase64());
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.write"),
                                  QStringLiteral(R"({"upsert":[{"enroll_id":40,"name":"Forty","admin":0,)"
                                                 R"("disabled":false,"credentials":[{"backup_num":0,"data":"%1"},)"
                                                 R"({"backup_num":11,"data":"%2"}]}]})")
                                      .arg(fp, card))),
                 QStringLiteral("done"));
        const std::optional<sim::SimUser> forty = userOf(m_tcp->users(), 40);
        QVERIFY(forty);
        QCOMPARE(forty->credentials.value(11), QStringLiteral("4071234567"));
        QCOMPARE(forty->credentials.value(0), QStringLiteral("c52c5b000000006166"));
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"users"})"))),
                 QStringLiteral("done"));
        QCOMPARE(
            value(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 40 AND backup_num = 11")).toString(),
            QStringLiteral("4071234567"));
        const query::RosterComparison c =
            m_fx.db.with([](QSqlDatabase db) { return query::RosterCompare::compare(db, QStringLiteral("CMD-TCP")); });
        QVERIFY(c.ok);
        QCOMPARE(c.count(query::SyncState::Same), int(m_tcp->users().size()));
        // a roster credential edited since the last comparison is hashed again (the hashes are cached)
        QVERIFY(value(QStringLiteral("UPDATE credentials SET data = '999', updated_ms = updated_ms + 1 WHERE"
                                     " enroll_id = 40 AND backup_num = 11"))
                    .isNull());
        const query::RosterComparison changed =
            m_fx.db.with([](QSqlDatabase db) { return query::RosterCompare::compare(db, QStringLiteral("CMD-TCP")); });
        QCOMPARE(changed.count(query::SyncState::Different), 1);
        for (const query::UserComparison &u : changed.users) {
            if (u.enrollId == 40)
                QCOMPARE(u.differences, QStringList{QStringLiteral("card (11) differs")});
        }
        QVERIFY(value(QStringLiteral("UPDATE credentials SET data = '4071234567', updated_ms = updated_ms + 1 WHERE"
                                     " enroll_id = 40 AND backup_num = 11"))
                    .isNull());
        // disable everywhere: a TCP terminal gets the user again, disabled
        const service::RosterOpResult off = m_fx.db.with(
            [](QSqlDatabase db) { return service::RosterOps::setEnabled(db, {40}, false, QStringLiteral("test")); });
        QVERIFY2(off.ok, qPrintable(off.error));
        QCOMPARE(off.commandIds.size(), 1);
        QCOMPARE(outcome(off.commandIds.first()), QStringLiteral("done"));
        QCOMPARE(userOf(m_tcp->users(), 40)->enabled, false);
        QCOMPARE(userOf(m_tcp->users(), 40)->credentials.size(), 2);
        // status, clock, door, punches
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"status"})"))),
                 QStringLiteral("done"));
        QVERIFY(value(QStringLiteral("SELECT user_capacity FROM terminals WHERE sn = 'CMD-TCP'")).toInt() > 0);
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.write"), QStringLiteral(R"({"set_time_ms":"now"})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.write"), QStringLiteral(R"({"open_door":true})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"punches"})"))),
                 QStringLiteral("done"));
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.write"), QStringLiteral(R"({"clear_punches":true})"))),
                 QStringLiteral("done"));
        // delete everywhere: roster and terminal
        const service::RosterOpResult del =
            m_fx.db.with([](QSqlDatabase db) { return service::RosterOps::remove(db, {40}, QStringLiteral("test")); });
        QVERIFY2(del.ok, qPrintable(del.error));
        QCOMPARE(outcome(del.commandIds.first()), QStringLiteral("done"));
        QVERIFY(!userOf(m_tcp->users(), 40));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM users WHERE enroll_id = 40")).toInt(), 0);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id = 40")).toInt(), 0);
        // a failure reply: the terminal refuses a user 0
        QCOMPARE(outcome(queueTcp(QStringLiteral("tcp.write"),
                                  QStringLiteral(R"({"upsert":[{"enroll_id":0,"name":"Zero","credentials":[]}]})"))),
                 QStringLiteral("failed: upsert_users: enroll_id 0 is not a user"));
    }

    void copyBetweenTerminalsRefusesOtherAlgorithms()
    {
        startEngine();
        startWs();
        startTcp();
        // read both terminals' users (TCP: the terminal reports its fpalgo? set it apart by hand)
        const qint64 pull = queueWs(QStringLiteral(R"({"cmd":"getuserlist","stn":true,"_then":"getuserinfo"})"));
        QCOMPARE(outcome(pull), QStringLiteral("done"));
        QTRY_COMPARE_WITH_TIMEOUT(
            value(QStringLiteral("SELECT count(*) FROM commands WHERE state IN ('queued','sent')")).toInt(), 0,
            WAIT_MS);
        QVERIFY(value(QStringLiteral("UPDATE terminals SET fpalgo = 'other9.0' WHERE sn = 'CMD-TCP'")).isNull());
        const service::RosterOpResult r = m_fx.db.with([](QSqlDatabase db) {
            return service::RosterOps::copy(db, QStringLiteral("CMD-WS"), QStringLiteral("CMD-TCP"), {},
                                            QStringLiteral("test"));
        });
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.users, 3);
        bool fingerprintRefused = false;
        for (const QString &m : r.messages)
            fingerprintRefused = fingerprintRefused || (m.contains(QLatin1String("fingerprint")) &&
                                                        m.contains(QLatin1String("fpalgo other9.0")));
        QCOMPARE(fingerprintRefused,
                 value(QStringLiteral("SELECT count(*) FROM credentials WHERE backup_num <= 9")).toInt() > 0);
        for (const qint64 id : r.commandIds)
            QCOMPARE(outcome(id), QStringLiteral("done"));
        for (const sim::SimUser &u : m_ws->users()) {
            const std::optional<sim::SimUser> copied = userOf(m_tcp->users(), u.enrollId);
            QVERIFY(copied);
            QCOMPARE(copied->name, u.name);
            for (auto it = u.credentials.cbegin(); it != u.credentials.cend(); ++it)
                QCOMPARE(copied->credentials.contains(it.key()), it.key() > 9); // no templates of another algorithm
        }
    }
};

QTEST_GUILESS_MAIN(TestRosterCommands)
#include "tst_rostercommands.moc"
