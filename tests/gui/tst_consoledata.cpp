// SPDX-License-Identifier: GPL-3.0-or-later
// The console's data path. The Terminals view driven by fakes of query::TerminalReads and
// query::OperatorWrites (the seam: what it asks, what it does with each answer, in which order), and
// the real query::OperatorWriter on a real SQLite file: its writes run on a thread of their own, so the
// GUI's event loop keeps turning while SQLite's write lock is held by someone else. Every wait is on a
// condition (QTRY_*), never a sleep.
#include "../common/consolefixture.h"
#include "enginebridge.h"
#include "models/terminaltablemodel.h"
#include "query/operatorwriter.h"
#include "query/operatorwrites.h"
#include "query/sqlitereads.h"
#include "query/terminalreads.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "widgets/terminalcommands.h"
#include "widgets/terminalsview.h"

#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

using namespace termdesk;
using namespace termdesk::ui;

namespace {

query::TerminalRecord record(const QString &sn, const QString &protocol, const QString &admission)
{
    query::TerminalRecord r;
    r.sn = sn;
    r.protocol = protocol;
    r.admission = fromName<Admission>(admission).value();
    return r;
}

/// Answers from memory and counts what it was asked.
class FakeTerminalReads final : public query::TerminalReads
{
public:
    QList<query::TerminalRecord> records;
    int devinfoReads = 0;
    int commandReads = 0;

    QList<query::TerminalRecord> terminals(QString *) override { return records; }
    void readTerminals(QObject *context, TerminalsDone done) override
    {
        // as the real one: the answer comes later, in the context's thread
        QTimer::singleShot(0, context, [this, done] { done(records, QString()); });
    }
    QByteArray devinfoJson(const QString &) override
    {
        ++devinfoReads;
        return QByteArrayLiteral(R"({"modelname":"fake"})");
    }
    QList<storage::TerminalRow> terminalRows(QString *) override { return {}; }
    QList<storage::CommandInfo> commands(const QString &, const QString &, int, QString *) override
    {
        ++commandReads;
        return {};
    }
};

/// Records every write asked and lets the test decide when and how each finishes.
class FakeWrites final : public query::OperatorWrites
{
public:
    struct Call
    {
        QString what;
        QStringList serials;
        QString detail;
        quint64 ticket = 0;
    };
    QList<Call> calls;

    /// Finishes call @p index with one item per serial, failing @p failing with @p error.
    void finish(int index, const QString &failing = {}, const QString &error = {})
    {
        query::WriteOutcome o;
        o.ticket = calls.at(index).ticket;
        qint64 id = 100;
        for (const QString &sn : calls.at(index).serials) {
            const bool fails = sn == failing;
            o.items.append({sn, 0, fails ? 0 : ++id, fails ? error : QString()});
            if (!fails && calls.at(index).what == QLatin1String("queue"))
                o.queuedFor.append(sn);
        }
        Q_EMIT finished(o);
        if (!o.queuedFor.isEmpty())
            Q_EMIT commandsQueued(o.queuedFor);
    }

    quint64 queueAction(const QStringList &serials, const service::TerminalAction &action,
                        const service::ActionOptions &) override
    {
        return record(QStringLiteral("queue"), serials, QLatin1String(action.name));
    }
    quint64 setAdmission(const QStringList &serials, Admission admission) override
    {
        return record(QStringLiteral("admission"), serials, QString(name(admission)));
    }
    quint64 rename(const QString &sn, const QString &name) override
    {
        return record(QStringLiteral("rename"), {sn}, name);
    }
    quint64 resolveHardware(const QStringList &serials, bool accept) override
    {
        return record(QStringLiteral("hardware"), serials, accept ? QStringLiteral("accept") : QStringLiteral("block"));
    }
    quint64 setAllowedNetworks(const QString &sn, const QString &networks) override
    {
        return record(QStringLiteral("networks"), {sn}, networks);
    }
    quint64 cancelCommands(const QList<query::ChosenCommand> &) override { return record(QStringLiteral("cancel")); }
    quint64 requeueCommands(const QList<query::ChosenCommand> &) override { return record(QStringLiteral("requeue")); }
    quint64 pushUsers(const QString &sn, const QList<qint64> &) override
    {
        return record(QStringLiteral("push"), {sn});
    }
    quint64 copyUsers(const QString &, const QString &to, const QList<qint64> &) override
    {
        return record(QStringLiteral("copy"), {to});
    }
    quint64 setUsersEnabled(const QList<qint64> &, bool) override { return record(QStringLiteral("enable")); }
    quint64 removeUsers(const QList<qint64> &) override { return record(QStringLiteral("remove")); }
    quint64 retryFailed(const QString &origin) override { return record(QStringLiteral("retry"), {}, origin); }

private:
    quint64 record(const QString &what, const QStringList &serials = {}, const QString &detail = {})
    {
        calls.append({what, serials, detail, quint64(calls.size() + 1)});
        return calls.last().ticket;
    }
};

} // namespace

