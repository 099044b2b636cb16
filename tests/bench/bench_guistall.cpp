// SPDX-License-Identifier: GPL-3.0-or-later
// GUI responsiveness: the real console (MainWindow over a real EngineHost, offscreen) on a database holding
// --history punches (1 000 000 by default), then simulated terminals (SimFleet, in a thread of their own)
// pushing --rate punches per second for --seconds while the Punches view is shown.
//
//   bench_guistall --work DIR [--history 1000000] [--terminals 50] [--rate 20000] [--seconds 20] [--batch 50]
//                  [--idle-seconds 3] [--out FILE] [--keep]
//
// Figures (progress on stderr, a summary on stdout, everything in the JSON of --out):
//  - open: engine start on the filled database, MainWindow construction, show until the Punches table has
//    painted its first page; switching back to the Punches view; re-reading the newest page; one fetchMore
//    (scroll to the bottom of what is loaded until the next page is in and painted).
//  - stall: a 1 ms PreciseTimer in the GUI thread; stall = gap between consecutive ticks - 1 ms. Max, p99.9,
//    p99, median and sample count, idle (window shown, no load) and under the flood.
#include "benchutil.h"
#include "engine/enginehost.h"
#include "enginebridge.h"
#include "mainwindow.h"
#include "models/punchtablemodel.h"
#include "settings/engineconfig.h"
#include "simfleet.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "util/devicetime.h"
#include "widgets/punchesview.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace termdesk;
using namespace termdesk::bench;

