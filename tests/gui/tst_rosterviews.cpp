// SPDX-License-Identifier: GPL-3.0-or-later
// The Users view's roster tools with the real Engine (port 0), simulated WebSocket terminals and the
// real SQLite file: compare with a terminal (states, colours, filter), push the differences, push
// progress and retry of failed commands, copy between terminals, enable / disable / delete everywhere
// from the context-menu slots (delete confirmed), audit rows. The views write through the real
// query::OperatorWriter (its own thread): each write is awaited on its finished() signal.
#include "enginefixture.h"
#include "simterminaloptions.h"
#include "simuserlookup.h"

#include "engine/engine.h"
#include "models/rostercomparemodel.h"
#include "models/usertablemodel.h"
#include "query/operatorwriter.h"
#include "query/querydatabase.h"
#include "query/sqlitereads.h"
#include "simterminal.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "widgets/pushprogresspanel.h"
#include "widgets/rostercomparepanel.h"
#include "widgets/usersview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QColor>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace termdesk;
using namespace termdesk::ui;

namespace {

constexpr int WAIT_MS = 20'000;

} // namespace

class TestRosterViews : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;
    std::unique_ptr<sim::SimTerminal> m_src, m_dst;
    query::QueryDatabase m_db; ///< the test's own look at the database
    query::SqliteReads m_reads;
    std::unique_ptr<query::OperatorWriter> m_writes;

    /// Asks one operator write (@p ask: true if it was asked) and waits until it is done.
    bool written(const std::function<bool()> &ask, query::WriteOutcome *outcome = nullptr)
    {
        QSignalSpy done(m_writes.get(), &query::OperatorWrites::finished);
        if (!ask() || !QTest::qWaitFor([&] { return done.count() == 1; }, WAIT_MS))
            return false;
        if (outcome)
            *outcome = done.at(0).at(0).value<query::WriteOutcome>();
        return true;
    }

    std::unique_ptr<sim::SimTerminal> terminal(const QString &sn, int users, quint32 seed)
    {
        auto t = std::make_unique<sim::SimTerminal>(wsTerminalOptions(sn, m_fx.wsUrl(), users, seed));
        t->start();
        return t;
    }

    QVariant value(const QString &sql) { return DbCheck::firstValue(m_db.reader(), sql); }

    bool exec(const QString &sql)
    {
        QSqlQuery q(m_db.writer());
        return q.exec(sql);
    }

    int pending()
    {
        return value(QStringLiteral("SELECT count(*) FROM commands WHERE state IN ('queued', 'sent')")).toInt();
    }

    static QTableView *table(QWidget *w, const char *name) { return w->findChild<QTableView *>(QLatin1String(name)); }

    static void selectIds(QTableView *view, const QList<qint64> &ids)
    {
        view->clearSelection();
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->model());
        for (int r = 0; r < proxy->rowCount(); ++r) {
            if (ids.contains(proxy->index(r, 0).data(Qt::UserRole).toLongLong()))
                view->selectionModel()->select(proxy->index(r, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.dir.isValid());
        EngineConfig c = m_fx.config();
        c.tcpPort = -1; // WebSocket only
        c.commandPollMs = 100;
        c.wsCommandTimeoutMs = 3000;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        QString error;
        QVERIFY2(m_db.open(m_fx.engine->config().databaseFile(), QStringLiteral("NORMAL"), &error), qPrintable(error));
        QVERIFY2(m_reads.open(m_fx.engine->config().databaseFile(), &error), qPrintable(error));
        m_writes =
            std::make_unique<query::OperatorWriter>(m_fx.engine->config().databaseFile(), QStringLiteral("NORMAL"));
        m_src = terminal(QStringLiteral("GUI-SRC"), 6, 21);
        m_dst = terminal(QStringLiteral("GUI-DST"), 2, 22);
        QTRY_VERIFY_WITH_TIMEOUT(m_src->isRegistered() && m_dst->isRegistered(), WAIT_MS);
    }

    void cleanupTestCase()
    {
        m_src->stop();
        m_dst->stop();
        m_writes.reset();
        m_reads.close();
        m_db.close();
        m_fx.engine->stop();
    }

    void compareAndPushDifferences()
    {
        UsersView view(&m_reads, &m_reads, m_writes.get());
        view.resize(1000, 700);
        view.show();
        RosterComparePanel *panel = view.comparePanel();
        QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // pull the source's users from the panel
        panel->setTerminal(QStringLiteral("GUI-SRC"));
        QCOMPARE(panel->terminal(), QStringLiteral("GUI-SRC"));
        QVERIFY(written([&] { return panel->pullUsers(); }));
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        panel->refresh();
        QCOMPARE(panel->model()->rowCount(), 6);
        for (int r = 0; r < 6; ++r) {
            QCOMPARE(panel->model()->user(r)->state, query::SyncState::Same);
            QCOMPARE(panel->model()->index(r, RosterCompareModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
                     QColor(0x2e, 0x7d, 0x32));
        }

        // the target: its own two users only there, the source's only in the roster (users 1, 2 differ)
        panel->setTerminal(QStringLiteral("GUI-DST"));
        QCOMPARE(panel->model()->rowCount(), 6);
        QTableView *compare = table(panel, "compareTable");
        const int onlyInRoster = [&] {
            int n = 0;
            for (int r = 0; r < panel->model()->rowCount(); ++r)
                n += panel->model()->user(r)->state == query::SyncState::OnlyInRoster ? 1 : 0;
            return n;
        }();
        QCOMPARE(onlyInRoster, 6); // the server has not read GUI-DST's users yet
        panel->setStateFilter(QStringLiteral("same"));
        QCOMPARE(compare->model()->rowCount(), 0);
        panel->setStateFilter(QStringLiteral("only-in-roster"));
        QCOMPARE(compare->model()->rowCount(), 6);
        panel->setStateFilter(QString());

        // read the target, then push what differs
        QVERIFY(written([&] { return panel->pullUsers(); }));
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        panel->refresh();
        // pulling the target put its users 1 and 2 into the roster: the roster now has the target's version
        QVERIFY(panel->findChild<QPushButton *>(QStringLiteral("comparePush")) != nullptr);
        // make user 1 differ by a name change in the roster (users 3-6 are only in the roster)
        QVERIFY(exec(QStringLiteral("UPDATE users SET name = name || ' Jr' WHERE enroll_id = 1")));
        panel->refresh();
        QCOMPARE(panel->model()->user(0)->state, query::SyncState::Different);
        // the name, and whatever credentials the source had that the target lacks
        QVERIFY2(panel->model()->user(0)->differences.contains(QStringLiteral("name")),
                 qPrintable(panel->model()->user(0)->differences.join(u',')));
        QVERIFY(written([&] { return panel->pushDifferences(); }));

        // progress: the push group reaches done == total; per command results
        PushProgressPanel *pushes = view.pushPanel();
        QAbstractItemModelTester t2(pushes->groups(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        pushes->refresh();
        QVERIFY(pushes->groups()->rowCount() >= 1);
        pushes->selectGroup(0);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        pushes->refresh();
        pushes->selectGroup(0);
        const QString done = pushes->groups()->index(0, 3).data().toString();
        QVERIFY2(done.startsWith(done.section(u' ', -1) + QStringLiteral(" /")), qPrintable(done)); // n / n
        QCOMPARE(pushes->groups()->index(0, 4).data().toInt(), 0);
        QVERIFY(pushes->items()->rowCount() >= 4);
        for (int r = 0; r < pushes->items()->rowCount(); ++r)
            QCOMPARE(pushes->items()->index(r, 4).data().toString(), QStringLiteral("done"));
        panel->refresh();
        for (int r = 0; r < panel->model()->rowCount(); ++r)
            QVERIFY2(panel->model()->user(r)->state == query::SyncState::Same,
                     qPrintable(panel->model()->user(r)->differences.join(u',')));
        QCOMPARE(userOf(m_dst->users(), 1)->name, userOf(m_src->users(), 1)->name + QStringLiteral(" Jr"));
        QCOMPARE(userOf(m_dst->users(), 4)->credentials, userOf(m_src->users(), 4)->credentials);
    }

    void retryFailedPush()
    {
        UsersView view(&m_reads, &m_reads, m_writes.get());
        view.show();
        // a push the terminal refuses: user 70 with the face of a user already there ("face is double")
        std::optional<sim::SimUser> three;
        for (const sim::SimUser &u : m_dst->users()) {
            if (!three && u.credentials.contains(50))
                three = u;
        }
        QVERIFY(three);
        const QString origin = storage::CommandStore::groupOrigin(QStringLiteral("test"), QStringLiteral("push"));
        const QString payload = QStringLiteral(R"({"cmd":"setuserinfo","enrollid":70,"name":"Seventy","backupnum":50,)"
                                               R"("admin":0,"record":"%1"})")
                                    .arg(three->credentials.value(50));
        QVERIFY(storage::CommandStore::enqueue(m_db.writer(), QStringLiteral("GUI-DST"), QStringLiteral("ws"),
                                               QStringLiteral("ws.setuserinfo"), payload, origin, nullptr) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        PushProgressPanel *pushes = view.pushPanel();
        pushes->refresh();
        pushes->selectGroup(0);
        QCOMPARE(pushes->groups()->index(0, 4).data().toInt(), 1);
        QVERIFY(pushes->items()->index(0, 5).data().toString().contains(QLatin1String("face is double")));
        QVERIFY(pushes->findChild<QPushButton *>(QStringLiteral("retryFailed"))->isEnabled());
        // the other user's photo goes on the terminal side: delete it there, then retry
        QVERIFY(storage::CommandStore::enqueue(
                    m_db.writer(), QStringLiteral("GUI-DST"), QStringLiteral("ws"), QStringLiteral("ws.deleteuser"),
                    QStringLiteral(R"({"cmd":"deleteuser","enrollid":%1,"backupnum":50})").arg(three->enrollId),
                    QStringLiteral("test"), nullptr) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        query::WriteOutcome again;
        QVERIFY(written([&] { return pushes->retryFailed(); }, &again));
        QCOMPARE(again.retried.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        pushes->refresh();
        pushes->selectGroup(0);
        QCOMPARE(pushes->groups()->index(0, 3).data().toString(), QStringLiteral("1 / 1"));
        QCOMPARE(pushes->groups()->index(0, 4).data().toInt(), 0);
        QVERIFY(userOf(m_dst->users(), 70));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'retry failed'")).toInt(), 1);
    }

    void enableDisableDeleteEverywhere()
    {
        UsersView view(&m_reads, &m_reads, m_writes.get());
        view.show();
        view.refresh();
        QTableView *roster = table(&view, "usersTable");
        selectIds(roster, {2});
        QCOMPARE(view.selectedIds(), QList<qint64>{2});
        QVERIFY(written([&] { return view.setSelectedEnabled(false); }));
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        QCOMPARE(userOf(m_src->users(), 2)->enabled, false);
        QCOMPARE(userOf(m_dst->users(), 2)->enabled, false);
        QCOMPARE(value(QStringLiteral("SELECT enabled FROM users WHERE enroll_id = 2")).toInt(), 0);
        view.refresh();
        selectIds(roster, {2});
        QVERIFY(written([&] { return view.setSelectedEnabled(true); }));
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        QCOMPARE(userOf(m_dst->users(), 2)->enabled, true);

        // delete: asks first; "Keep them" changes nothing
        view.refresh();
        selectIds(roster, {1});
        view.deleteSelected();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = view.findChild<QMessageBox *>(QStringLiteral("confirmDeleteUsers"))) != nullptr);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmDeleteUsersNo")), Qt::LeftButton);
        QTRY_VERIFY(view.findChild<QMessageBox *>(QStringLiteral("confirmDeleteUsers")) == nullptr);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM users WHERE enroll_id = 1")).toInt(), 1);
        view.deleteSelected();
        QTRY_VERIFY((box = view.findChild<QMessageBox *>(QStringLiteral("confirmDeleteUsers"))) != nullptr);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmDeleteUsersYes")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT count(*) FROM users WHERE enroll_id = 1")).toInt(), 0,
                                  WAIT_MS);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        QVERIFY(!userOf(m_src->users(), 1));
        QVERIFY(!userOf(m_dst->users(), 1));
        for (const char *action : {"enable users", "disable users", "delete users"})
            QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action = '%1' AND actor LIKE '%(console)%'")
                               .arg(QLatin1String(action)))
                         .toInt(),
                     1);
    }

    void copyBetweenTerminals()
    {
        UsersView view(&m_reads, &m_reads, m_writes.get());
        view.show();
        RosterComparePanel *panel = view.comparePanel();
        panel->setTerminal(QStringLiteral("GUI-SRC"));
        auto *target = panel->findChild<QComboBox *>(QStringLiteral("copyTarget"));
        target->setCurrentIndex(target->findData(QStringLiteral("GUI-DST")));
        // user 5 exists on the source only: delete it on the target first, then copy it back
        QVERIFY(storage::CommandStore::enqueue(m_db.writer(), QStringLiteral("GUI-DST"), QStringLiteral("ws"),
                                               QStringLiteral("ws.deleteuser"),
                                               QStringLiteral(R"({"cmd":"deleteuser","enrollid":5,"backupnum":13})"),
                                               QStringLiteral("test"), nullptr) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        QVERIFY(!userOf(m_dst->users(), 5));
        selectIds(table(panel, "compareTable"), {5});
        QVERIFY(written([&] { return panel->copyTo(QStringLiteral("GUI-DST")); }));
        QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, WAIT_MS);
        QCOMPARE(userOf(m_dst->users(), 5)->credentials, userOf(m_src->users(), 5)->credentials);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'copy users'")).toInt(), 1);
    }

    void waitingForAnOfflineTerminal()
    {
        // a terminal approved ahead that never connected: the push waits in the queue and says so
        QVERIFY(storage::TerminalStore::setAdmission(m_db.writer(), QStringLiteral("GUI-OFF"), Admission::Approved,
                                                     nullptr));
        UsersView view(&m_reads, &m_reads, m_writes.get());
        view.show();
        view.refresh();
        selectIds(table(&view, "usersTable"), {2, 3});
        QVERIFY(written([&] { return view.pushSelectedTo(QStringLiteral("GUI-OFF")); }));
        PushProgressPanel *pushes = view.pushPanel();
        pushes->refresh();
        pushes->selectGroup(0);
        QCOMPARE(pushes->groups()->index(0, 2).data().toString(), QStringLiteral("GUI-OFF"));
        QVERIFY(pushes->groups()->index(0, 5).data().toInt() >= 2);
        QCOMPARE(pushes->groups()->index(0, 3).data().toString().section(u' ', 0, 0), QStringLiteral("0"));
        const QString hint = pushes->findChild<QLabel *>(QStringLiteral("pushHint"))->text();
        QVERIFY2(hint.contains(QLatin1String("GUI-OFF (never connected)")), qPrintable(hint));
        QVERIFY(!pushes->findChild<QPushButton *>(QStringLiteral("retryFailed"))->isEnabled());
    }
};

QTEST_MAIN(TestRosterViews)
#include "tst_rosterviews.moc"