// The engine (ConsoleFixture::startEngine) only for the views' live state; the data come from fakes.
class TestConsoleData : public QObject, protected ConsoleFixture
{
    Q_OBJECT
public:
    TestConsoleData() : ConsoleFixture(QStringLiteral("tst-consoledata-check")) {}

private:
    static void select(TerminalsView &view, const QStringList &serials)
    {
        QTableView *table = view.table();
        table->clearSelection();
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const QModelIndex index = table->model()->index(r, 0);
            if (serials.contains(index.data(TerminalTableModel::SerialRole).toString()))
                table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        table->selectionModel()->setCurrentIndex(table->model()->index(0, 0), QItemSelectionModel::NoUpdate);
    }

private Q_SLOTS:
    void cleanup() { stopConsole(); }

    void terminalsViewAgainstFakes()
    {
        startEngine();
        FakeTerminalReads reads;
        reads.records = {record(QStringLiteral("WS1"), QStringLiteral("ws"), QStringLiteral("pending")),
                         record(QStringLiteral("TCP1"), QStringLiteral("tcp"), QStringLiteral("approved"))};
        FakeWrites writes;
        EngineBridge bridge(m_host.get(), m_config);
        TerminalsView view(&bridge, &reads, &writes);
        QSignalSpy status(&view, &TerminalsView::statusMessage);
        QSignalSpy actions(&view, &TerminalsView::operatorAction);
        TerminalTableModel *model = view.model();
        QCOMPARE(model->rowCount(), 2); // the first read, from the fake
        view.show();

        // Approve: the view asks the interface and changes nothing until the write is reported done.
        select(view, {QStringLiteral("WS1")});
        QVERIFY(view.approveAction()->isEnabled());
        QVERIFY(reads.devinfoReads > 0);
        view.approveAction()->trigger();
        QCOMPARE(writes.calls.size(), 1);
        QCOMPARE(writes.calls.at(0).what, QStringLiteral("admission"));
        QCOMPARE(writes.calls.at(0).serials, QStringList{QStringLiteral("WS1")});
        QCOMPARE(writes.calls.at(0).detail, QStringLiteral("approved"));
        QCOMPARE(model->status(model->rowOf(QStringLiteral("WS1"))), TerminalStatus::Pending);
        QCOMPARE(actions.count(), 0);
        reads.records[0].admission = Admission::Approved; // what the next read will find
        writes.finish(0);
        QCOMPARE(model->status(model->rowOf(QStringLiteral("WS1"))), TerminalStatus::Offline);
        QCOMPARE(actions.count(), 1);
        QCOMPARE(actions.last().at(0).toString(), QStringLiteral("WS1"));
        QVERIFY2(status.last().at(0).toString().startsWith(QLatin1String("Approved WS1.")),
                 qPrintable(status.last().at(0).toString()));

        // A write that fails is told, for the terminal it failed on; another view's ticket is ignored.
        select(view, {QStringLiteral("WS1"), QStringLiteral("TCP1")});
        view.commands()->action("gettime")->trigger(); // WebSocket only: TCP1 is not asked
        QCOMPARE(writes.calls.size(), 2);
        QCOMPARE(writes.calls.at(1).what, QStringLiteral("queue"));
        QCOMPARE(writes.calls.at(1).detail, QStringLiteral("gettime"));
        QCOMPARE(writes.calls.at(1).serials, QStringList{QStringLiteral("WS1")});
        const int before = int(status.count());
        query::WriteOutcome someoneElses;
        someoneElses.ticket = 999;
        someoneElses.error = QStringLiteral("not ours");
        Q_EMIT writes.finished(someoneElses);
        QCOMPARE(status.count(), before);
        writes.finish(1, QStringLiteral("WS1"), QStringLiteral("database is locked"));
        QCOMPARE(status.count(), before + 2);
        QVERIFY2(status.at(before).at(0).toString().contains(QLatin1String("WS1: database is locked")),
                 qPrintable(status.at(before).at(0).toString()));
        QVERIFY2(status.last().at(0).toString().contains(QLatin1String("Not for TCP1")),
                 qPrintable(status.last().at(0).toString()));

        // Rename: shown at once, written through the interface; a failure is told and the view reads again.
        const QModelIndex name = model->index(model->rowOf(QStringLiteral("TCP1")), TerminalTableModel::NameColumn);
        QVERIFY(model->setData(name, QStringLiteral("Gate")));
        QCOMPARE(name.data().toString(), QStringLiteral("Gate"));
        QCOMPARE(writes.calls.size(), 3);
        QCOMPARE(writes.calls.at(2).what, QStringLiteral("rename"));
        QCOMPARE(writes.calls.at(2).detail, QStringLiteral("Gate"));
        writes.finish(2, QStringLiteral("TCP1"), QStringLiteral("disk full"));
        QVERIFY2(status.last().at(0).toString().contains(QLatin1String("Could not rename TCP1: disk full")),
                 qPrintable(status.last().at(0).toString()));
        QTRY_COMPARE(name.data().toString(), QString()); // the fake's record, read again
    }

