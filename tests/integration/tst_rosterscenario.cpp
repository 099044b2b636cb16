// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 5 "Done when", end to end: the real Engine on port 0 (both protocols), real SQLite,
// simulated terminals that answer like firmware (quirks on the source). Pull every user of one
// WebSocket terminal into the roster, push them to three others (WebSocket, WebSocket offline
// until halfway, TCP), restart the server halfway on the same data directory, and at the end
// every target holds exactly what the roster holds; the queue shows each step.
#include "enginefixture.h"
#include "simterminaloptions.h"
#include "termdeskcli.h"

#include "engine/engine.h"
#include "query/pushprogress.h"
#include "query/rostercompare.h"
#include "service/rosterops.h"
#include "simtcpterminal.h"
#include "simterminal.h"
#include "storage/commandstore.h"
#include "storage/terminalstore.h"

#include <QSqlQuery>
#include <QTest>

#include <map>
#include <memory>

using namespace termdesk;
using sim::SimUser;

namespace {

constexpr int USERS = 12;
constexpr int LONG_WAIT_MS = 30'000;

/// A user with credentials reduced to content hashes: what "exactly as in the roster" compares.
struct Held
{
    QString name;
    int admin = 0;
    bool enabled = true;
    std::map<int, QString> hashes;
    bool operator==(const Held &) const = default;
};

std::map<qint64, Held> heldBy(const QList<SimUser> &users)
{
    std::map<qint64, Held> out;
    for (const SimUser &u : users) {
        Held h{u.name, u.admin, u.enabled, {}};
        for (auto it = u.credentials.cbegin(); it != u.credentials.cend(); ++it)
            h.hashes[it.key()] = storage::TerminalStore::contentHash(it.key(), it.value());
        out[u.enrollId] = h;
    }
    return out;
}

QString describe(const std::map<qint64, Held> &m)
{
    QStringList s;
    for (const auto &[id, h] : m) {
        QStringList c;
        for (const auto &[b, hash] : h.hashes)
            c.append(QStringLiteral("%1:%2").arg(b).arg(hash.left(6)));
        s.append(
            QStringLiteral("%1 %2 a%3 e%4 [%5]").arg(id).arg(h.name).arg(h.admin).arg(h.enabled).arg(c.join(u' ')));
    }
    return s.join(QStringLiteral("\n"));
}

} // namespace

class TestRosterScenario : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    void startEngine()
    {
        EngineConfig c = m_fx.config();
        c.commandPollMs = 100;
        c.wsCommandTimeoutMs = 3000;
        c.tcpRequestTimeoutMs = 3000;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->wsPort() > 0 && m_fx.engine->tcpPort() > 0);
    }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    /// The roster as a terminal would hold it.
    std::map<qint64, Held> roster()
    {
        return m_fx.db.with([](QSqlDatabase db) {
            std::map<qint64, Held> out;
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT enroll_id, name, admin, enabled FROM users"));
            while (q.next())
                out[q.value(0).toLongLong()] =
                    Held{q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt() != 0, {}};
            q.exec(QStringLiteral("SELECT enroll_id, backup_num, data FROM credentials"));
            while (q.next())
                out[q.value(0).toLongLong()].hashes[q.value(1).toInt()] =
                    storage::TerminalStore::contentHash(q.value(1).toInt(), q.value(2).toString());
            return out;
        });
    }

    query::PushGroup group(const QString &origin)
    {
        return m_fx.db.with([&](QSqlDatabase db) { return query::PushProgress::group(db, origin, nullptr); });
    }

    int pendingFor(const QString &sn)
    {
        return value(QStringLiteral("SELECT count(*) FROM commands WHERE terminal_sn = '%1' AND state IN ('queued',"
                                    " 'sent')")
                         .arg(sn))
            .toInt();
    }

    int runCli(const QStringList &args, QString *out = nullptr)
    {
        const CliRun r = runTermdesk(args, m_fx.dir.path(), 30000);
        if (out)
            *out = r.out;
        return r.rc;
    }

