// SPDX-License-Identifier: GPL-3.0-or-later
// The real console: MainWindow over a real EngineHost (port 0, temporary data directory), fed by
// simulated terminals in this process (SimFleet) or by the real termdesk-sim program. Widgets are
// found by objectName; dialogs are scripted; every wait is on a condition (QTRY_*), never a sleep.
#include "../common/consolefixture.h"
#include "../common/wsclient.h"
#include "dialogs/databasefields.h"
#include "dialogs/pushtargetsdialog.h"
#include "dialogs/settingsdialog.h"
#include "engine/engine.h"
#include "engine/enginehost.h"
#include "enginebridge.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/punchtablemodel.h"
#include "models/terminaltablemodel.h"
#include "models/usertablemodel.h"
#include "net/selfsignedcert.h"
#include "net/tlsidentity.h"
#include "service/csvexporter.h"
#include "settings/settings.h"
#include "simfleet.h"
#include "simterminal.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "util/clock.h"
#include "webhook/webhookstore.h"
#include "widgets/connectpage.h"
#include "widgets/dashboardview.h"
#include "widgets/eventsview.h"
#include "widgets/punchesview.h"
#include "widgets/terminalcommands.h"
#include "widgets/terminalsview.h"
#include "widgets/usersview.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMutex>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

#include <memory>

using namespace termdesk;
using namespace termdesk::ui;

class TestMainWindow : public QObject, protected ConsoleFixture
{
    Q_OBJECT
public:
    TestMainWindow() : ConsoleFixture(QStringLiteral("tst-mainwindow-check")) {}

private:
    std::unique_ptr<sim::SimFleet> m_fleet;
    std::unique_ptr<ManualClock> m_clock; ///< outlives the engine that reads it

    void startConsole(AdmissionPolicy policy = AdmissionPolicy::Open, int tcpPort = -1,
                      int commandPollMs = EngineConfig{}.commandPollMs, Clock *clock = nullptr)
    {
        ConsoleFixture::startConsole(
            [&](EngineConfig &c) {
                c.tcpPort = tcpPort;
                c.admission = policy;
                c.commandPollMs = commandPollMs;
            },
            clock);
        if (m_window)
            m_window->terminalsView()->setRefreshInterval(200);
    }

    void openWindow()
    {
        ConsoleFixture::openWindow();
        m_window->terminalsView()->setRefreshInterval(200);
    }

    void startFleet(int terminals, qint64 punchesPerTerminal, double rate = 500,
                    const QString &prefix = QStringLiteral("GUI"))
    {
        sim::FleetOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(m_host->wsPort()));
        o.terminals = terminals;
        o.ratePerSecond = rate;
        o.punchesPerTerminal = punchesPerTerminal;
        o.durationMs = 0;
        o.doorEvents = 0;
        o.regRetryMs = 300;
        o.snPrefix = prefix;
        m_fleet = std::make_unique<sim::SimFleet>(o);
        m_fleet->start();
    }

    QString admissionOf(const QString &sn)
    {
        QSqlQuery q(storage::Database::get(m_check));
        q.prepare(QStringLiteral("SELECT admission FROM terminals WHERE sn = ?"));
        q.addBindValue(sn);
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    }

    template <typename T> T *child(const char *name) { return m_window->findChild<T *>(QLatin1String(name)); }

    TerminalTableModel *terminals() { return m_window->terminalsView()->model(); }
    PunchTableModel *punches() { return m_window->punchesView()->model(); }

    void selectTerminal(const QString &sn) { m_window->terminalsView()->selectTerminal(sn); }