    void hardwareAlertAnsweredFromTheTerminalsView()
    {
        startEngine();
        FakeTerminalReads reads;
        reads.records = {record(QStringLiteral("WS1"), QStringLiteral("ws"), QStringLiteral("approved")),
                         record(QStringLiteral("WS2"), QStringLiteral("ws"), QStringLiteral("approved"))};
        reads.records[0].identity = QStringLiteral("cpusn REAL, mac 00-00-00-00-00-01");
        reads.records[0].identityClaim = QStringLiteral("cpusn FAKE, mac 00-00-00-00-00-02");
        reads.records[0].identityClaimPeer = QStringLiteral("10.0.0.9:5000");
        FakeWrites writes;
        EngineBridge bridge(m_host.get(), m_config);
        TerminalsView view(&bridge, &reads, &writes);
        QSignalSpy actions(&view, &TerminalsView::operatorAction);
        TerminalTableModel *model = view.model();
        view.show();

        // the alert is on the row's status, in red, with the details
        const QModelIndex status = model->index(model->rowOf(QStringLiteral("WS1")), TerminalTableModel::StatusColumn);
        const QString tip = status.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QLatin1String("Possible impostor or replaced hardware: cpusn FAKE")), qPrintable(tip));
        QVERIFY(status.data(Qt::ForegroundRole).isValid());

        // the answers are offered only for a terminal with an alert
        select(view, {QStringLiteral("WS2")});
        QVERIFY(!view.acceptHardwareAction()->isEnabled());
        QVERIFY(!view.blockHardwareAction()->isEnabled());
        select(view, {QStringLiteral("WS1"), QStringLiteral("WS2")});
        QVERIFY(view.acceptHardwareAction()->isEnabled());
        QVERIFY(view.blockHardwareAction()->isEnabled());
        view.acceptHardwareAction()->trigger();
        QCOMPARE(writes.calls.size(), 1);
        QCOMPARE(writes.calls.at(0).what, QStringLiteral("hardware"));
        QCOMPARE(writes.calls.at(0).serials, QStringList{QStringLiteral("WS1")}); // not WS2: it has no alert
        QCOMPARE(writes.calls.at(0).detail, QStringLiteral("accept"));
        reads.records[0].identity = reads.records[0].identityClaim;
        reads.records[0].identityClaim.clear();
        writes.finish(0);
        QCOMPARE(actions.count(), 1);
        QCOMPARE(actions.last().at(1).toString(), QStringLiteral("New hardware accepted"));
        QTRY_VERIFY(!view.acceptHardwareAction()->isEnabled()); // read again: no alert any more
    }

    void operatorWritesLeaveTheGuiThread()
    {
        startEngine();
        const QString file = m_config.databaseFile();
        const QString lock = QStringLiteral("tst-consoledata-lock");
        QString error;
        QVERIFY2(storage::Database::open(file, lock, {false, QStringLiteral("NORMAL"), 5000}, &error),
                 qPrintable(error));
        QSqlDatabase db = storage::Database::get(lock);
        QVERIFY(storage::TerminalStore::setAdmission(db, QStringLiteral("T1"), Admission::Pending, &error));

        query::SqliteReads reads;
        QVERIFY2(reads.open(file, &error), qPrintable(error));
        query::OperatorWriter writes(file, QStringLiteral("NORMAL"));
        QVERIFY(writes.writerThread() != QThread::currentThread());
        EngineBridge bridge(m_host.get(), m_config);
        TerminalsView view(&bridge, &reads, &writes);
        QCOMPARE(view.model()->rowCount(), 1);
        QSignalSpy done(&writes, &query::OperatorWrites::finished);

        // Someone else holds SQLite's write lock: the approve waits for it on the writer thread, and
        // the GUI thread goes on turning its event loop meanwhile.
        QVERIFY2(storage::Database::beginWrite(db, &error), qPrintable(error));
        select(view, {QStringLiteral("T1")});
        view.approveAction()->trigger();
        int ticks = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&ticks] { ++ticks; });
        tick.start();
        QTRY_VERIFY(ticks >= 10);
        QCOMPARE(done.count(), 0); // still waiting for the lock
        QCOMPARE(view.model()->status(0), TerminalStatus::Pending);
        QVERIFY(db.rollback());

        QTRY_COMPARE(done.count(), 1);
        const auto outcome = done.at(0).at(0).value<query::WriteOutcome>();
        QCOMPARE(outcome.items.size(), 1);
        QVERIFY2(outcome.items.at(0).ok(), qPrintable(outcome.items.at(0).error));
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT admission FROM terminals WHERE sn = 'T1'")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("approved"));
        }
        QTRY_COMPARE(view.model()->status(0), TerminalStatus::Offline);
        db = QSqlDatabase();
        storage::Database::close(lock);
    }

    void allowedNetworksEditedInTheConsole()
    {
        // The real writer and reads on the engine's database: the operator opens "Allowed networks…" on
        // a terminal, types a list; it is stored as the command line stores it, audited, and shown.
        startEngine();
        const QString file = m_config.databaseFile();
        const QString lock = QStringLiteral("tst-consoledata-networks");
        QString error;
        QVERIFY2(storage::Database::open(file, lock, {false, QStringLiteral("NORMAL"), 5000}, &error),
                 qPrintable(error));
        QSqlDatabase db = storage::Database::get(lock);
        QVERIFY(storage::TerminalStore::setAdmission(db, QStringLiteral("N1"), Admission::Approved, &error));
        query::SqliteReads reads;
        QVERIFY2(reads.open(file, &error), qPrintable(error));
        query::OperatorWriter writes(file, QStringLiteral("NORMAL"));
        EngineBridge bridge(m_host.get(), m_config);
        TerminalsView view(&bridge, &reads, &writes);
        QSignalSpy status(&view, &TerminalsView::statusMessage);
        QSignalSpy done(&writes, &query::OperatorWrites::finished);
        view.show();
        QCOMPARE(view.model()->rowCount(), 1);
        select(view, {QStringLiteral("N1")});
        QVERIFY(view.networksAction()->isEnabled());
        const auto stored = [&db] {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT allowed_networks FROM terminals WHERE sn = 'N1'")) && q.next()
                       ? q.value(0)
                       : QVariant(QStringLiteral("(no row)"));
        };

        // A wrong entry is refused with the entry named; nothing is stored.
        const auto answer = [&view](const QString &text) {
            view.networksAction()->trigger();
            auto *dialog = view.findChild<QInputDialog *>(QStringLiteral("allowedNetworksDialog"));
            QVERIFY(dialog);
            QVERIFY(dialog->labelText().contains(QLatin1String("N1")));
            dialog->setTextValue(text);
            dialog->accept();
        };
        answer(QStringLiteral("192.168.5.0/24, 10.0.0.0/33"));
        QTRY_COMPARE(done.count(), 1);
        QTRY_VERIFY(!status.isEmpty());
        QVERIFY2(status.last().at(0).toString().contains(QLatin1String("10.0.0.0/33")),
                 qPrintable(status.last().at(0).toString()));
        QVERIFY(stored().isNull());

        answer(QStringLiteral("192.168.5.0/24,10.1.2.7"));
        QTRY_COMPARE(done.count(), 2);
        QCOMPARE(stored().toString(), QStringLiteral("192.168.5.0/24, 10.1.2.7/32"));
        QTRY_COMPARE(view.model()->record(0)->allowedNetworks, QStringLiteral("192.168.5.0/24, 10.1.2.7/32"));
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT actor, detail, result FROM audit WHERE action = 'terminal networks' "
                                          "ORDER BY id")));
            QVERIFY(q.next());
            QCOMPARE(q.value(2).toString(), QStringLiteral("'10.0.0.0/33' is not an address or a network "
                                                           "(address/prefix)"));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toString().contains(QLatin1String("console")), qPrintable(q.value(0).toString()));
            QCOMPARE(q.value(1).toString(), QStringLiteral("192.168.5.0/24, 10.1.2.7/32"));
            QCOMPARE(q.value(2).toString(), QStringLiteral("ok"));
        }

        // The dialog opens with the list in force; emptying it means anywhere again.
        view.networksAction()->trigger();
        auto *dialog = view.findChild<QInputDialog *>(QStringLiteral("allowedNetworksDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->textValue(), QStringLiteral("192.168.5.0/24, 10.1.2.7/32"));
        dialog->setTextValue(QString());
        dialog->accept();
        QTRY_COMPARE(done.count(), 3);
        QVERIFY(stored().isNull());
        db = QSqlDatabase();
        storage::Database::close(lock);
    }

    void commandsQueuedAreSignalledForTheEngine()
    {
        startEngine();
        const QString file = m_config.databaseFile();
        const QString setup = QStringLiteral("tst-consoledata-setup");
        QString error;
        QVERIFY2(storage::Database::open(file, setup, {false, QStringLiteral("NORMAL"), 5000}, &error),
                 qPrintable(error));
        QVERIFY(storage::TerminalStore::setAdmission(storage::Database::get(setup), QStringLiteral("W1"),
                                                     Admission::Approved, &error));
        storage::Database::close(setup);

        query::OperatorWriter writes(file, QStringLiteral("NORMAL"));
        QSignalSpy done(&writes, &query::OperatorWrites::finished);
        QSignalSpy queued(&writes, &query::OperatorWrites::commandsQueued);
        const service::TerminalAction *open = service::TerminalActions::find(QStringLiteral("opendoor"));
        QVERIFY(open);
        const quint64 ticket = writes.queueAction({QStringLiteral("W1"), QStringLiteral("NOPE")}, *open, {});
        QTRY_COMPARE(done.count(), 1);
        const auto outcome = done.at(0).at(0).value<query::WriteOutcome>();
        QCOMPARE(outcome.ticket, ticket);
        QCOMPARE(outcome.items.size(), 2);
        QVERIFY(outcome.items.at(0).newId > 0);
        QVERIFY(!outcome.items.at(1).ok()); // no such terminal
        QCOMPARE(queued.count(), 1);
        QCOMPARE(queued.at(0).at(0).toStringList(), QStringList{QStringLiteral("W1")});
    }
};

QTEST_MAIN(TestConsoleData)
#include "tst_consoledata.moc"
