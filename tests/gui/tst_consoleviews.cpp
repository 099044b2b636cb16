// SPDX-License-Identifier: GPL-3.0-or-later
// The Commands and Protocol trace views: their models under QAbstractItemModelTester, the real window on a real
// engine (port 0, temporary data directory), a hand-written WebSocket terminal (tests/common/wsclient.h), the
// command queue and audit trail in the database. The dashboard's figures, read the same way whether the build
// draws them with Qt Charts or shows them as tables. Every wait is on a condition (QTRY_*), never a sleep.
#include "../common/consolefixture.h"
#include "engine/engine.h"
#include "enginebridge.h"
#include "models/commandtablemodel.h"
#include "models/terminaltablemodel.h"
#include "models/tracemodel.h"
#include "net/tracesink.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "tcp/tcptrace.h"
#include "widgets/commandsview.h"
#include "widgets/dashboardcharts.h"
#include "widgets/dashboardview.h"
#include "widgets/terminalsview.h"
#include "widgets/traceview.h"
#include "wsclient.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace termdesk;
using namespace termdesk::ui;

namespace {

const QString SECRET = QStringLiteral("c2VjcmV0LWZpbmdlcnByaW50LXRlbXBsYXRlLTQyNDI0Mg==");

storage::CommandInfo command(qint64 id, const QString &state, int tries = 0)
{
    storage::CommandInfo c;
    c.id = id;
    c.terminalSn = QStringLiteral("T%1").arg(id % 3);
    c.protocol = QStringLiteral("ws");
    c.kind = QStringLiteral("ws.opendoor");
    c.payload = QStringLiteral(R"({"cmd":"opendoor"})");
    c.state = state;
    c.tries = tries;
    c.createdMs = 1'700'000'000'000 + id;
    c.updatedMs = c.createdMs;
    return c;
}

TraceEntry traceEntry(int n, const QString &terminal = QStringLiteral("A1"))
{
    return TraceEntry{n,
                      terminal,
                      Protocol::WebSocket,
                      TraceEntry::Direction::In,
                      QStringLiteral("sendlog"),
                      10,
                      QStringLiteral("message %1").arg(n)};
}

/// The parts of a dashboard display's accessible description: "label: count" each.
QStringList figures(const QWidget *display)
{
    return display->accessibleDescription().split(QStringLiteral(", "));
}

/// The texts of the tables inside a display: the figures when the build has no Qt Charts, none when it draws.
QStringList cellTexts(const QWidget *display)
{
    QStringList texts;
    for (const QAbstractItemView *view : display->findChildren<QAbstractItemView *>()) {
        if (qobject_cast<const QHeaderView *>(view))
            continue; // the view's own headers, on the same model
        const QAbstractItemModel *model = view->model();
        for (int r = 0; r < model->rowCount(); ++r)
            for (int c = 0; c < model->columnCount(); ++c)
                texts.append(model->index(r, c).data().toString());
    }
    return texts;
}

} // namespace

class TestConsoleViews : public QObject, protected ConsoleFixture
{
    Q_OBJECT
public:
    // The test's connection also writes (commands in every state).
    TestConsoleViews() : ConsoleFixture(QStringLiteral("tst-consoleviews-check"), true) {}

private:
    QString value(const QString &sql, qint64 id)
    {
        QSqlQuery q(db());
        q.prepare(sql);
        q.addBindValue(id);
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    }

    template <typename T> T *child(const char *name) { return m_window->findChild<T *>(QLatin1String(name)); }

    void selectCommand(qint64 id)
    {
        auto *table = child<QTableView>("commandsTable");
        QVERIFY(table);
        const int row = m_window->commandsView()->model()->rowOf(id);
        QVERIFY(row >= 0);
        table->clearSelection();
        table->selectRow(row);
    }

    bool traceEnabled() const
    {
        bool on = false;
        QMetaObject::invokeMethod(
            m_host->engine(), [&] { on = m_host->engine()->isTraceEnabled(); }, Qt::BlockingQueuedConnection);
        return on;
    }

private Q_SLOTS:
    void initTestCase() { initConsoleTest(QStringLiteral("tst_consoleviews")); }

    void init() { QSettings().clear(); }

    void cleanup() { stopConsole(); }