private Q_SLOTS:
    void initTestCase() { initConsoleTest(QStringLiteral("tst_mainwindow")); }

    void init() { QSettings().clear(); }

    void cleanup()
    {
        if (m_fleet)
            m_fleet->stop();
        m_fleet.reset();
        stopConsole();
        m_clock.reset();
    }

    void firstRunShowsWhatToConfigure()
    {
        startConsole();
        QCOMPARE(m_window->currentPage(), MainWindow::ConnectTerminalsPage);
        auto *steps = child<QLabel>("connectSteps");
        QVERIFY(steps);
        QVERIFY(steps->text().contains(QString::number(m_host->wsPort())));
        auto *ports = child<QLabel>("statusPorts");
        QVERIFY(ports->text().contains(QString::number(m_host->wsPort())));
        QCOMPARE(child<QLabel>("statusOnline")->text(), QStringLiteral("0 of 0 terminals online"));
        QVERIFY(child<QPushButton>("startSimulator")->isEnabled());
    }

    /// A webhook endpoint whose retries ran out shows the red banner (docs/console.md); resumed, it goes.
    void deadWebhookShowsABanner()
    {
        startConsole();
        auto *banner = child<QLabel>("webhookBanner");
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());
        const QString writer = QStringLiteral("tst-mainwindow-webhooks");
        QString error;
        QVERIFY2(storage::Database::open(m_config.databaseFile(), writer, {}, &error), qPrintable(error));
        QByteArray secret;
        const qint64 id =
            webhook::WebhookStore::add(storage::Database::get(writer), QStringLiteral("http://127.0.0.1:9/hook"),
                                       {QStringLiteral("punch.created")}, 1, &secret, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QVERIFY(
            webhook::WebhookStore::setState(storage::Database::get(writer), id, webhook::EndpointState::Dead, &error));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 15'000);
        QVERIFY2(banner->text().contains(QLatin1String("termdesk webhook resume")), qPrintable(banner->text()));
        QVERIFY(!banner->text().contains(QLatin1String("whsec_")));
        QVERIFY(webhook::WebhookStore::setState(storage::Database::get(writer), id, webhook::EndpointState::Paused,
                                                &error));
        storage::Database::close(writer);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 15'000);
    }

    void shortcutsSwitchViews()
    {
        startConsole();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const std::pair<Qt::Key, MainWindow::Page> keys[] = {
            {Qt::Key_1, MainWindow::DashboardPage}, {Qt::Key_2, MainWindow::TerminalsPage},
            {Qt::Key_3, MainWindow::PunchesPage},   {Qt::Key_4, MainWindow::UsersPage},
            {Qt::Key_5, MainWindow::EventsPage},    {Qt::Key_6, MainWindow::ConnectTerminalsPage},
            {Qt::Key_7, MainWindow::CommandsPage},  {Qt::Key_8, MainWindow::TracePage},
            {Qt::Key_9, MainWindow::WebhooksPage}};
        for (const auto &[key, page] : keys) {
            QTest::keyClick(m_window.get(), key, Qt::ControlModifier);
            QTRY_COMPARE(m_window->currentPage(), page);
            QCOMPARE(child<QListWidget>("navigation")->currentRow(), int(page));
        }
        child<QListWidget>("navigation")->setCurrentRow(MainWindow::UsersPage);
        QCOMPARE(m_window->currentPage(), MainWindow::UsersPage);
        QVERIFY(child<QAction>("actionViewUsers")->isChecked());
        QCOMPARE(child<QAction>("actionExport")->shortcut(), QKeySequence(QStringLiteral("Ctrl+E")));
        QCOMPARE(child<QAction>("actionSettings")->shortcut(), QKeySequence(QStringLiteral("Ctrl+,")));
        QCOMPARE(child<QAction>("actionQuit")->shortcut(), QKeySequence(QStringLiteral("Ctrl+Q")));
    }

    void everyControlHasAnAccessibleName()
    {
        startConsole();
        for (int page = 0; page < MainWindow::PageCount; ++page) {
            m_window->showPage(static_cast<MainWindow::Page>(page));
            const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
            for (QWidget *w : widgets) {
                const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                                     qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w) ||
                                     qobject_cast<QAbstractSpinBox *>(w);
                if (!control || !w->isVisibleTo(m_window.get()) || w->objectName().startsWith(QLatin1String("qt_")) ||
                    qobject_cast<QHeaderView *>(w))
                    continue;
                if (qobject_cast<QLineEdit *>(w) && qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
                    continue; // the spin box's own editor
                const auto *button = qobject_cast<QAbstractButton *>(w);
                const QString name = w->accessibleName().isEmpty() && button ? button->text() : w->accessibleName();
                QVERIFY2(!name.isEmpty(),
                         qPrintable(QStringLiteral("%1 (%2) on page %3 has no accessible name")
                                        .arg(w->objectName(), QLatin1String(w->metaObject()->className()))
                                        .arg(page)));
            }
        }
    }

    void terminalsAppearOnlineWithCapacities()
    {
        startConsole();
        startFleet(3, 0);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->rowCount(), 3, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 3, 15000);
        QTRY_COMPARE(child<QLabel>("statusOnline")->text(), QStringLiteral("3 of 3 terminals online"));
        // Capacities come with the registration: read at the next refresh.
        const QModelIndex users = terminals()->index(0, TerminalTableModel::UsersColumn);
        QTRY_VERIFY_WITH_TIMEOUT(users.data(TerminalTableModel::CapacityTotalRole).toLongLong() > 0, 10000);
        QCOMPARE(users.data(TerminalTableModel::CapacityUsedRole).toLongLong(), 50);
        QCOMPARE(terminals()->index(0, TerminalTableModel::ModelColumn).data().toString(), QStringLiteral("AiFace"));
        QVERIFY(!terminals()->index(0, TerminalTableModel::AddressColumn).data().toString().isEmpty());
        QCOMPARE(terminals()->index(0, TerminalTableModel::StatusColumn).data().toString(), QStringLiteral("Online"));

        // The detail pane shows the selected terminal, devinfo included.
        m_window->showPage(MainWindow::TerminalsPage);
        selectTerminal(QStringLiteral("GUI000002"));
        QTRY_COMPARE(child<QLabel>("detailSerial")->text(), QStringLiteral("GUI000002"));
        QTRY_VERIFY(child<QPlainTextEdit>("detailDevinfo")->toPlainText().contains(QLatin1String("\"usersize\"")));

        // Offline when they go.
        m_fleet->stop();
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 0, 15000);
        QCOMPARE(terminals()->index(0, TerminalTableModel::StatusColumn).data().toString(), QStringLiteral("Offline"));
        QTRY_VERIFY(m_window->eventsView()->model()->rowCount() >= 6); // 3 online + 3 offline
    }

    void twoHundredTerminalsOfBothProtocols()
    {
        startConsole(AdmissionPolicy::Open, 0);
        m_window->showPage(MainWindow::PunchesPage);
        // Commit time of every burst (engine thread) against the punches the model has shown (GUI
        // thread): how long a stored punch takes to appear. Reported, not asserted on.
        QMutex mutex;
        QList<std::pair<qint64, qint64>> stored; // (cumulative count, monotonic ms at commit)
        qint64 storedTotal = 0;
        connect(
            m_host->engine(), &Engine::punchesStored, m_host->engine(),
            [&](int n) {
                const QMutexLocker lock(&mutex);
                storedTotal += n;
                stored.append({storedTotal, monotonicMs()});
            },
            Qt::DirectConnection);
        qint64 shown = 0;
        qint64 worstMs = 0;
        connect(punches(), &PunchTableModel::liveInserted, this, [&](int n) {
            shown += n;
            const QMutexLocker lock(&mutex);
            for (const auto &[cumulative, at] : std::as_const(stored)) {
                if (cumulative >= shown) {
                    worstMs = std::max(worstMs, monotonicMs() - at);
                    break;
                }
            }
        });

        sim::FleetOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(m_host->wsPort()));
        o.tcpPort = m_host->tcpPort();
        o.terminals = 100;
        o.tcpTerminals = 100;
        o.ratePerSecond = 1600;
        o.punchesPerTerminal = 10;
        o.durationMs = 0;
        o.doorEvents = 0;
        o.regRetryMs = 300;
        o.awakeMs = 1000;
        o.sleepMs = 1000;
        o.snPrefix = QStringLiteral("MIX");
        m_fleet = std::make_unique<sim::SimFleet>(o);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        m_fleet->start();
        QVERIFY(finished.wait(120000));

        QTRY_COMPARE_WITH_TIMEOUT(terminals()->rowCount(), 200, 15000);
        // Every terminal shows its capacities as reported (50 users each), WebSocket ones online,
        // TCP ones online or sleeping between their wakes.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < terminals()->rowCount(); ++row) {
                    const QModelIndex users = terminals()->index(row, TerminalTableModel::UsersColumn);
                    if (users.data(TerminalTableModel::CapacityUsedRole).toLongLong() != 50 ||
                        users.data(TerminalTableModel::CapacityTotalRole).toLongLong() < 1000)
                        return false;
                }
                return true;
            }(),
            15000);
        int tcp = 0;
        for (int row = 0; row < terminals()->rowCount(); ++row) {
            const query::TerminalRecord *r = terminals()->record(row);
            const TerminalStatus st = terminals()->status(row);
            if (r->protocol == QLatin1String("tcp")) {
                ++tcp;
                QVERIFY2(st == TerminalStatus::Online || st == TerminalStatus::Sleeping, qPrintable(r->sn));
            } else {
                QCOMPARE(st, TerminalStatus::Online);
            }
        }
        QCOMPARE(tcp, 100);
        const qint64 inDb = count(QStringLiteral("SELECT COUNT(*) FROM punches"));
        QCOMPARE(inDb, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(qint64(punches()->rowCount()), inDb, 10000);
        qInfo("200 terminals: slowest stored-to-shown %lld ms", worstMs);
    }

    void punchesAppearLiveNewestFirst()
    {
        startConsole();
        m_window->showPage(MainWindow::PunchesPage);
        QSignalSpy live(punches(), &PunchTableModel::liveInserted);
        startFleet(2, 150, 300);
        QTRY_VERIFY_WITH_TIMEOUT(!child<QLabel>("statusRate")->text().startsWith(QLatin1String("0.0")), 15000);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(30000));
        const qint64 stored = count(QStringLiteral("SELECT COUNT(*) FROM punches"));
        QVERIFY(stored > 250);
        QTRY_COMPARE_WITH_TIMEOUT(qint64(punches()->rowCount()), stored, 10000);
        QVERIFY(live.count() >= 2);
        QVERIFY(live.count() < stored / 2); // batches, not one insert per punch
        for (int row = 1; row < punches()->rowCount(); ++row)
            QVERIFY(punches()->idAt(row - 1) > punches()->idAt(row));
        QVERIFY(
            punches()->index(0, PunchTableModel::TerminalColumn).data().toString().startsWith(QLatin1String("GUI")));
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("statusRate")->text().startsWith(QLatin1String("0.0")), 5000);
    }

    void followsNewestUnlessScrolledAway()
    {
        startConsole();
        m_window->showPage(MainWindow::PunchesPage);
        startFleet(1, 120);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(30000));
        const qint64 stored = count(QStringLiteral("SELECT COUNT(*) FROM punches"));
        QTRY_COMPARE(qint64(punches()->rowCount()), stored);
        PunchesView *view = m_window->punchesView();
        QScrollBar *bar = view->table()->verticalScrollBar();
        QVERIFY(view->isFollowing());

        // Scrolled away: new punches go in above, the rows being read stay where they are.
        bar->setValue(20);
        const qint64 reading = punches()->idAt(view->table()->rowAt(0));
        // 20 more punches from another terminal (a new simulated device of the same serial could repeat
        // the first one's punches within the same second: the server would keep them once).
        startFleet(1, 20, 500, QStringLiteral("TWO"));
        QTRY_COMPARE_WITH_TIMEOUT(qint64(punches()->rowCount()), stored + 20, 15000);
        QCOMPARE(punches()->idAt(view->table()->rowAt(0)), reading);
        QVERIFY(view->unseenCount() > 0);
        QVERIFY(child<QPushButton>("punchJumpNewest")->isVisible());
        QTest::mouseClick(child<QPushButton>("punchJumpNewest"), Qt::LeftButton);
        QCOMPARE(bar->value(), 0);
        QVERIFY(!child<QPushButton>("punchJumpNewest")->isVisible());
    }

    void historyIsPagedIn()
    {
        startConsole();
        startFleet(1, 2500, 20000);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(60000));
        const qint64 stored = count(QStringLiteral("SELECT COUNT(*) FROM punches"));
        QVERIFY(stored > 2000);
        // A new window reads the history: one page, then more as the view scrolls down.
        m_window.reset();
        openWindow();
        QCOMPARE(punches()->rowCount(), 1000);
        QVERIFY(punches()->canFetchMore({}));
        m_window->showPage(MainWindow::PunchesPage);
        QTableView *table = m_window->punchesView()->table();
        for (int i = 0; i < 10 && punches()->canFetchMore({}); ++i) {
            table->scrollToBottom();
            QTRY_VERIFY(punches()->rowCount() > 1000 * (i + 1) || !punches()->canFetchMore({}));
        }
        QTRY_COMPARE(qint64(punches()->rowCount()), stored);
        QVERIFY(!punches()->canFetchMore({}));
    }

    void filtersRequery()
    {
        startConsole();
        startFleet(2, 60);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(30000));
        const qint64 all = count(QStringLiteral("SELECT COUNT(*) FROM punches"));
        QTRY_COMPARE(qint64(punches()->rowCount()), all);
        m_window->showPage(MainWindow::PunchesPage);

        auto *terminal = child<QComboBox>("punchTerminal");
        QTRY_COMPARE(terminal->count(), 3);
        terminal->setCurrentIndex(terminal->findData(QStringLiteral("GUI000002")));
        const qint64 second = count(QStringLiteral("SELECT COUNT(*) FROM punches p JOIN terminals t ON t.id = "
                                                   "p.terminal_id WHERE t.sn = 'GUI000002'"));
        QCOMPARE(qint64(punches()->rowCount()), second);
        for (int row = 0; row < punches()->rowCount(); ++row)
            QCOMPARE(punches()->index(row, PunchTableModel::TerminalColumn).data(PunchTableModel::RawRole).toString(),
                     QStringLiteral("GUI000002"));

        auto *user = child<QLineEdit>("punchUser");
        QTest::keyClicks(user, QStringLiteral("7"));
        QTRY_COMPARE(punches()->filter().user, QStringLiteral("7"));
        for (int row = 0; row < punches()->rowCount(); ++row)
            QCOMPARE(punches()->index(row, PunchTableModel::EnrollIdColumn).data().toLongLong(), 7);

        auto *period = child<QComboBox>("punchPeriod");
        period->setCurrentIndex(period->findData(int(PunchesView::Yesterday)));
        QCOMPARE(punches()->rowCount(), 0);
        period->setCurrentIndex(period->findData(int(PunchesView::AllTime)));
        user->clear();
        terminal->setCurrentIndex(0);
        QTRY_COMPARE(qint64(punches()->rowCount()), all);
    }

    void exportWritesTheFilteredRows()
    {
        startConsole();
        startFleet(2, 40);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(30000));
        QTRY_COMPARE(qint64(punches()->rowCount()), count(QStringLiteral("SELECT COUNT(*) FROM punches")));
        PunchesView *view = m_window->punchesView();
        const QString file = m_dir->filePath(QStringLiteral("export.csv"));
        view->setExportPathProvider([file](QWidget *, const QString &suggested) {
            return suggested.endsWith(QLatin1String(".csv")) ? file : QString();
        });
        m_window->showPage(MainWindow::PunchesPage);
        auto *terminal = child<QComboBox>("punchTerminal");
        QTRY_COMPARE(terminal->count(), 3);
        terminal->setCurrentIndex(terminal->findData(QStringLiteral("GUI000001")));
        const int shown = punches()->rowCount();
        QVERIFY(shown > 0);

        QSignalSpy exported(view, &PunchesView::exportFinished);
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(exported.wait(20000));
        QCOMPARE(exported.at(0).at(1).toLongLong(), qint64(shown));
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray data = csv.readAll();
        QVERIFY(data.startsWith(service::CsvExporter::headerLine()));
        QCOMPARE(data.count("\r\n"), shown + 1);
        QCOMPARE(data.count("GUI000002"), 0);
        QTRY_VERIFY(m_window->eventsView()
                        ->model()
                        ->index(0, EventLogModel::EventColumn)
                        .data()
                        .toString()
                        .contains(QLatin1String("export.csv")));
    }

    void approveAndBlockChangeTheDatabase()
    {
        startConsole(AdmissionPolicy::Approval);
        startFleet(1, 0);
        const QString sn = QStringLiteral("GUI000001");
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->rowCount(), 1, 15000);
        QCOMPARE(terminals()->status(0), TerminalStatus::Pending);
        QCOMPARE(admissionOf(sn), QStringLiteral("pending"));
        QTRY_VERIFY(child<QListWidget>("navigation")
                        ->item(MainWindow::TerminalsPage)
                        ->text()
                        .contains(QLatin1String("waiting")));

        m_window->showPage(MainWindow::TerminalsPage);
        selectTerminal(sn);
        auto *approve = child<QAction>("actionApprove");
        QVERIFY(approve->isEnabled());
        approve->trigger();
        QTRY_COMPARE(admissionOf(sn), QStringLiteral("approved")); // written on the operator-writes thread
        // The terminal repeats its registration and is admitted.
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->status(0), TerminalStatus::Online, 15000);
        QVERIFY(!approve->isEnabled());

        auto *block = child<QAction>("actionBlock");
        QVERIFY(block->isEnabled());
        block->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>("confirmBlock")) != nullptr);
        QCOMPARE(admissionOf(sn), QStringLiteral("approved")); // nothing until confirmed
        auto *yes = box->findChild<QPushButton *>(QStringLiteral("confirmBlockYes"));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_COMPARE(admissionOf(sn), QStringLiteral("blocked"));
        QTRY_COMPARE(terminals()->status(0), TerminalStatus::Blocked);
        // Disconnected at once, and refused from now on.
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->isOnline(sn), false, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_fleet->totals().refused > 0, 10000);
        QVERIFY(!m_fleet->terminals().at(0)->isRegistered());

        // Cancelling the confirmation changes nothing. (The actions follow the view's row, which is
        // re-read after each write: wait until an operator could click them.)
        QTRY_VERIFY(approve->isEnabled());
        approve->trigger();
        QTRY_COMPARE(admissionOf(sn), QStringLiteral("approved"));
        QTRY_VERIFY(block->isEnabled());
        block->trigger();
        QTRY_VERIFY((box = child<QMessageBox>("confirmBlock")) != nullptr);
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!child<QMessageBox>("confirmBlock"));
        QCOMPARE(admissionOf(sn), QStringLiteral("approved"));
    }

    QString commandState(const QString &kind)
    {
        QSqlQuery q(storage::Database::get(m_check));
        q.prepare(QStringLiteral("SELECT state FROM commands WHERE kind = ? ORDER BY id DESC LIMIT 1"));
        q.addBindValue(kind);
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    }

    void terminalCommandsFromTheTerminalsView()
    {
        startConsole();
        startFleet(1, 0);
        const QString sn = QStringLiteral("GUI000001");
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 1, 15000);
        m_window->showPage(MainWindow::TerminalsPage);
        selectTerminal(sn);
        TerminalCommands *commands = m_window->terminalsView()->commands();
        QTRY_VERIFY(commands->action("settime")->isEnabled());
        QVERIFY(!commands->action("clear-punches")->isEnabled()); // TCP terminals only
        QVERIFY(commands->action("initsys")->isEnabled());

        // Everyday commands go straight to the queue and the simulated firmware answers them.
        commands->action("settime")->trigger();
        commands->action("opendoor")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(commandState(QStringLiteral("ws.settime")), QStringLiteral("done"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(commandState(QStringLiteral("ws.opendoor")), QStringLiteral("done"), 15000);
        QTRY_COMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'queue command' AND target = "
                                          "'GUI000001' AND actor LIKE '%console%'")),
                     2);

        // Reboot asks first; Cancel queues nothing.
        commands->action("reboot")->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>("confirmReboot")) != nullptr);
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!child<QMessageBox>("confirmReboot"));
        QCOMPARE(commandState(QStringLiteral("ws.reboot")), QString());

        // A date range becomes a getalllog from/to.
        commands->action("pull-logs-range")->trigger();
        QDialog *range = nullptr;
        QTRY_VERIFY((range = child<QDialog>("pullRangeDialog")) != nullptr);
        range->findChild<QDateEdit *>(QStringLiteral("pullFrom"))->setDate(QDate(2026, 11, 2));
        range->findChild<QDateEdit *>(QStringLiteral("pullTo"))->setDate(QDate(2026, 11, 1));
        auto *rangeOk = range->findChild<QPushButton *>(QStringLiteral("pullRangeOk"));
        QVERIFY(!rangeOk->isEnabled()); // from after to
        range->findChild<QDateEdit *>(QStringLiteral("pullTo"))->setDate(QDate(2026, 11, 3));
        QTest::mouseClick(rangeOk, Qt::LeftButton);
        QTRY_VERIFY(!child<QDialog>("pullRangeDialog"));
        QTRY_COMPARE(count(QStringLiteral("SELECT COUNT(*) FROM commands WHERE kind = 'ws.getalllog' AND payload LIKE "
                                          "'%\"from\":\"2026-11-02\"%' AND payload LIKE '%\"to\":\"2026-11-03\"%'")),
                     1);

        // Initialize needs the serial typed.
        commands->action("initsys")->trigger();
        QDialog *danger = nullptr;
        QTRY_VERIFY((danger = child<QDialog>("confirmDanger")) != nullptr);
        auto *typed = danger->findChild<QLineEdit *>(QStringLiteral("confirmDangerText"));
        auto *ok = danger->findChild<QPushButton *>(QStringLiteral("confirmDangerOk"));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("GUI00000"));
        QVERIFY(!ok->isEnabled());
        QCOMPARE(commandState(QStringLiteral("ws.initsys")), QString());
        QTest::keyClicks(typed, QStringLiteral("1"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!child<QDialog>("confirmDanger"));
        QTRY_VERIFY(!commandState(QStringLiteral("ws.initsys")).isEmpty());
    }

    void aCommandQueuedHereGoesOutWithoutThePoll()
    {
        // The engine looks for commands queued by other processes once an hour here: a command the
        // console queues reaches the connected terminal only because the console hands it over.
        startConsole(AdmissionPolicy::Open, -1, 3'600'000);
        startFleet(1, 0);
        const QString sn = QStringLiteral("GUI000001");
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 1, 15000);
        // What a registration queues by itself (pull new logs, clock sync) is served first; then the
        // session is idle and claims nothing more on its own.
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM commands WHERE state IN ('queued', "
                                                       "'sent')")),
                                  0, 15000);
        m_window->showPage(MainWindow::TerminalsPage);
        selectTerminal(sn);
        TerminalCommands *commands = m_window->terminalsView()->commands();
        QTRY_VERIFY(commands->action("opendoor")->isEnabled());
        commands->action("opendoor")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(commandState(QStringLiteral("ws.opendoor")), QStringLiteral("done"), 10000);
    }

    void todayMovesOnAtMidnight()
    {
        // One clock for the engine and the console: moving it moves "Today".
        m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 20), QTime(23, 59, 59)).toMSecsSinceEpoch());
        ManualClock &clock = *m_clock;
        startConsole(AdmissionPolicy::Open, -1, EngineConfig{}.commandPollMs, m_clock.get());
        m_window->showPage(MainWindow::PunchesPage);
        PunchesView *view = m_window->punchesView();
        auto *period = child<QComboBox>("punchPeriod");
        period->setCurrentIndex(period->findData(int(PunchesView::Today)));
        QCOMPARE(view->currentFilter().from, QDate(2026, 11, 20));
        QCOMPARE(punches()->filter().to, QDate(2026, 11, 20));
        QVERIFY(view->isDayTimerActive());
        clock.advance(500); // 23:59:59.5: not yet
        QCOMPARE(punches()->filter().from, QDate(2026, 11, 20));
        clock.advance(1600); // 00:00:01.1: the day timer (on the same clock) fires
        QCOMPARE(view->now().date(), QDate(2026, 11, 21));
        QCOMPARE(punches()->filter().from, QDate(2026, 11, 21));
        QCOMPARE(punches()->filter().to, QDate(2026, 11, 21));
        QVERIFY(view->isDayTimerActive()); // armed for the next midnight
        period->setCurrentIndex(period->findData(int(PunchesView::AllTime)));
        QVERIFY(!view->isDayTimerActive());
    }

    void renameInPlace()
    {
        startConsole();
        startFleet(1, 0);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->rowCount(), 1, 15000);
        m_window->showPage(MainWindow::TerminalsPage);
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        selectTerminal(QStringLiteral("GUI000001"));
        child<QAction>("actionRename")->trigger();
        QLineEdit *editor = nullptr;
        QTRY_VERIFY((editor = qobject_cast<QLineEdit *>(QApplication::focusWidget())) != nullptr);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Front door"));
        QTest::keyClick(editor, Qt::Key_Return);
        QSqlQuery q(storage::Database::get(m_check));
        QTRY_VERIFY(q.exec(QStringLiteral("SELECT name FROM terminals")) && q.next() &&
                    q.value(0).toString() == QLatin1String("Front door"));
        QTRY_COMPARE(terminals()->index(0, TerminalTableModel::NameColumn).data().toString(),
                     QStringLiteral("Front door"));
        // Clearing the name is allowed too.
        QVERIFY(terminals()->setData(terminals()->index(0, TerminalTableModel::NameColumn), QString()));
        QTRY_VERIFY(q.exec(QStringLiteral("SELECT name FROM terminals")) && q.next() &&
                    q.value(0).toString().isEmpty());
    }

    void pushToSeveralTerminals()
    {
        startConsole();
        startFleet(3, 0);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 3, 15000);
        {
            const QString rw = QStringLiteral("tst-mainwindow-push");
            QString error;
            QVERIFY(storage::Database::open(m_config.databaseFile(), rw, {}, &error));
            {
                QSqlQuery q(storage::Database::get(rw));
                QVERIFY(q.exec(QStringLiteral("INSERT INTO users (enroll_id, name, admin, updated_ms) VALUES "
                                              "(5, 'Eve', 0, 1), (6, 'Finn', 1, 2)")));
                QVERIFY(q.exec(QStringLiteral("INSERT INTO credentials (enroll_id, backup_num, data, updated_ms) "
                                              "VALUES (5, 10, '1234', 1), (6, 11, '99887766', 1)")));
            }
            storage::Database::close(rw);
        }
        m_window->showPage(MainWindow::UsersPage);
        UsersView *view = m_window->usersView();
        QTRY_COMPARE(view->model()->rowCount(), 2);
        child<QTableView>("usersTable")->selectAll();
        view->pushSelectedToSeveral();
        PushTargetsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<PushTargetsDialog>("pushTargetsDialog")) != nullptr);
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("pushTargetsOk"));
        QVERIFY(!ok->isEnabled()); // nothing ticked yet
        dialog->setChecked(QStringLiteral("GUI000001"), true);
        dialog->setChecked(QStringLiteral("GUI000003"), true);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!child<PushTargetsDialog>("pushTargetsDialog"));
        // Both users' password and card to the two ticked terminals, none to the third; the
        // simulated firmware takes them.
        const QString done = QStringLiteral("SELECT COUNT(*) FROM commands WHERE terminal_sn = '%1' AND kind = "
                                            "'ws.setuserinfo' AND state = 'done'");
        QTRY_COMPARE_WITH_TIMEOUT(count(done.arg(QStringLiteral("GUI000001"))), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(count(done.arg(QStringLiteral("GUI000003"))), 2, 15000);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM commands WHERE terminal_sn = 'GUI000002'")), 0);
    }

    void usersViewShowsTheRosterNotTheData()
    {
        startConsole();
        const QString secret = QStringLiteral("SECRET-TEMPLATE");
        {
            const QString rw = QStringLiteral("tst-mainwindow-rw");
            QString error;
            QVERIFY(storage::Database::open(m_config.databaseFile(), rw, {}, &error));
            QSqlDatabase db = storage::Database::get(rw);
            QVERIFY(storage::TerminalStore::setAdmission(db, QStringLiteral("T9"), Admission::Approved, &error));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO users (enroll_id, name, admin, updated_ms) VALUES "
                                          "(5, 'Eve', 0, 1), (6, 'Finn', 1, 2)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO credentials (enroll_id, backup_num, data, updated_ms) VALUES "
                                          "(5, 0, '%1', 1), (5, 11, '%1', 1), (6, 20, '%1', 1)")
                               .arg(secret)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) "
                                          "SELECT id, 5, 0, 1 FROM terminals")));
            q = QSqlQuery();
            db = QSqlDatabase();
            storage::Database::close(rw);
        }
        m_window->showPage(MainWindow::UsersPage);
        UserTableModel *users = m_window->usersView()->model();
        QTRY_COMPARE(users->rowCount(), 2);
        QCOMPARE(users->index(0, UserTableModel::NameColumn).data().toString(), QStringLiteral("Eve"));
        QCOMPARE(users->index(0, UserTableModel::FingerprintsColumn).data().toInt(), 1);
        QCOMPARE(users->index(0, UserTableModel::CardColumn).data(UserTableModel::RawRole).toBool(), true);
        QCOMPARE(users->index(0, UserTableModel::TerminalsColumn).data().toString(), QStringLiteral("T9"));
        QCOMPARE(users->index(1, UserTableModel::FaceColumn).data(UserTableModel::RawRole).toBool(), true);
        for (int row = 0; row < users->rowCount(); ++row) {
            for (int column = 0; column < users->columnCount(); ++column)
                QVERIFY(!users->index(row, column).data().toString().contains(secret));
        }
        // Punches show the roster name.
        QTRY_COMPARE(child<QLabel>("userCount")->text(), QStringLiteral("2 users"));
    }

    void dashboardCountsToday()
    {
        startConsole();
        startFleet(2, 50);
        QSignalSpy finished(m_fleet.get(), &sim::SimFleet::finished);
        QVERIFY(finished.wait(30000));
        m_window->showPage(MainWindow::DashboardPage);
        DashboardView *dashboard = m_window->dashboardView();
        // termdesk-sim stamps its punches from "now minus one day" on: count with SQL what falls in today
        // and in this week.
        const QDate today = QDate::currentDate();
        const QDate weekStart = today.addDays(-((today.dayOfWeek() - int(QLocale().firstDayOfWeek()) + 7) % 7));
        const QString between = QStringLiteral("SELECT COUNT(*) FROM punches WHERE local_time >= '%1 00:00:00' AND "
                                               "local_time <= '%2 23:59:59'");
        const qint64 todays = count(between.arg(today.toString(Qt::ISODate), today.toString(Qt::ISODate)));
        const qint64 weeks =
            count(between.arg(weekStart.toString(Qt::ISODate), weekStart.addDays(6).toString(Qt::ISODate)));
        QSignalSpy updated(dashboard, &DashboardView::punchCountsUpdated);
        dashboard->refresh();
        QVERIFY(updated.wait(10000));
        const QList<qint64> hours = dashboard->hourlyCounts();
        QCOMPARE(std::accumulate(hours.cbegin(), hours.cend(), qint64(0)), todays);
        const QList<qint64> days = dashboard->dailyCounts();
        QCOMPARE(std::accumulate(days.cbegin(), days.cend(), qint64(0)), weeks);
        QTRY_COMPARE(child<QLabel>("cardOnline")->text(), QStringLiteral("2 / 2"));
        // The simulated terminals report 50 of 1 000 users: no warning.
        QCOMPARE(dashboard->warningCount(), 0);
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }

    void settingsDialogWritesAndAppliesTheSettings()
    {
        startConsole();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const quint16 oldPort = m_host->wsPort();
        const quint16 newPort = freePort();
        QVERIFY(newPort != 0 && newPort != oldPort);
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("settingsRestartNote"))
                    ->text()
                    .contains(QLatin1String("connected terminals stay connected")));
        // It fits on the screen: the sections scroll, OK and Cancel stay in view.
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(dialog->height() <= dialog->screen()->availableGeometry().height());
        QVERIFY(dialog->rect().contains(buttons->geometry()));
        dialog->findChild<QSpinBox *>(QStringLiteral("settingWsPort"))->setValue(newPort);
        auto *policy = dialog->findChild<QComboBox *>(QStringLiteral("settingAdmission"));
        policy->setCurrentIndex(policy->findData(QStringLiteral("approval")));
        dialog->findChild<QLineEdit *>(QStringLiteral("settingRefusal"))->setText(QStringLiteral("Ask reception"));
        dialog->findChild<QSpinBox *>(QStringLiteral("settingSleepingWindow"))->setValue(5);
        dialog->findChild<QSpinBox *>(QStringLiteral("settingPhotoRetention"))->setValue(30);
        auto *listen = dialog->findChild<QLineEdit *>(QStringLiteral("settingListen"));
        listen->setText(QStringLiteral("not an address"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QMessageBox *error = nullptr;
        QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr);
        error->accept();
        const Settings settings(m_config.dataDir);
        QCOMPARE(settings.value(settingkeys::wsPort).toInt(), 7788); // nothing written yet
        listen->setText(QStringLiteral("127.0.0.1"));
        // A listener's allowed networks: a wrong entry is named and nothing is saved; a list is kept as read.
        auto *networks = dialog->findChild<QLineEdit *>(QStringLiteral("settingWsAllowedNetworks"));
        networks->setText(QStringLiteral("127.0.0.0/8, 10.0.0.0/33"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr &&
                    error->text().contains(QLatin1String("10.0.0.0/33")));
        error->accept();
        QCOMPARE(settings.value(settingkeys::wsPort).toInt(), 7788);
        networks->setText(QStringLiteral("127.0.0.0/8 10.1.2.7"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!child<SettingsDialog>("settingsDialog"));
        QCOMPARE(settings.value(settingkeys::wsPort).toInt(), int(newPort));
        QCOMPARE(settings.value(settingkeys::admissionPolicy).toString(), QStringLiteral("approval"));
        QCOMPARE(settings.value(settingkeys::refusalReason).toString(), QStringLiteral("Ask reception"));
        QCOMPARE(settings.value(settingkeys::listen).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(settings.value(settingkeys::tcpSleepWindowSec).toInt(), 300);
        QCOMPARE(settings.value(settingkeys::photoRetentionDays).toInt(), 30);
        QCOMPARE(settings.engineConfig().wsPort, int(newPort));
        QCOMPARE(settings.value(settingkeys::wsAllowedNetworks).toString(), QStringLiteral("127.0.0.0/8, 10.1.2.7/32"));

        // Applied without a restart: the WebSocket server moved, the status bar says so, and a new
        // terminal is held for approval with the new message.
        QTRY_VERIFY(child<QLabel>("statusPorts")->text().contains(QString::number(newPort)));
        QCOMPARE(m_window->engine()->wsPort(), newPort);
        QCOMPARE(m_window->engine()->config().admission, AdmissionPolicy::Approval);
        QCOMPARE(m_window->engine()->config().wsAllowedNetworks, QStringLiteral("127.0.0.0/8, 10.1.2.7/32"));
        QCOMPARE(m_window->engine()->config().photoRetentionDays, 30); // the server purges by it from now on
        WsClient terminal;
        QVERIFY(terminal.open(newPort));
        const QJsonObject reply =
            terminal.call(QByteArrayLiteral(R"({"cmd":"reg","sn":"LIVE-1","devinfo":{"modelname":"tfs30"}})"));
        QCOMPARE(reply.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(reply.value(QLatin1String("reason")).toString(), QStringLiteral("Ask reception"));
        WsClient old;
        QVERIFY(!old.open(oldPort));
    }

    void settingsDialogSetsTheBackupSchedule()
    {
        startConsole();
        QTemporaryDir folder;
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        auto *schedule = dialog->findChild<QComboBox *>(QStringLiteral("settingBackupSchedule"));
        auto *hours = dialog->findChild<QSpinBox *>(QStringLiteral("settingBackupHours"));
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("off")));
        QVERIFY(!hours->isEnabled());
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("hours")));
        QVERIFY(hours->isEnabled());
        hours->setValue(6);
        dialog->findChild<QSpinBox *>(QStringLiteral("settingBackupKeep"))->setValue(3);
        auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("settingBackupFolder"));
        path->setText(QStringLiteral("relative/backups"));
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QMessageBox *error = nullptr;
        QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr);
        QVERIFY(error->text().contains(QLatin1String("backup folder must be a full path")));
        error->accept();
        path->setText(QDir::toNativeSeparators(folder.path()));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!child<SettingsDialog>("settingsDialog"));
        const Settings settings(m_config.dataDir);
        QCOMPARE(settings.value(settingkeys::backupSchedule).toString(), QStringLiteral("hours"));
        QCOMPARE(settings.value(settingkeys::backupEveryHours).toInt(), 6);
        QCOMPARE(settings.value(settingkeys::backupKeep).toInt(), 3);
        QCOMPARE(settings.value(settingkeys::backupFolder).toString(), QDir::cleanPath(folder.path()));

        // Applied without a restart: no backup in the folder yet, so the engine makes one at once,
        // and the events list says where.
        QTRY_COMPARE(m_window->engine()->config().backup.schedule, BackupPlan::Schedule::EveryHours);
        QTRY_VERIFY_WITH_TIMEOUT(
            QDir(folder.path()).entryList({QStringLiteral("termdesk-*.sqlite")}, QDir::Files).size() == 1, 30000);
        QAbstractItemModel *events = m_window->eventsView()->model();
        QTRY_VERIFY([&] {
            for (int row = 0; row < events->rowCount(); ++row) {
                for (int column = 0; column < events->columnCount(); ++column) {
                    if (events->index(row, column).data().toString().contains(QLatin1String("Backup written to")))
                        return true;
                }
            }
            return false;
        }());
    }

    void settingsDialogSetsTheExportSchedule()
    {
        startConsole();
        QTemporaryDir folder;
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        auto *schedule = dialog->findChild<QComboBox *>(QStringLiteral("settingExportSchedule"));
        auto *minutes = dialog->findChild<QSpinBox *>(QStringLiteral("settingExportMinutes"));
        auto *at = dialog->findChild<QTimeEdit *>(QStringLiteral("settingExportAt"));
        QCOMPARE(schedule->currentData().toString(), QStringLiteral("off")); // off unless asked for
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("daily")));
        QVERIFY(at->isEnabled());
        QVERIFY(!minutes->isEnabled());
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("minutes")));
        QVERIFY(minutes->isEnabled());
        minutes->setValue(30);
        auto *format = dialog->findChild<QComboBox *>(QStringLiteral("settingExportFormat"));
        format->setCurrentIndex(format->findData(QStringLiteral("v1")));
        dialog->findChild<QCheckBox *>(QStringLiteral("settingExportBom"))->setChecked(true);
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("settingExportFileName"));
        name->setText(QStringLiteral("../punches.csv"));
        auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("settingExportFolder"));
        path->setText(QDir::toNativeSeparators(folder.path()));
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QMessageBox *error = nullptr;
        QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr);
        QVERIFY(error->text().contains(QLatin1String("must hold {date}")));
        error->accept();
        QCOMPARE(Settings(m_config.dataDir).value(settingkeys::exportSchedule).toString(), QStringLiteral("off"));
        name->setText(QStringLiteral("att-{date}-{time}.csv"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!child<SettingsDialog>("settingsDialog"));
        const Settings settings(m_config.dataDir);
        QCOMPARE(settings.value(settingkeys::exportSchedule).toString(), QStringLiteral("minutes"));
        QCOMPARE(settings.value(settingkeys::exportEveryMinutes).toInt(), 30);
        QCOMPARE(settings.value(settingkeys::exportFolder).toString(), QDir::cleanPath(folder.path()));
        QCOMPARE(settings.value(settingkeys::exportFileName).toString(), QStringLiteral("att-{date}-{time}.csv"));
        QCOMPARE(settings.value(settingkeys::exportFormat).toString(), QStringLiteral("v1"));
        QVERIFY(settings.value(settingkeys::exportBom).toBool());

        // Applied without a restart: never exported yet, so the engine exports at once; the events
        // list says where, and the status bar shows the last run and the next.
        QTRY_COMPARE(m_window->engine()->config().scheduledExport.schedule, ExportPlan::Schedule::EveryMinutes);
        QTRY_VERIFY_WITH_TIMEOUT(QDir(folder.path()).entryList({QStringLiteral("att-*.csv")}, QDir::Files).size() == 1,
                                 30000);
        const QString file =
            folder.filePath(QDir(folder.path()).entryList({QStringLiteral("att-*.csv")}, QDir::Files).constFirst());
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().startsWith("\xEF\xBB\xBFterminal_sn,")); // v1 with a BOM
        QAbstractItemModel *events = m_window->eventsView()->model();
        QTRY_VERIFY([&] {
            for (int row = 0; row < events->rowCount(); ++row) {
                for (int column = 0; column < events->columnCount(); ++column) {
                    if (events->index(row, column).data().toString().contains(QLatin1String("Scheduled export:")))
                        return true;
                }
            }
            return false;
        }());
        auto *status = m_window->findChild<QLabel *>(QStringLiteral("statusExport"));
        QVERIFY(status);
        QTRY_VERIFY(status->text().contains(QLatin1String("next")));
        QVERIFY(!status->isHidden());
        QVERIFY2(status->toolTip().contains(QDir::toNativeSeparators(file)), qPrintable(status->toolTip()));
    }

    void settingsDialogSetsTheSharedDatabase()
    {
        startConsole();
        QVERIFY(m_window->engine()->wsPort() > 0);
        Settings(m_config.dataDir)
            .setValue(settingkeys::database, QStringLiteral("postgresql://ann:s3cret@db.example.org/termdesk"));
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("settingDatabase"));
        QVERIFY(url);
        // The saved password is never shown.
        QCOMPARE(url->text(), QStringLiteral("postgresql://ann:********@db.example.org/termdesk"));
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        url->setText(QStringLiteral("postgresql://ann@db.example.org"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QMessageBox *error = nullptr;
        QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr);
        QVERIFY2(error->text().startsWith(QLatin1String("Shared database: bad database URL")),
                 qPrintable(error->text()));
        error->accept();
        QCOMPARE(Settings(m_config.dataDir).value(settingkeys::database).toString(),
                 QStringLiteral("postgresql://ann:s3cret@db.example.org/termdesk"));
        // The mask left as it was keeps the saved password; no servers here closes the listener at once.
        url->setText(QStringLiteral("postgresql://ann:********@db.example.org/other?sslmode=verify-full"));
        dialog->findChild<QCheckBox *>(QStringLiteral("settingNoServers"))->setChecked(true);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!child<SettingsDialog>("settingsDialog"));
        const Settings settings(m_config.dataDir);
        QCOMPARE(settings.value(settingkeys::database).toString(),
                 QStringLiteral("postgresql://ann:s3cret@db.example.org/other?sslmode=verify-full"));
        QCOMPARE(settings.value(settingkeys::servers).toBool(), false);
        QTRY_COMPARE(m_window->engine()->wsPort(), quint16(0));
        QCOMPARE(ui::DatabaseFields::masked(QStringLiteral("postgresql://ann@h/db")),
                 QStringLiteral("postgresql://ann@h/db"));
        QCOMPARE(ui::DatabaseFields::unmasked(QStringLiteral("postgresql://bob:new@h/db"),
                                              QStringLiteral("postgresql://ann:old@h/db")),
                 QStringLiteral("postgresql://bob:new@h/db"));
    }

    void settingsErrorKeepsTheOldListener()
    {
        startConsole();
        const quint16 oldPort = m_host->wsPort();
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::Any, 0));
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        dialog->findChild<QSpinBox *>(QStringLiteral("settingWsPort"))->setValue(squatter.serverPort());
        dialog->findChild<QLineEdit *>(QStringLiteral("settingListen"))->setText(QStringLiteral("127.0.0.1"));
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>("configErrorBox")) != nullptr);
        QVERIFY2(box->text().contains(QString::number(squatter.serverPort())), qPrintable(box->text()));
        box->accept();
        QCOMPARE(m_window->engine()->wsPort(), oldPort);
        WsClient terminal;
        QVERIFY(terminal.open(oldPort));
        QVERIFY(terminal.reg(QStringLiteral("STILL-1")));
    }

    void settingsDialogSetsWssAndTheRestApi()
    {
        // A certificate where the servers look for it by default (where `termdesk tls generate` puts it).
        net::SelfSignedRequest request;
        request.hosts = {QStringLiteral("127.0.0.1")};
        net::SelfSignedPair pair;
        QString why;
        if (!net::generateSelfSigned(request, &pair, &why))
            QSKIP(qPrintable(why));
        startConsole(); // its data directory is new
        for (const auto &[name, pem] :
             {std::pair{"termdesk-cert.pem", pair.certificatePem}, std::pair{"termdesk-key.pem", pair.keyPem}}) {
            QFile f(QDir(m_config.dataDir).filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(pem), pem.size());
        }
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<SettingsDialog>("settingsDialog")) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        // Still fits with the new section: it scrolls, OK and Cancel in view.
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QVERIFY(dialog->height() <= dialog->screen()->availableGeometry().height());
        QVERIFY(dialog->rect().contains(buttons->geometry()));
        const QString fingerprint = net::TlsIdentity::fingerprintOf(QSslCertificate(pair.certificatePem, QSsl::Pem));
        const QString shown = dialog->findChild<QLabel *>(QStringLiteral("settingTlsFingerprint"))->text();
        QVERIFY2(shown.contains(fingerprint), qPrintable(shown));
        auto *wss = dialog->findChild<QSpinBox *>(QStringLiteral("settingWssPort"));
        auto *apiPort = dialog->findChild<QSpinBox *>(QStringLiteral("settingApiPort"));
        auto *apiListen = dialog->findChild<QLineEdit *>(QStringLiteral("settingApiListen"));
        auto *apiTls = dialog->findChild<QCheckBox *>(QStringLiteral("settingApiTls"));
        QVERIFY(wss && apiPort && apiListen && apiTls);
        QCOMPARE(wss->text(), QStringLiteral("off"));
        QCOMPARE(apiPort->text(), QStringLiteral("off"));
        QVERIFY(!apiTls->isChecked());
        auto *ws = dialog->findChild<QSpinBox *>(QStringLiteral("settingWsPort"));
        ws->setValue(m_host->wsPort()); // the WebSocket server stays where it is

        const Settings settings(m_config.dataDir);
        const auto refused = [&](const QString &part) {
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QMessageBox *error = nullptr;
            QTRY_VERIFY((error = dialog->findChild<QMessageBox *>(QStringLiteral("settingsError"))) != nullptr);
            QVERIFY2(error->text().contains(part), qPrintable(error->text()));
            error->accept();
            delete error;
            QCOMPARE(settings.value(settingkeys::wssPort).toInt(), -1); // nothing written
        };
        wss->setValue(ws->value());
        refused(QStringLiteral("cannot share port"));
        const quint16 wssPort = freePort();
        const quint16 restPort = freePort();
        QVERIFY(wssPort && restPort && wssPort != restPort);
        wss->setValue(wssPort);
        apiPort->setValue(restPort);
        apiListen->setText(QStringLiteral("nowhere"));
        refused(QStringLiteral("nowhere"));
        apiListen->setText(QStringLiteral("127.0.0.1"));
        apiTls->setChecked(true);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!child<SettingsDialog>("settingsDialog"));

        // The keys of --wss-port, --api-port, --api-listen and --api-tls.
        QCOMPARE(settings.value(settingkeys::wssPort).toInt(), int(wssPort));
        QCOMPARE(settings.value(settingkeys::apiPort).toInt(), int(restPort));
        QCOMPARE(settings.value(settingkeys::apiListen).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(settings.value(settingkeys::apiTls).toBool(), true);
        const EngineConfig saved = settings.engineConfig();
        QVERIFY(saved.apiEnabled() && saved.apiTls);
        QCOMPARE(saved.apiPort, int(restPort));
        // wss is applied at once, with that certificate.
        QTRY_COMPARE(m_window->engine()->wssPort(), wssPort);
        QTRY_COMPARE(m_window->engine()->tlsFingerprint(), fingerprint);
    }

    void windowStateIsRemembered()
    {
        startConsole();
        startFleet(2, 0);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->rowCount(), 2, 15000);
        m_window->showPage(MainWindow::TerminalsPage);
        m_window->resize(1111, 777);
        QTableView *table = child<QTableView>("terminalsTable");
        table->setColumnWidth(TerminalTableModel::SerialColumn, 222);
        table->sortByColumn(TerminalTableModel::SerialColumn, Qt::DescendingOrder);
        auto *splitter = child<QSplitter>("terminalsSplitter");
        splitter->setSizes({700, 300});
        const QList<int> sizes = splitter->sizes();
        child<QTableView>("punchesTable")->setColumnWidth(PunchTableModel::UserNameColumn, 333);
        m_window->close();

        openWindow();
        QCOMPARE(m_window->size(), QSize(1111, 777));
        QCOMPARE(m_window->currentPage(), MainWindow::TerminalsPage);
        table = child<QTableView>("terminalsTable");
        QCOMPARE(table->columnWidth(TerminalTableModel::SerialColumn), 222);
        QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(TerminalTableModel::SerialColumn));
        QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QTRY_COMPARE(table->model()->rowCount(), 2);
        QCOMPARE(table->model()->index(0, TerminalTableModel::SerialColumn).data().toString(),
                 QStringLiteral("GUI000002"));
        QCOMPARE(child<QSplitter>("terminalsSplitter")->sizes(), sizes);
        QCOMPARE(child<QTableView>("punchesTable")->columnWidth(PunchTableModel::UserNameColumn), 333);
        QVERIFY(QSettings().allKeys().filter(QStringLiteral("ui/")).size() >= 5);
    }

    void languageSwitchRetranslatesTheWindow()
    {
        startConsole();
        startFleet(1, 0);
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 1, 15000);
        auto *nav = child<QListWidget>("navigation");
        QCOMPARE(nav->item(MainWindow::TerminalsPage)->text(), QStringLiteral("Terminals"));
        m_languages.apply(QStringLiteral("es"));
        QTRY_COMPARE(nav->item(MainWindow::DashboardPage)->text(), QStringLiteral("Panel"));
        QCOMPARE(child<QAction>("actionViewPunches")->text(), QStringLiteral("Marcajes"));
        QTRY_COMPARE(child<QLabel>("statusOnline")->text(), QStringLiteral("1 de 1 terminales en línea"));
        QCOMPARE(terminals()->headerData(TerminalTableModel::StatusColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Estado"));
        QCOMPARE(terminals()->index(0, TerminalTableModel::StatusColumn).data().toString(), QStringLiteral("En línea"));
        m_languages.apply(QStringLiteral("zh_CN"));
        QTRY_COMPARE(nav->item(MainWindow::TerminalsPage)->text(), QStringLiteral("设备"));
        m_languages.apply(QStringLiteral("en"));
        QTRY_COMPARE(nav->item(MainWindow::DashboardPage)->text(), QStringLiteral("Dashboard"));
    }

    void simulatorButtonBringsTheConsoleAlive()
    {
        startConsole();
        ConnectPage *page = m_window->connectPage();
        page->setSimulatorProgram(QStringLiteral(TERMDESK_SIM_EXE));
        QCOMPARE(m_window->currentPage(), MainWindow::ConnectTerminalsPage);
        QVERIFY(page->simulatorArguments().join(u' ').contains(
            QStringLiteral("--url ws://127.0.0.1:%1/pub/chat --terminals 5 --rate 2 --duration 600")
                .arg(m_host->wsPort())));
        QTest::mouseClick(child<QPushButton>("startSimulator"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->isSimulatorRunning(), 10000);
        QVERIFY(!child<QPushButton>("startSimulator")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), ConnectPage::SIM_TERMINALS, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(punches()->rowCount() > 0, 20000);
        QTest::mouseClick(child<QPushButton>("stopSimulator"), Qt::LeftButton);
        QVERIFY(!page->isSimulatorRunning());
        QTRY_COMPARE_WITH_TIMEOUT(terminals()->onlineCount(), 0, 15000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
