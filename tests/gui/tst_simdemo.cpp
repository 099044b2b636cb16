// SPDX-License-Identifier: GPL-3.0-or-later
// The console's demo ("Start 5 simulated terminals") with the real termdesk-sim program against a real
// EngineHost: its punches carry the current time (the dashboard counts them under today), and the
// simulator goes with the console however the console goes (window closed, application quit, window
// destroyed). Every wait is on a condition, never a sleep.
#include "../common/consolefixture.h"
#include "widgets/connectpage.h"
#include "widgets/dashboardview.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace termdesk;
using namespace termdesk::ui;

namespace {

// Seconds of a local wall-clock time, read as if it were UTC: the terminal's clock, whatever the zone.
qint64 wallSeconds(const QDateTime &local)
{
    return QDateTime(local.date(), local.time(), Qt::UTC).toSecsSinceEpoch();
}

bool processGone(qint64 pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

class TestSimDemo : public QObject, protected ConsoleFixture
{
    Q_OBJECT
public:
    TestSimDemo() : ConsoleFixture(QStringLiteral("tst-simdemo-check")) {}

private:
    // Clicks "Start 5 simulated terminals" and waits until the five are online; returns the simulator's pid.
    qint64 startDemo()
    {
        ConnectPage *page = m_window->connectPage();
        page->setSimulatorProgram(QStringLiteral(TERMDESK_SIM_EXE));
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startSimulator")), Qt::LeftButton);
        if (!QTest::qWaitFor([page] { return page->simulatorProcessId() > 0; }, 10000))
            return 0;
        const qint64 pid = page->simulatorProcessId();
        if (!QTest::qWaitFor([this] { return count(QStringLiteral("SELECT COUNT(*) FROM terminals")) == 5; }, 20000))
            return 0;
        return pid;
    }

private Q_SLOTS:
    void initTestCase() { initConsoleTest(QStringLiteral("tst_simdemo")); }

    void init() { QSettings().clear(); }

    void cleanup() { stopConsole(); }

    void demoPunchesAtTheCurrentTime()
    {
        startConsole();
        QVERIFY(m_window->connectPage()->simulatorArguments().contains(QStringLiteral("--live-clock")));
        const QDateTime before = QDateTime::currentDateTime();
        QVERIFY(startDemo() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM punches")) >= 4, 20000);
        const QDateTime after = QDateTime::currentDateTime();
        m_window->connectPage()->stopSimulator();

        QSqlQuery q(storage::Database::get(m_check));
        QVERIFY(q.exec(QStringLiteral("SELECT MIN(local_time), MAX(local_time) FROM punches")) && q.next());
        const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
        const QDateTime first = QDateTime::fromString(q.value(0).toString(), format);
        const QDateTime last = QDateTime::fromString(q.value(1).toString(), format);
        QVERIFY2(first.isValid() && last.isValid(), qPrintable(q.value(0).toString()));
        // At the terminal's clock when made: between the click and now (a door event may follow a punch
        // in the same second, one second later).
        QVERIFY2(wallSeconds(first) >= wallSeconds(before) - 1, qPrintable(q.value(0).toString()));
        QVERIFY2(wallSeconds(last) <= wallSeconds(after) + 2, qPrintable(q.value(1).toString()));

        // So the dashboard counts them under today (unless midnight passed meanwhile): at least the four
        // seen above (a batch acknowledged as the simulator stopped may add more).
        m_window->showPage(MainWindow::DashboardPage);
        DashboardView *dashboard = m_window->dashboardView();
        QSignalSpy updated(dashboard, &DashboardView::punchCountsUpdated);
        dashboard->refresh();
        QVERIFY(updated.wait(10000));
        const QString today = m_window->findChild<QLabel *>(QStringLiteral("cardToday"))->text();
        if (before.date() == QDate::currentDate())
            QVERIFY2(QLocale().toLongLong(today) >= 4, qPrintable(today));
    }

    void demoGoesWithTheConsole_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("window closed") << QStringLiteral("close");
        QTest::newRow("application quit") << QStringLiteral("quit");
        QTest::newRow("event loop left") << QStringLiteral("exit");
        QTest::newRow("window destroyed") << QStringLiteral("destroy");
    }

    void demoGoesWithTheConsole()
    {
        QFETCH(QString, how);
        startConsole();
        const qint64 pid = startDemo();
        QVERIFY(pid > 0);
        QVERIFY(!processGone(pid));
        if (how == QLatin1String("close")) {
            QVERIFY(m_window->close());
        } else if (how == QLatin1String("quit")) {
            // Qt 6: quit() closes the windows, then leaves the event loop.
            QTimer::singleShot(0, QCoreApplication::instance(), &QCoreApplication::quit);
            QCoreApplication::exec();
        } else if (how == QLatin1String("exit")) {
            // exit() leaves the event loop without closing anything (a nested dialog's loop included, as
            // termdesk does on SIGTERM): aboutToQuit alone stops the simulator.
            QTimer::singleShot(0, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
            QCoreApplication::exec();
            QVERIFY(m_window->isVisible());
        } else {
            m_window.reset();
        }
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 10000);
        if (m_window)
            QVERIFY(!m_window->connectPage()->isSimulatorRunning());
    }
};

QTEST_MAIN(TestSimDemo)
#include "tst_simdemo.moc"