namespace {

constexpr qint64 PERIOD_NS = 1'000'000; // the heartbeat: 1 ms

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double threadCpuSeconds()
{
    return static_cast<double>(threadCpuNs()) / 1e9;
}

/// A 1 ms precise timer in the GUI thread; each tick records the gap since the previous one. A gap longer
/// than the period is time the event loop could not turn: the stall.
class StallMeter final : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (m_recording) {
                const qint64 gap = now - m_last;
                m_gaps.push_back(gap);
                m_cpu.push_back(cpu - m_lastCpu);
                if (gap > 20 * PERIOD_NS)
                    m_long.push_back({m_last - m_start, gap, cpu - m_lastCpu});
            }
            m_last = now;
            m_lastCpu = cpu;
        });
        m_clock.start();
        m_timer.start();
    }

    /// Starts a new series (the timer keeps running between series: it also wakes the wait loops).
    void begin()
    {
        m_gaps.clear();
        m_cpu.clear();
        m_long.clear();
        m_gaps.reserve(200'000);
        m_cpu.reserve(200'000);
        m_start = m_last = m_clock.nsecsElapsed();
        m_lastCpu = threadCpuNs();
        m_recording = true;
    }
    void end() { m_recording = false; }
    qint64 elapsedNs() const { return m_clock.nsecsElapsed() - m_start; }

    QJsonObject stats(const QString &what) const
    {
        std::vector<qint64> stalls;
        stalls.reserve(m_gaps.size());
        for (qint64 g : m_gaps)
            stalls.push_back(std::max<qint64>(0, g - PERIOD_NS));
        std::sort(stalls.begin(), stalls.end());
        std::vector<qint64> cpu = m_cpu;
        std::sort(cpu.begin(), cpu.end());
        auto pctOf = [](const std::vector<qint64> &sorted, double p) -> double {
            if (sorted.empty())
                return -1;
            const auto i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
            return static_cast<double>(sorted[std::min(i, sorted.size() - 1)]) / 1e6;
        };
        auto pct = [&](double p) { return pctOf(stalls, p); };
        qint64 over16 = 0, over50 = 0, over100 = 0, stalledNs = 0;
        for (qint64 s : stalls) {
            over16 += s > 16 * PERIOD_NS;
            over50 += s > 50 * PERIOD_NS;
            over100 += s > 100 * PERIOD_NS;
            if (s > 16 * PERIOD_NS)
                stalledNs += s;
        }
        QJsonArray longest;
        std::vector<LongGap> byLength = m_long;
        std::sort(byLength.begin(), byLength.end(), [](const LongGap &a, const LongGap &b) { return a.gap > b.gap; });
        for (size_t i = 0; i < std::min<size_t>(10, byLength.size()); ++i)
            longest.append(QJsonObject{{QStringLiteral("at_s"), static_cast<double>(byLength[i].at) / 1e9},
                                       {QStringLiteral("gap_ms"), static_cast<double>(byLength[i].gap) / 1e6},
                                       {QStringLiteral("gui_cpu_ms"), static_cast<double>(byLength[i].cpu) / 1e6}});
        return QJsonObject{{QStringLiteral("what"), what},
                           {QStringLiteral("samples"), static_cast<qint64>(stalls.size())},
                           {QStringLiteral("seconds"), static_cast<double>(m_last - m_start) / 1e9},
                           {QStringLiteral("max_ms"), pct(1.0)},
                           {QStringLiteral("p999_ms"), pct(0.999)},
                           {QStringLiteral("p99_ms"), pct(0.99)},
                           {QStringLiteral("p50_ms"), pct(0.5)},
                           {QStringLiteral("stalls_over_16ms"), over16},
                           {QStringLiteral("stalls_over_50ms"), over50},
                           {QStringLiteral("stalls_over_100ms"), over100},
                           {QStringLiteral("stalled_seconds_over_16ms"), static_cast<double>(stalledNs) / 1e9},
                           // The GUI thread's own CPU time within a gap: the part of a stall that is work done in
                           // the GUI thread (the rest is waiting for a core, i.e. the machine's load).
                           {QStringLiteral("cpu_in_gap_max_ms"), pctOf(cpu, 1.0)},
                           {QStringLiteral("cpu_in_gap_p999_ms"), pctOf(cpu, 0.999)},
                           {QStringLiteral("cpu_in_gap_p99_ms"), pctOf(cpu, 0.99)},
                           {QStringLiteral("longest_gaps"), longest}};
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    struct LongGap
    {
        qint64 at;  // start, ns since begin()
        qint64 gap; // ns
        qint64 cpu; // GUI thread CPU ns within it
    };
    std::vector<qint64> m_gaps;
    std::vector<qint64> m_cpu;
    std::vector<LongGap> m_long; // gaps > 20 ms
    qint64 m_start = 0;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    bool m_recording = false;
};

/// Counts paint events of a widget (the Punches table's viewport).
class PaintCounter final : public QObject
{
public:
    explicit PaintCounter(QWidget *w) { w->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

/// Turns the event loop until @p done; returns the ms it waited, or -1 after @p timeoutMs.
double spinUntil(const std::function<bool()> &done, int timeoutMs = 60'000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return -1;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

/// Turns the event loop until @p done; returns the ms since @p since started (which includes what the caller did
/// synchronously before, e.g. a query run inside scrollToBottom()), or -1 after @p timeoutMs.
double msUntil(const QElapsedTimer &since, const std::function<bool()> &done, int timeoutMs = 60'000)
{
    return spinUntil(done, timeoutMs) < 0 ? -1 : static_cast<double>(since.nsecsElapsed()) / 1e6;
}

void spinFor(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// ------------------------------------------------------------------------------------------------
// History: the real schema (storage::Database migrates it), terminals through the real TerminalStore, then
// the punches with the SQLite C API in one transaction (the bench's own fast path, like a long-running site).

bool fillHistory(const QString &dataDir, qint64 rows, int terminals, QString *error)
{
    const QString file = dataDir + QStringLiteral("/termdesk.sqlite");
    const QString name = QStringLiteral("bench-fill");
    if (!storage::Database::open(file, name, {false, QStringLiteral("NORMAL"), 5000}, error))
        return false;
    for (int i = 0; i < terminals; ++i) {
        const QString sn = QStringLiteral("HIST%1").arg(i + 1, 6, 10, QLatin1Char('0'));
        if (!storage::TerminalStore::setAdmission(storage::Database::get(name), sn, Admission::Approved, error))
            return false;
    }
    storage::Database::close(name);

    Sqlite db;
    if (!db.open(file, false) || !db.exec("PRAGMA synchronous=OFF") || !db.exec("BEGIN")) {
        *error = db.error();
        return false;
    }
    std::vector<qint64> ids;
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db.handle(), "SELECT id FROM terminals ORDER BY id", -1, &st, nullptr);
    while (st && sqlite3_step(st) == SQLITE_ROW)
        ids.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    // A roster of 500 names: the user column shows them.
    sqlite3_prepare_v2(db.handle(), "INSERT INTO users (enroll_id, name, updated_ms) VALUES (?, ?, 0)", -1, &st,
                       nullptr);
    for (int u = 1; u <= 500; ++u) {
        const QByteArray n = QStringLiteral("Employee %1").arg(u).toUtf8();
        sqlite3_bind_int(st, 1, u);
        sqlite3_bind_text(st, 2, n.constData(), static_cast<int>(n.size()), SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(
            db.handle(),
            "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
            " utc_offset_min, temperature, name, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            -1, &st, nullptr) != SQLITE_OK ||
        ids.empty()) {
        *error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
        return false;
    }
    // The last 30 days up to an hour ago, oldest first (ids grow with time, as in a real database).
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 spanMs = 30LL * 24 * 3600 * 1000;
    const qint64 firstMs = nowMs - 3600 * 1000 - spanMs;
    const int offsetMin = devicetime::systemOffsetAtUtc(nowMs);
    bool ok = true;
    for (qint64 i = 0; ok && i < rows; ++i) {
        const qint64 utcMs = firstMs + spanMs * i / rows;
        const QByteArray local = devicetime::formatLocal(utcMs / 1000 + offsetMin * 60).toLatin1();
        sqlite3_bind_int64(st, 1, ids[static_cast<size_t>(i) % ids.size()]);
        sqlite3_bind_int64(st, 2, 1 + (i * 7919) % 500);
        sqlite3_bind_text(st, 3, local.constData(), static_cast<int>(local.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, i % 3 == 0 ? 1 : (i % 3 == 1 ? 15 : 8));
        sqlite3_bind_int(st, 5, static_cast<int>(i % 2));
        sqlite3_bind_int(st, 6, 0);
        sqlite3_bind_int64(st, 7, utcMs);
        sqlite3_bind_int(st, 8, offsetMin);
        if (i % 4 == 0)
            sqlite3_bind_double(st, 9, 36.0 + static_cast<double>(i % 15) / 10.0);
        else
            sqlite3_bind_null(st, 9);
        sqlite3_bind_int64(st, 10, utcMs + 500);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (!ok || !db.exec("COMMIT") || !db.exec("PRAGMA wal_checkpoint(TRUNCATE)")) {
        *error = db.error().isEmpty() ? QString::fromUtf8(sqlite3_errmsg(db.handle())) : db.error();
        return false;
    }
    return true;
}

// ------------------------------------------------------------------------------------------------

QString ms(double v)
{
    return QString::number(v, 'f', v < 10 ? 2 : 1);
}

void printStall(const QJsonObject &s)
{
    std::printf("  %-16s max %6s ms  p99.9 %6s ms  p99 %5s ms  p50 %4s ms  (%lld ticks in %.1f s; >16 ms: %lld, "
                ">50 ms: %lld, >100 ms: %lld; GUI thread CPU in a gap: max %s ms, p99 %s ms)\n",
                qPrintable(s.value(QStringLiteral("what")).toString()),
                qPrintable(ms(s.value(QStringLiteral("max_ms")).toDouble())),
                qPrintable(ms(s.value(QStringLiteral("p999_ms")).toDouble())),
                qPrintable(ms(s.value(QStringLiteral("p99_ms")).toDouble())),
                qPrintable(ms(s.value(QStringLiteral("p50_ms")).toDouble())),
                static_cast<long long>(s.value(QStringLiteral("samples")).toInteger()),
                s.value(QStringLiteral("seconds")).toDouble(),
                static_cast<long long>(s.value(QStringLiteral("stalls_over_16ms")).toInteger()),
                static_cast<long long>(s.value(QStringLiteral("stalls_over_50ms")).toInteger()),
                static_cast<long long>(s.value(QStringLiteral("stalls_over_100ms")).toInteger()),
                qPrintable(ms(s.value(QStringLiteral("cpu_in_gap_max_ms")).toDouble())),
                qPrintable(ms(s.value(QStringLiteral("cpu_in_gap_p99_ms")).toDouble())));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The console's settings (window state, last page) go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TermDeskBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_guistall"));
    QSettings().clear();
    raiseFdLimit();

    const QStringList args = app.arguments();
    const QString work = option(args, QStringLiteral("--work"), QDir::tempPath() + QStringLiteral("/bench-guistall"));
    const qint64 history = option(args, QStringLiteral("--history"), QStringLiteral("1000000")).toLongLong();
    const int terminals = option(args, QStringLiteral("--terminals"), QStringLiteral("50")).toInt();
    const double rate = option(args, QStringLiteral("--rate"), QStringLiteral("20000")).toDouble();
    const int seconds = option(args, QStringLiteral("--seconds"), QStringLiteral("20")).toInt();
    const int batch = option(args, QStringLiteral("--batch"), QStringLiteral("50")).toInt();
    const int idleSeconds = option(args, QStringLiteral("--idle-seconds"), QStringLiteral("3")).toInt();
    // The view shown during the idle baseline and the flood: punches (the one the flood lands in), dashboard or
    // terminals.
    const QString viewName = option(args, QStringLiteral("--view"), QStringLiteral("punches"));
    const std::pair<QString, ui::MainWindow::Page> views[] = {
        {QStringLiteral("punches"), ui::MainWindow::PunchesPage},
        {QStringLiteral("dashboard"), ui::MainWindow::DashboardPage},
        {QStringLiteral("terminals"), ui::MainWindow::TerminalsPage}};
    const auto viewIt =
        std::find_if(std::begin(views), std::end(views), [&](const auto &v) { return v.first == viewName; });
    if (viewIt == std::end(views)) {
        note(QStringLiteral("--view: punches, dashboard or terminals"));
        return 2;
    }
    const QString dataDir = work + QStringLiteral("/gui");
    QDir(dataDir).removeRecursively();
    QDir().mkpath(dataDir);

    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("gui")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("platform"), QGuiApplication::platformName()},
                       {QStringLiteral("history_rows"), history},
                       {QStringLiteral("terminals"), terminals},
                       {QStringLiteral("target_rate"), rate},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("view"), viewName},
                       {QStringLiteral("load_before"), loadAverage()}};
    QString error;

    // 1. History.
    if (history > 0) {
        note(QStringLiteral("gui: filling %1 punches of history").arg(history));
        QElapsedTimer fill;
        fill.start();
        if (!fillHistory(dataDir, history, terminals, &error)) {
            note(QStringLiteral("cannot fill the database: ") + error);
            return 1;
        }
        result.insert(QStringLiteral("fill_seconds"), static_cast<double>(fill.elapsed()) / 1000.0);
        note(QStringLiteral("  filled in %1 s").arg(static_cast<double>(fill.elapsed()) / 1000.0, 0, 'f', 1));
    }
    // The operator left the console on the Punches view (all time): it opens there.
    QSettings().setValue(QStringLiteral("ui/mainWindow/page"), int(ui::MainWindow::PunchesPage));

    // 2. Open: engine, window, first page of punches painted.
    StallMeter meter; // runs from here on: its 1 ms ticks also wake the wait loops
    EngineConfig config;
    config.dataDir = dataDir;
    config.listenAddress = QHostAddress::LocalHost;
    config.wsPort = 0;
    config.tcpPort = -1;
    QJsonObject open{{QStringLiteral("load_before"), loadAverage()}};
    QElapsedTimer t;
    t.start();
    EngineHost host(config);
    if (!host.start(&error)) {
        note(QStringLiteral("engine: ") + error);
        return 1;
    }
    const double engineMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    t.restart();
    meter.begin();
    auto window = std::make_unique<ui::MainWindow>(&host, config, nullptr);
    if (!window->databaseError().isEmpty()) {
        note(window->databaseError());
        return 1;
    }
    const double constructMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    ui::PunchesView *view = window->punchesView();
    ui::PunchTableModel *model = view->model();
    QTableView *table = view->table();
    PaintCounter paints(table->viewport());
    // An empty database opens on "Connect terminals" (first run): go to the Punches view as the operator would.
    const int openedOn = window->currentPage();
    window->showPage(ui::MainWindow::PunchesPage);
    window->show();
    const double openMs = msUntil(t, [&] { return paints.count > 0 && (history == 0 || model->rowCount() > 0); });
    const double shownMs = openMs - constructMs;
    meter.end();
    const QJsonObject openStall = meter.stats(QStringLiteral("while opening"));
    const int firstPage = model->rowCount();
    note(QStringLiteral("gui: open on %1 punches: engine start %2 ms; window %3 ms + show/paint %4 ms = %5 ms "
                        "(first page %6 rows; window on %7)")
             .arg(history)
             .arg(engineMs, 0, 'f', 1)
             .arg(constructMs, 0, 'f', 1)
             .arg(shownMs, 0, 'f', 1)
             .arg(openMs, 0, 'f', 1)
             .arg(firstPage)
             .arg(openedOn));
    spinFor(500); // the terminals and user-name refreshes that follow the start

    // Another view and back: the Punches view keeps its rows, so this is one paint.
    window->showPage(ui::MainWindow::DashboardPage);
    spinFor(500);
    int before = paints.count;
    t.restart();
    window->showPage(ui::MainWindow::PunchesPage);
    const double switchMs = msUntil(t, [&] { return paints.count > before; });
    // The newest page read again (what any filter change costs at least).
    spinFor(100);
    before = paints.count;
    t.restart();
    model->reload();
    const double reloadMs =
        msUntil(t, [&] { return (history == 0 || model->rowCount() > 0) && paints.count > before; });
    // fetchMore: scroll to the bottom of what is loaded; the view asks for the next page.
    QJsonArray fetches;
    std::vector<double> fetchTimes;
    for (int i = 0; history > 0 && i < 5 && model->canFetchMore({}); ++i) {
        spinFor(50);
        const int rows = model->rowCount();
        before = paints.count;
        t.restart();
        table->scrollToBottom();
        const double f = msUntil(
            t, [&] { return model->rowCount() > rows && paints.count > before; }, 10'000);
        fetches.append(f);
        fetchTimes.push_back(f);
    }
    std::sort(fetchTimes.begin(), fetchTimes.end());
    open.insert(QStringLiteral("engine_start_ms"), engineMs);
    open.insert(QStringLiteral("window_construct_ms"), constructMs);
    open.insert(QStringLiteral("show_until_punches_painted_ms"), shownMs);
    open.insert(QStringLiteral("open_total_ms"), openMs);
    open.insert(QStringLiteral("first_page_rows"), firstPage);
    open.insert(QStringLiteral("switch_to_punches_ms"), switchMs);
    open.insert(QStringLiteral("reload_newest_page_ms"), reloadMs);
    open.insert(QStringLiteral("fetch_more_ms"), fetches);
    open.insert(QStringLiteral("fetch_more_median_ms"), fetchTimes.empty() ? -1 : fetchTimes[fetchTimes.size() / 2]);
    open.insert(QStringLiteral("fetch_more_max_ms"), fetchTimes.empty() ? -1 : fetchTimes.back());
    open.insert(QStringLiteral("rows_after_fetches"), model->rowCount());
    open.insert(QStringLiteral("stall"), openStall);
    open.insert(QStringLiteral("load_after"), loadAverage());
    result.insert(QStringLiteral("open"), open);
    note(QStringLiteral("  switch to Punches %1 ms; reload newest page %2 ms; fetchMore median %3 ms, max %4 ms")
             .arg(switchMs, 0, 'f', 1)
             .arg(reloadMs, 0, 'f', 1)
             .arg(open.value(QStringLiteral("fetch_more_median_ms")).toDouble(), 0, 'f', 1)
             .arg(open.value(QStringLiteral("fetch_more_max_ms")).toDouble(), 0, 'f', 1));

    // 3. Idle baseline: the window on the chosen view (Punches: following the newest), no terminals.
    table->scrollToTop();
    window->showPage(viewIt->second);
    spinFor(300);
    meter.begin();
    spinFor(idleSeconds * 1000);
    meter.end();
    const QJsonObject idle = meter.stats(QStringLiteral("idle"));
    result.insert(QStringLiteral("idle"), idle);

    // 4. The flood: the simulated terminals in a thread of their own, the GUI thread only renders.
    QThread simThread;
    simThread.setObjectName(QStringLiteral("simulator"));
    simThread.start();
    QObject simContext;
    simContext.moveToThread(&simThread);
    sim::SimFleet *fleet = nullptr;
    sim::FleetOptions o;
    o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(host.wsPort()));
    o.terminals = terminals;
    o.ratePerSecond = rate;
    o.batchSize = batch;
    o.punchesPerTerminal = -1;
    o.durationMs = seconds * 1000;
    o.doorEvents = 0;
    o.keepAcked = false;
    o.snPrefix = QStringLiteral("FLOOD");
    auto inSim = [&](const std::function<void()> &f) {
        QMetaObject::invokeMethod(&simContext, f, Qt::BlockingQueuedConnection);
    };

    // What reaches the console: the engine's live feed (stored punches), counted per second.
    qint64 arrived = 0;
    std::vector<qint64> perSecond(static_cast<size_t>(seconds) + 60, 0);
    QElapsedTimer floodClock;
    QObject counterContext;
    QObject::connect(window->engine(), &ui::EngineBridge::punchesArrived, &counterContext,
                     [&](const QList<StoredPunch> &punches) {
                         arrived += punches.size();
                         const auto s = static_cast<size_t>(floodClock.elapsed() / 1000);
                         if (s < perSecond.size())
                             perSecond[s] += punches.size();
                     });
    QJsonObject flood{{QStringLiteral("load_before"), loadAverage()}};
    note(QStringLiteral("gui: %1 terminals, %2 punches/s for %3 s (batch %4), %5 view shown")
             .arg(terminals)
             .arg(rate)
             .arg(seconds)
             .arg(batch)
             .arg(viewName));
    const double guiCpu0 = threadCpuSeconds();
    inSim([&] { fleet = new sim::SimFleet(o); });
    floodClock.start();
    meter.begin();
    QMetaObject::invokeMethod(fleet, &sim::SimFleet::start, Qt::QueuedConnection);
    spinUntil([&] { return floodClock.elapsed() >= qint64(seconds) * 1000; }, seconds * 1000 + 1000);
    meter.end();
    const double floodSeconds = static_cast<double>(floodClock.nsecsElapsed()) / 1e9;
    const double guiCpu = threadCpuSeconds() - guiCpu0;
    const qint64 arrivedInWindow = arrived;
    const QJsonObject load = meter.stats(QStringLiteral("under load"));
    result.insert(QStringLiteral("flood_stall"), load);

    // Drain: everything generated acknowledged (and so stored) and seen by the console.
    sim::Counters c;
    const double drainMs = spinUntil(
        [&] {
            bool done = false;
            inSim([&] {
                c = fleet->totals();
                done = fleet->isGenerationFinished() && fleet->allAcknowledged();
            });
            return done && arrived >= c.acknowledged;
        },
        120'000);
    inSim([&] {
        c = fleet->totals();
        fleet->stop();
        delete fleet;
    });
    simThread.quit();
    simThread.wait();
    // Steady state: the whole seconds after the first (registration, ramp-up) within the window.
    std::vector<qint64> steady(perSecond.begin() + 1, perSecond.begin() + std::max(1, seconds));
    std::sort(steady.begin(), steady.end());
    qint64 steadySum = 0;
    for (qint64 v : steady)
        steadySum += v;
    const double steadyRate = steady.empty() ? 0 : static_cast<double>(steadySum) / static_cast<double>(steady.size());
    QJsonArray perSecondJson;
    for (int s = 0; s < seconds; ++s)
        perSecondJson.append(perSecond[static_cast<size_t>(s)]);
    flood.insert(QStringLiteral("seconds"), floodSeconds);
    flood.insert(QStringLiteral("generated"), c.generated);
    flood.insert(QStringLiteral("acknowledged"), c.acknowledged);
    flood.insert(QStringLiteral("arrived_in_window"), arrivedInWindow);
    flood.insert(QStringLiteral("arrived_total"), arrived);
    flood.insert(QStringLiteral("stored_rate"), static_cast<double>(arrivedInWindow) / floodSeconds);
    flood.insert(QStringLiteral("steady_rate"), steadyRate);
    flood.insert(QStringLiteral("steady_rate_min_second"), steady.empty() ? 0 : steady.front());
    flood.insert(QStringLiteral("per_second"), perSecondJson);
    flood.insert(QStringLiteral("drain_ms"), drainMs);
    flood.insert(QStringLiteral("gui_thread_cpu_seconds"), guiCpu);
    flood.insert(QStringLiteral("gui_thread_busy"), guiCpu / floodSeconds);
    flood.insert(QStringLiteral("model_rows"), model->rowCount());
    flood.insert(QStringLiteral("reconnects"), c.reconnects);
    flood.insert(QStringLiteral("resent"), c.resent);
    flood.insert(QStringLiteral("load_after"), loadAverage());
    result.insert(QStringLiteral("flood"), flood);
    note(QStringLiteral("  generated %1, acknowledged %2; seen by the console in the window %3 = %4/s (steady %5/s, "
                        "slowest second %6); GUI thread busy %7 %; model rows %8")
             .arg(c.generated)
             .arg(c.acknowledged)
             .arg(arrivedInWindow)
             .arg(static_cast<double>(arrivedInWindow) / floodSeconds, 0, 'f', 0)
             .arg(steadyRate, 0, 'f', 0)
             .arg(steady.empty() ? 0 : steady.front())
             .arg(100.0 * guiCpu / floodSeconds, 0, 'f', 0)
             .arg(model->rowCount()));

    window.reset();
    host.stop();
    result.insert(QStringLiteral("load_after"), loadAverage());
    const bool reached = steadyRate >= 0.95 * rate;
    const bool ok = drainMs >= 0 && c.acknowledged == c.generated && (history == 0 || firstPage > 0);
    result.insert(QStringLiteral("rate_reached"), reached);
    result.insert(QStringLiteral("ok"), ok);

    std::printf("\nGUI responsiveness (%s, %lld punches of history, load %s)\n",
                qPrintable(QGuiApplication::platformName()), static_cast<long long>(history),
                qPrintable(loadAverage()));
    std::printf("  open: engine %.0f ms, window %.0f ms, show until the first %d punches painted %.0f ms: %.0f ms\n",
                engineMs, constructMs, firstPage, shownMs, openMs);
    std::printf("  switch to Punches %.1f ms, reload newest page %.1f ms, fetchMore median %.1f ms (max %.1f)\n",
                switchMs, reloadMs, open.value(QStringLiteral("fetch_more_median_ms")).toDouble(),
                open.value(QStringLiteral("fetch_more_max_ms")).toDouble());
    std::printf("  flood (%s view shown): target %.0f/s, stored and seen %.0f/s (steady %.0f/s)%s; GUI thread busy "
                "%.0f %%\n",
                qPrintable(viewName), rate, static_cast<double>(arrivedInWindow) / floodSeconds, steadyRate,
                reached ? "" : " - TARGET RATE NOT REACHED on this machine now", 100.0 * guiCpu / floodSeconds);
    printStall(idle);
    printStall(load);
    std::fflush(stdout);

    const QString out = option(args, QStringLiteral("--out"));
    if (!out.isEmpty() && !writeResult(out, result))
        return 1;
    if (!args.contains(QStringLiteral("--keep")))
        QDir(work + QStringLiteral("/gui")).removeRecursively();
    return ok ? 0 : 1;
}