    void commandModelDiffsById()
    {
        CommandTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCommands({command(3, QStringLiteral("queued")), command(2, QStringLiteral("sent")),
                           command(1, QStringLiteral("done"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, CommandTableModel::IdColumn).data().toLongLong(), 3); // newest first
        QCOMPARE(model.index(0, CommandTableModel::WhatColumn).data().toString(), QStringLiteral("Open door"));
        QCOMPARE(model.index(0, CommandTableModel::StateColumn).data().toString(), QStringLiteral("Queued"));
        inserted.clear();
        // The same rows again: no signal at all.
        model.setCommands({command(1, QStringLiteral("done")), command(2, QStringLiteral("sent")),
                           command(3, QStringLiteral("queued"))});
        QCOMPARE(inserted.size() + removed.size() + changed.size(), 0);
        // A new command, one finished, one gone.
        model.setCommands({command(4, QStringLiteral("queued")), command(3, QStringLiteral("failed"), 3),
                           command(1, QStringLiteral("done"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.index(1, CommandTableModel::StateColumn).data(CommandTableModel::RawRole).toString(),
                 QStringLiteral("failed"));
        QVERIFY(model.index(1, CommandTableModel::StateColumn).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.index(1, CommandTableModel::TriesColumn).data().toInt(), 3);
    }

    void commandDescriptions()
    {
        QCOMPARE(CommandTableModel::describe(QStringLiteral("ws.getalllog"),
                                             QStringLiteral(R"({"cmd":"getalllog","from":"2025-06-01",)"
                                                            R"("to":"2025-06-30","stn":true})")),
                 QStringLiteral("Pull logs 2025-06-01 → 2025-06-30"));
        QCOMPARE(CommandTableModel::describe(QStringLiteral("tcp.write"), QStringLiteral(R"({"open_door":true})")),
                 QStringLiteral("Open door"));
        QCOMPARE(CommandTableModel::describe(QStringLiteral("tcp.read"), QStringLiteral(R"({"target":"users"})")),
                 QStringLiteral("Pull users"));
        // A user with a credential: the description names the user, never the data.
        const QString setUser = CommandTableModel::describe(
            QStringLiteral("ws.setuserinfo"),
            QStringLiteral(R"({"cmd":"setuserinfo","enrollid":7,"backupnum":0,"record":"%1"})").arg(SECRET));
        QCOMPARE(setUser, QStringLiteral("Send user 7"));
    }

    void commandsViewCancelsAndRetries()
    {
        startConsole();
        QString error;
        const qint64 door = storage::CommandStore::enqueue(
            db(), QStringLiteral("CMD1"), QStringLiteral("ws"), QStringLiteral("ws.opendoor"),
            QStringLiteral(R"({"cmd":"opendoor"})"), QStringLiteral("cli"), &error);
        QVERIFY2(door > 0, qPrintable(error));
        const qint64 logs = storage::CommandStore::enqueue(
            db(), QStringLiteral("CMD2"), QStringLiteral("ws"), QStringLiteral("ws.getalllog"),
            QStringLiteral(R"({"cmd":"getalllog","from":"2025-06-01","to":"2025-06-30","stn":true})"),
            QStringLiteral("cli"), &error);
        QVERIFY2(logs > 0, qPrintable(error));
        QSqlQuery fail(db());
        QVERIFY(fail.exec(QStringLiteral("UPDATE commands SET state = 'failed', tries = 3, reason = 'no answer after "
                                         "3 tries' WHERE id = %1")
                              .arg(logs)));

        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_7, Qt::ControlModifier);
        QTRY_COMPARE(m_window->currentPage(), MainWindow::CommandsPage);
        CommandTableModel *model = m_window->commandsView()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model->rowCount(), 2);
        const int logsRow = model->rowOf(logs);
        QCOMPARE(model->index(logsRow, CommandTableModel::WhatColumn).data().toString(),
                 QStringLiteral("Pull logs 2025-06-01 → 2025-06-30"));
        QCOMPARE(model->index(logsRow, CommandTableModel::ResultColumn).data().toString(),
                 QStringLiteral("no answer after 3 tries"));
        QCOMPARE(model->index(model->rowOf(door), CommandTableModel::TerminalColumn).data().toString(),
                 QStringLiteral("CMD1"));

        // Filters: state, terminal.
        auto *state = child<QComboBox>("commandStateFilter");
        state->setCurrentIndex(state->findData(QStringLiteral("failed")));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->command(0)->id, logs);
        state->setCurrentIndex(0);
        QTRY_COMPARE(model->rowCount(), 2);
        auto *terminal = child<QComboBox>("commandTerminalFilter");
        terminal->setCurrentText(QStringLiteral("CMD1"));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->command(0)->id, door);
        terminal->setCurrentText(QString());
        QTRY_COMPARE(model->rowCount(), 2);

        // Cancel the queued one: a confirmation, then the database, the audit trail.
        selectCommand(door);
        QAction *cancel = m_window->commandsView()->cancelAction();
        QVERIFY(cancel->isEnabled());
        QVERIFY(!m_window->commandsView()->retryAction()->isEnabled());
        cancel->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>("confirmCancelCommand")) != nullptr);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmCancelCommandYes")), Qt::LeftButton);
        QTRY_COMPARE(value(QStringLiteral("SELECT state FROM commands WHERE id = ?"), door),
                     QStringLiteral("cancelled"));
        QTRY_COMPARE(model->command(model->rowOf(door))->state, QStringLiteral("cancelled"));
        QTRY_COMPARE(
            count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'cancel command' AND target = '%1' "
                                 "AND result = 'ok' AND actor LIKE '%(console)'")
                      .arg(door)),
            1);

        // Retry the failed one: a copy is queued, the original stays as it was.
        selectCommand(logs);
        QAction *retry = m_window->commandsView()->retryAction();
        QVERIFY(retry->isEnabled());
        retry->trigger();
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM commands")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM commands WHERE state = 'queued' AND terminal_sn = 'CMD2' "
                                      "AND kind = 'ws.getalllog' AND origin = 'console'")),
                 1);
        QCOMPARE(value(QStringLiteral("SELECT state FROM commands WHERE id = ?"), logs), QStringLiteral("failed"));
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'retry command' AND target = '%1' "
                                          "AND result = 'ok' AND actor LIKE '%(console)'")
                               .arg(logs)),
                     1);
        QTRY_COMPARE(model->rowCount(), 3);
        // The cancelled one can be retried too; the queued copy cannot.
        QCOMPARE(model->index(0, CommandTableModel::StateColumn).data(CommandTableModel::RawRole).toString(),
                 QStringLiteral("queued"));
    }

    void traceModelIsABoundedRing()
    {
        TraceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(100);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QList<TraceEntry> batch;
        for (int i = 0; i < 60; ++i)
            batch.append(traceEntry(i));
        model.append(batch);
        QCOMPARE(model.rowCount(), 60);
        batch.clear();
        for (int i = 60; i < 120; ++i)
            batch.append(traceEntry(i));
        model.append(batch);
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(removed.size(), 1); // the oldest 20 in one range
        QCOMPARE(model.entry(0).timeMs, 20);
        QCOMPARE(model.entry(99).timeMs, 119);

        TraceFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setText(QStringLiteral("message 11"));
        QCOMPARE(filter.rowCount(), 10); // 110 … 119
        filter.setText(QString());
        filter.setTerminal(QStringLiteral("B2"));
        QCOMPARE(filter.rowCount(), 0);
        model.append({traceEntry(500, QStringLiteral("B2"))});
        QCOMPARE(filter.rowCount(), 1);
        model.clear();
        QCOMPARE(filter.rowCount(), 0);
    }

    void disabledSinkRecordsNothingAndEnabledOneIsBounded()
    {
        net::TraceSink sink;
        QSignalSpy spy(&sink, &net::TraceSink::entriesReady);
        sink.add(traceEntry(1));
        QVERIFY(!sink.isEnabled());
        sink.setEnabled(true);
        for (int i = 0; i < 12'000; ++i)
            sink.add(traceEntry(i));
        QTRY_COMPARE(spy.size(), 1);
        const auto entries = spy.at(0).at(0).value<QList<TraceEntry>>();
        QCOMPARE(entries.size(), net::TraceSink::MAX_PER_EMISSION);
        QCOMPARE(entries.first().timeMs, 12'000 - net::TraceSink::MAX_PER_EMISSION); // the oldest went
        QCOMPARE(sink.dropped(), 12'000 - net::TraceSink::MAX_PER_EMISSION);
    }

    void tcpTraceShowsNoBiometricBodies()
    {
        tcp::FrameHeader h;
        h.terminalId = 0x01000002;
        h.cmd = tcp::Cmd::Login;
        const QByteArray code = QByteArray(40, 'A');
        const TraceEntry login = tcp::traceEntry(QStringLiteral("1.2.3.4:5"), TraceEntry::Direction::In, h, code, 7);
        QCOMPARE(login.command, QStringLiteral("Login"));
        QCOMPARE(login.protocol, Protocol::Tcp);
        QCOMPARE(login.sizeBytes, tcp::FRAME_HEADER_SIZE + 40);
        QVERIFY(login.text.contains(QLatin1String("terminalId=0x01000002")));
        QCOMPARE(login.text.count(QLatin1String("41")), 32); // at most 32 bytes shown
        h.cmd = tcp::Cmd::Report;
        const TraceEntry report =
            tcp::traceEntry(QStringLiteral("T1"), TraceEntry::Direction::In, h, QByteArray(300, '\x5a'), 7);
        QVERIFY(report.text.contains(QLatin1String("[300 bytes, not shown]")));
        QVERIFY(!report.text.contains(QLatin1String("5a")));
        h.cmd = tcp::Cmd::ServerWrite;
        QVERIFY(tcp::traceEntry(QStringLiteral("T1"), TraceEntry::Direction::Out, h, QByteArray(3, 'x'), 7)
                    .text.contains(QLatin1String("[3 bytes, not shown]")));
    }

    void traceViewShowsRedactedMessages()
    {
        startConsole();
        QSignalSpy engineTrace(m_host->engine(), &Engine::traceEntries);
        // Not watched: a terminal's messages are not traced at all.
        WsClient early;
        QVERIFY(early.open(m_host->wsPort()));
        QVERIFY(early.reg(QStringLiteral("UNSEEN1")));
        QVERIFY(!traceEnabled());

        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_8, Qt::ControlModifier);
        QTRY_COMPARE(m_window->currentPage(), MainWindow::TracePage);
        TraceView *view = m_window->traceView();
        QVERIFY(view->isTracing());
        QTRY_VERIFY(traceEnabled());
        TraceModel *model = view->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        WsClient t;
        QVERIFY(t.open(m_host->wsPort()));
        QVERIFY(t.reg(QStringLiteral("TRACE1")));
        const QJsonObject r = t.call(QStringLiteral(R"({"cmd":"senduser","sn":"TRACE1","enrollid":7,"name":"Ann",)"
                                                    R"("backupnum":0,"admin":0,"record":"%1"})")
                                         .arg(SECRET)
                                         .toUtf8());
        QCOMPARE(r.value(QLatin1String("ret")).toString(), QStringLiteral("senduser"));

        auto has = [model](const QString &command, TraceEntry::Direction direction) {
            for (int row = 0; row < model->rowCount(); ++row) {
                const TraceEntry &e = model->entry(row);
                if (e.terminal == QLatin1String("TRACE1") && e.command == command && e.direction == direction)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY(has(QStringLiteral("senduser"), TraceEntry::Direction::Out));
        QVERIFY(has(QStringLiteral("reg"), TraceEntry::Direction::In));
        QVERIFY(has(QStringLiteral("reg"), TraceEntry::Direction::Out));
        QVERIFY(has(QStringLiteral("senduser"), TraceEntry::Direction::In));
        for (int row = 0; row < model->rowCount(); ++row) {
            const TraceEntry &e = model->entry(row);
            QVERIFY2(!e.text.contains(SECRET), qPrintable(e.text));
            QVERIFY(e.terminal != QLatin1String("UNSEEN1"));
            if (e.command == QLatin1String("senduser") && e.direction == TraceEntry::Direction::In) {
                QVERIFY(e.text.contains(QLatin1String("redacted")));
                QVERIFY(e.sizeBytes > SECRET.size());
            }
        }
        for (const QList<QVariant> &emission : std::as_const(engineTrace)) {
            for (const TraceEntry &e : emission.at(0).value<QList<TraceEntry>>())
                QVERIFY(!e.text.contains(SECRET));
        }

        // Filter by text, then copy what is shown as plain text lines.
        child<QLineEdit>("traceSearch")->setText(QStringLiteral(R"("senduser")")); // not the reg reply's nosenduser
        QCOMPARE(view->filterModel()->rowCount(), 2);
        const QString copied = view->copySelected();
        QCOMPARE(copied.count(QLatin1Char('\n')), 2);
        QVERIFY(copied.contains(QLatin1String("\tTRACE1\tws\tin\tsenduser\t")));
        QVERIFY(!copied.contains(SECRET));
        QCOMPARE(QApplication::clipboard()->text(), copied);
        auto *table = child<QTableView>("traceTable");
        table->selectRow(1);
        QCOMPARE(view->copySelected().count(QLatin1Char('\n')), 1);

        // Pause holds new messages; resume shows them; clear empties the view.
        view->pauseAction()->setChecked(true);
        const int before = model->rowCount();
        t.call(R"({"cmd":"sendqrcode","sn":"TRACE1","record":"hello"})");
        QTRY_COMPARE(view->heldCount(), 2); // the push and its ack
        QVERIFY(child<QLabel>("traceCount")->text().contains(QLatin1String("2 held")));
        QCOMPARE(model->rowCount(), before);
        view->pauseAction()->setChecked(false);
        QVERIFY(model->rowCount() > before);
        view->clearAction()->trigger();
        QCOMPARE(model->rowCount(), 0);

        // Leaving the view stops the trace.
        m_window->showPage(MainWindow::DashboardPage);
        QVERIFY(!view->isTracing());
        QTRY_VERIFY(!traceEnabled());
    }

    void dashboardChartsNameAndDescribeTheirFigures()
    {
        QWidget parent;
        DashboardCharts charts(&parent);
        QList<qint64> hours(24, 0);
        hours[8] = 12;
        hours[17] = 1234;
        const QStringList days = {QStringLiteral("Mon 2"), QStringLiteral("Tue 3"), QStringLiteral("Wed 4")};
        charts.setHourly(hours);
        charts.setDaily({5, 0, 7}, days);
        charts.setFleet({{QStringLiteral("Online"), 2, Qt::green},
                         {QStringLiteral("Offline"), 0, Qt::gray},
                         {QStringLiteral("Blocked"), 1, Qt::red}});
        charts.retranslate();
        parent.show();
        QVERIFY(QTest::qWaitForWindowExposed(&parent));

        QCOMPARE(charts.hourly()->objectName(), QStringLiteral("chartHourly"));
        QCOMPARE(charts.daily()->objectName(), QStringLiteral("chartDaily"));
        QCOMPARE(charts.fleet()->objectName(), QStringLiteral("chartTerminals"));
        QCOMPARE(charts.hourly()->accessibleName(), QStringLiteral("Punches per hour today"));
        QCOMPARE(charts.daily()->accessibleName(), QStringLiteral("Punches per day this week"));
        QCOMPARE(charts.fleet()->accessibleName(), QStringLiteral("Terminals by state"));
        for (QWidget *display : {charts.hourly(), charts.daily(), charts.fleet()})
            QVERIFY(display->isVisible());

        const QStringList hourly = figures(charts.hourly());
        QCOMPARE(hourly.size(), 24);
        QCOMPARE(hourly.at(0), QStringLiteral("0: 0"));
        QCOMPARE(hourly.at(8), QStringLiteral("8: 12"));
        QCOMPARE(hourly.at(17), QStringLiteral("17: ") + QLocale().toString(1234));
        QCOMPARE(figures(charts.daily()),
                 QStringList({QStringLiteral("Mon 2: 5"), QStringLiteral("Tue 3: 0"), QStringLiteral("Wed 4: 7")}));
        QCOMPARE(figures(charts.fleet()), QStringList({QStringLiteral("Online: 2"), QStringLiteral("Offline: 0"),
                                                       QStringLiteral("Blocked: 1")}));

        // Without Qt Charts the same numbers are in the tables.
        if (const QStringList cells = cellTexts(charts.hourly()); !cells.isEmpty()) {
            QVERIFY(cells.contains(QStringLiteral("12")));
            QVERIFY(cells.contains(QLocale().toString(1234)));
            QVERIFY(cells.contains(QStringLiteral("23")));
            QCOMPARE(cellTexts(charts.daily()),
                     QStringList({QStringLiteral("5"), QStringLiteral("0"), QStringLiteral("7")}));
            QCOMPARE(cellTexts(charts.fleet()),
                     QStringList({QStringLiteral("Online"), QStringLiteral("2"), QStringLiteral("Offline"),
                                  QStringLiteral("0"), QStringLiteral("Blocked"), QStringLiteral("1")}));
        }

        // New figures replace the old ones; the titles follow the language (the dashboard's catalogue).
        charts.setDaily({1, 1, 1}, days);
        QCOMPARE(figures(charts.daily()).at(2), QStringLiteral("Wed 4: 1"));
        m_languages.apply(QStringLiteral("es"));
        charts.retranslate();
        QCOMPARE(charts.hourly()->accessibleName(), QStringLiteral("Marcajes por hora hoy"));
        QCOMPARE(charts.fleet()->accessibleName(), QStringLiteral("Terminales por estado"));
        m_languages.apply(QStringLiteral("en"));
        charts.retranslate();
        QCOMPARE(charts.hourly()->accessibleName(), QStringLiteral("Punches per hour today"));
    }

    void dashboardShowsATerminalsPunches()
    {
        // Three punches in today's first minute; skipped in the few seconds around midnight.
        const QTime now = QTime::currentTime();
        if (now < QTime(0, 1) || now > QTime(23, 59, 30))
            QSKIP("too close to midnight");
        startConsole();
        WsClient t;
        QVERIFY(t.open(m_host->wsPort()));
        QVERIFY(t.reg(QStringLiteral("DASH1")));
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        const QJsonObject ack =
            t.call(QStringLiteral(R"({"cmd":"sendlog","sn":"DASH1","count":3,"logindex":1,"record":[)"
                                  R"({"enrollid":7,"time":"%1 00:00:01","mode":1,"inout":0,"event":0},)"
                                  R"({"enrollid":7,"time":"%1 00:00:02","mode":1,"inout":0,"event":0},)"
                                  R"({"enrollid":8,"time":"%1 00:00:03","mode":1,"inout":0,"event":0}]})")
                       .arg(today)
                       .toUtf8());
        QVERIFY(ack.value(QLatin1String("result")).toBool());

        m_window->showPage(MainWindow::DashboardPage);
        DashboardView *dashboard = m_window->dashboardView();
        dashboard->refresh();
        auto *hourly = dashboard->findChild<QWidget *>(QStringLiteral("chartHourly"));
        auto *daily = dashboard->findChild<QWidget *>(QStringLiteral("chartDaily"));
        auto *fleet = dashboard->findChild<QWidget *>(QStringLiteral("chartTerminals"));
        QVERIFY(hourly && daily && fleet);
        QTRY_COMPARE_WITH_TIMEOUT(figures(hourly).value(0), QStringLiteral("0: 3"), 10000);
        QCOMPARE(figures(hourly).value(1), QStringLiteral("1: 0"));
        QCOMPARE(dashboard->hourlyCounts().value(0), qint64(3));
        const QDate date = QDate::currentDate();
        const QString day =
            QLocale().dayName(date.dayOfWeek(), QLocale::ShortFormat) + u' ' + QString::number(date.day());
        QVERIFY2(figures(daily).contains(day + QStringLiteral(": 3")), qPrintable(daily->accessibleDescription()));
        QCOMPARE(figures(daily).size(), 7);
        QTRY_VERIFY2(figures(fleet).contains(QStringLiteral("Online: 1")), qPrintable(fleet->accessibleDescription()));
        QCOMPARE(child<QLabel>("cardToday")->text(), QStringLiteral("3"));
        QCOMPARE(hourly->accessibleName(), QStringLiteral("Punches per hour today"));
    }

    void engineApiForTheConsole()
    {
        startConsole();
        WsClient t;
        QVERIFY(t.open(m_host->wsPort()));
        QVERIFY(t.reg(QStringLiteral("API1")));
        QList<OnlineTerminal> online;
        QTRY_VERIFY((online = m_window->engine()->onlineTerminals()).size() == 1);
        QCOMPARE(online.first().sn, QStringLiteral("API1"));
        QCOMPARE(online.first().protocol, Protocol::WebSocket);
        QVERIFY(online.first().peer.startsWith(QLatin1String("127.0.0.1:")));

        // The Terminals view's detail pane lists the terminal's newest commands.
        QString error;
        QVERIFY(storage::CommandStore::enqueue(db(), QStringLiteral("API1"), QStringLiteral("ws"),
                                               QStringLiteral("ws.opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"),
                                               QStringLiteral("cli"), &error) > 0);
        m_window->showPage(MainWindow::TerminalsPage);
        m_window->terminalsView()->setRefreshInterval(200);
        QTRY_VERIFY(m_window->terminalsView()->model()->rowOf(QStringLiteral("API1")) >= 0);
        m_window->terminalsView()->selectTerminal(QStringLiteral("API1"));
        QTRY_VERIFY(child<QLabel>("detailCommands")->text().contains(QLatin1String("Open door")));
        m_window->engine()->disconnectTerminal(QStringLiteral("API1"), QStringLiteral("test"));
        QVERIFY(t.waitDisconnected());
        QTRY_VERIFY(m_window->engine()->onlineTerminals().isEmpty());
    }
};

QTEST_MAIN(TestConsoleViews)
#include "tst_consoleviews.moc"