private Q_SLOTS:
    void pullPushRestartEverythingArrives()
    {
        QVERIFY(m_fx.dir.isValid());
        startEngine();

        // The source: a face terminal with every quirk on (cmd instead of ret, numbers as strings,
        // trailing commas); it answers getuserlist / getuserinfo like firmware.
        sim::TerminalOptions src = wsTerminalOptions(QStringLiteral("SRC-WS"), m_fx.wsUrl(), USERS, 7);
        src.quirks = sim::Quirks{true, true, true};
        sim::TerminalOptions t1 = src;
        t1.sn = QStringLiteral("T1-WS");
        t1.quirks = {};
        t1.users = 1;
        t1.seed = 11;
        sim::TerminalOptions t2 = t1;
        t2.sn = QStringLiteral("T2-WS-LATE");
        t2.seed = 12;
        sim::TcpTerminalOptions t3 = tcpTerminalOptions(QStringLiteral("T3-TCP"), m_fx.engine->tcpPort(), 1, 13);
        t3.reconnectMinMs = 50;
        t3.reconnectMaxMs = 300;

        sim::SimTerminal source(src), target1(t1), target2(t2);
        sim::SimTcpTerminal target3(t3);
        source.start();
        target1.start();
        target3.start();
        QTRY_VERIFY_WITH_TIMEOUT(source.isRegistered() && target1.isRegistered() && target3.isRegistered(),
                                 LONG_WAIT_MS);
        // the late one is known (approved ahead) but has never connected
        QVERIFY(m_fx.db.with([&](QSqlDatabase db) {
            return storage::TerminalStore::setAdmission(db, t2.sn, Admission::Approved, nullptr);
        }));

        // 1. pull every user of the source into the roster: getuserlist, then one getuserinfo each
        const qint64 pull = m_fx.db.with([&](QSqlDatabase db) {
            return storage::CommandStore::enqueue(
                db, src.sn, QStringLiteral("ws"), QStringLiteral("ws.getuserlist"),
                QStringLiteral(R"({"cmd":"getuserlist","stn":true,"_then":"getuserinfo"})"), QStringLiteral("test"),
                nullptr);
        });
        QVERIFY(pull > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            value(QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(pull)).toString(),
            QStringLiteral("done"), LONG_WAIT_MS);
        QTRY_COMPARE_WITH_TIMEOUT(pendingFor(src.sn), 0, LONG_WAIT_MS);
        const std::map<qint64, Held> onSource = heldBy(source.users());
        QCOMPARE(int(onSource.size()), USERS);
        const qint64 credentials = value(QStringLiteral("SELECT count(*) FROM commands WHERE terminal_sn = '%1' AND"
                                                        " kind = 'ws.getuserinfo' AND state = 'done'")
                                             .arg(src.sn))
                                       .toLongLong();
        qint64 expectedCredentials = 0;
        for (const auto &[id, h] : onSource)
            expectedCredentials += qint64(h.hashes.size());
        QCOMPARE(credentials, expectedCredentials);
        // the source holds every user of the roster, exactly: names, admin levels, credential contents
        std::map<qint64, Held> rosterNow = roster();
        for (auto &[id, h] : rosterNow)
            h.enabled = onSource.count(id) ? onSource.at(id).enabled : h.enabled; // getuserinfo may not say
        QVERIFY2(rosterNow == onSource,
                 qPrintable(describe(rosterNow) + QStringLiteral("\n---\n") + describe(onSource)));
        query::RosterComparison cmp =
            m_fx.db.with([&](QSqlDatabase db) { return query::RosterCompare::compare(db, src.sn); });
        QVERIFY(cmp.ok);
        QCOMPARE(cmp.count(query::SyncState::Same), USERS);
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"), src.sn}), 0);
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"), t1.sn}), 3);

        // 2. empty the WebSocket targets (each holds one generated user), then push the roster
        for (const QString &sn : {t1.sn, t2.sn})
            QVERIFY(m_fx.db.with([&](QSqlDatabase db) {
                return storage::CommandStore::enqueue(db, sn, QStringLiteral("ws"), QStringLiteral("ws.cleanuser"),
                                                      QStringLiteral(R"({"cmd":"cleanuser"})"), QStringLiteral("test"),
                                                      nullptr);
            }) > 0);
        QMap<QString, QString> origins;
        for (const QString &sn : {t1.sn, t2.sn, t3.code}) {
            const service::RosterOpResult r = m_fx.db.with(
                [&](QSqlDatabase db) { return service::RosterOps::push(db, sn, {}, QStringLiteral("test")); });
            QVERIFY2(r.ok, qPrintable(r.error + r.messages.join(u'\n')));
            QCOMPARE(r.users, USERS);
            origins.insert(sn, r.origin);
        }

        // 3. halfway: the first target has started, the late one has nothing yet; stop the server
        QTRY_VERIFY_WITH_TIMEOUT(group(origins.value(t1.sn)).done >= 1, LONG_WAIT_MS);
        const query::PushGroup late = group(origins.value(t2.sn));
        QCOMPARE(late.done, 0);
        QCOMPARE(late.pending, late.total);
        const int doneBefore = group(origins.value(t1.sn)).done + group(origins.value(t3.code)).done + late.done;
        m_fx.stop();
        qInfo() << "server stopped with" << doneBefore << "push commands done";

        // 4. a new server on the same data directory (new ports); the terminals come back, the late one too
        startEngine();
        source.setUrl(m_fx.wsUrl());
        target1.setUrl(m_fx.wsUrl());
        target3.setHost(QStringLiteral("127.0.0.1"), m_fx.engine->tcpPort());
        target3.wakeUp();
        t2.url = m_fx.wsUrl();
        target2.setUrl(m_fx.wsUrl());
        target2.start();

        for (const QString &sn : {t1.sn, t2.sn, t3.code}) {
            QTRY_VERIFY_WITH_TIMEOUT(group(origins.value(sn)).pending == 0, LONG_WAIT_MS);
            const query::PushGroup g = group(origins.value(sn));
            QVERIFY2(
                g.done == g.total && g.failed == 0,
                qPrintable(QStringLiteral("%1: %2/%3 done, %4 failed").arg(sn).arg(g.done).arg(g.total).arg(g.failed)));
        }

        // 5. every target holds exactly the roster
        const std::map<qint64, Held> wanted = roster();
        QCOMPARE(int(wanted.size()), USERS);
        const std::map<qint64, Held> on1 = heldBy(target1.users()), on2 = heldBy(target2.users()),
                                     on3 = heldBy(target3.users());
        QVERIFY2(on1 == wanted, qPrintable(describe(on1) + QStringLiteral("\n---\n") + describe(wanted)));
        QVERIFY2(on2 == wanted, qPrintable(describe(on2) + QStringLiteral("\n---\n") + describe(wanted)));
        QVERIFY2(on3 == wanted, qPrintable(describe(on3) + QStringLiteral("\n---\n") + describe(wanted)));
        // ... and the server knows it without reading them back (terminal_users updated by the writes)
        for (const QString &sn : {t1.sn, t2.sn, t3.code}) {
            cmp = m_fx.db.with([&](QSqlDatabase db) { return query::RosterCompare::compare(db, sn); });
            QVERIFY(cmp.ok);
            QVERIFY2(cmp.count(query::SyncState::Same) == USERS,
                     qPrintable(sn + QStringLiteral(": ") + cmp.users.value(0).differences.join(u',')));
            QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"), sn}), 0);
        }

        // 6. the queue shows each step, none lost: the pull, its follow-ups, the clean-ups, every push
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM commands WHERE state <> 'done' AND kind NOT IN"
                                      " ('ws.getnewlog', 'ws.settime')"))
                     .toInt(),
                 0);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM commands WHERE kind = 'ws.cleanuser' AND state = 'done'"))
                     .toInt(),
                 2);
        QString progress;
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("progress")}, &progress), 0);
        for (const QString &origin : origins)
            QVERIFY2(progress.contains(origin), qPrintable(progress));

        source.stop();
        target1.stop();
        target2.stop();
        target3.stop();
        m_fx.engine->stop();
    }
};

QTEST_GUILESS_MAIN(TestRosterScenario)
#include "tst_rosterscenario.moc"
