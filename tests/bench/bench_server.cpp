// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end benchmarks against the real headless server (a child process) with simulated WebSocket
// terminals (termdesk_simlib) in this process, plus the raw-SQLite limit the ingestion is compared with.
//
//   bench_server connections --termdesk BIN --work DIR --counts 10000,20000 --out FILE [--protocol tcp]
//   bench_server ingest --termdesk BIN --work DIR --terminals N --punches TOTAL --batch 50 --sync FULL --out FILE
//                       [--no-limit] [--group 20000] [--perf FILE] [--keep] [--protocol tcp] [--stored N]
//   (--protocol tcp: the same with simulated TCP binary-protocol terminals, always awake, one report in flight)
//   bench_server storm --termdesk BIN --work DIR --terminals 1000 --per-terminal 1000 --out FILE
//   bench_server pg --termdesk BIN --work DIR --terminals 50 --punches TOTAL --batch 50 --out FILE [--group 20000]
//   (pg: a throwaway PostgreSQL cluster with fsync on; one server through libpq, one through QPSQL, two servers
//   through libpq sharing the database, and the libpq COPY limit of the same rows; builds with TERMDESK_LIBPQ)
//
// Progress goes to stderr; the figures go to the JSON file given with --out.
#include "benchutil.h"
#include "prefill.h"
#include "simtcpterminal.h"
#include "simterminal.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <sqlite3.h>

#if TERMDESK_BENCH_PG
#include "pgcluster.h"
#include "pglimit.h"
#endif

#include <csignal>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <vector>

using namespace termdesk::bench;
using termdesk::sim::PunchKey;
using termdesk::sim::SimTcpTerminal;
using termdesk::sim::SimTerminal;
using termdesk::sim::TcpTerminalOptions;
using termdesk::sim::TerminalOptions;

namespace {

// Port range 32768-60999 gives ~28 000 client ports per (source, destination) pair: spread big fleets
// over several destination addresses 127.0.0.x (the server listens on all of them).
constexpr int TERMINALS_PER_ADDRESS = 20'000;

double selfCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QString today()
{
    return QDateTime::currentDateTime().toString(Qt::ISODate);
}

QUrl localUrl(quint16 port, int terminal)
{
    const int host = 1 + terminal / TERMINALS_PER_ADDRESS;
    return QUrl(QStringLiteral("ws://127.0.0.%1:%2/pub/chat").arg(host).arg(port));
}

/// One simulated terminal of either protocol, every record a punch (rows = punches).
template <class T>
T *makeTerminal(const QString &prefix, int i, int batch, bool keepAcked, quint16 port, QObject *parent);

template <>
SimTerminal *makeTerminal<SimTerminal>(const QString &prefix, int i, int batch, bool keepAcked, quint16 port,
                                       QObject *parent)
{
    TerminalOptions o;
    o.sn = prefix + QString::number(i + 1).rightJustified(6, u'0');
    o.url = localUrl(port, i);
    o.batchSize = batch;
    o.keepAcked = keepAcked;
    o.doorEvents = 0;
    o.seed = 1 + static_cast<quint32>(i) * 2654435761u;
    return new SimTerminal(std::move(o), parent);
}

template <>
SimTcpTerminal *makeTerminal<SimTcpTerminal>(const QString &prefix, int i, int batch, bool keepAcked, quint16 port,
                                             QObject *parent)
{
    TcpTerminalOptions o;
    o.code = prefix + QString::number(i + 1).rightJustified(6, u'0');
    o.host = QStringLiteral("127.0.0.%1").arg(1 + i / TERMINALS_PER_ADDRESS);
    o.port = port;
    o.batchSize = batch;
    o.keepAcked = keepAcked;
    o.doorEvents = 0;
    o.alwaysAwake = true; // one connection for the whole run, as a mains-powered terminal
    o.seed = 1 + static_cast<quint32>(i) * 2654435761u;
    return new SimTcpTerminal(std::move(o), parent);
}

/// N simulated terminals (SimTerminal: WebSocket, SimTcpTerminal: TCP binary protocol) with counters for
/// registration (login) and acknowledged punches.
template <class T> class Fleet final : public QObject
{
public:
    Fleet(int n, const QString &prefix, int batch, bool keepAcked, quint16 port)
    {
        m_first.assign(static_cast<size_t>(n), false);
        m_terminals.reserve(n);
        for (int i = 0; i < n; ++i) {
            T *t = makeTerminal<T>(prefix, i, batch, keepAcked, port, this);
            connect(t, &T::registered, this, [this, i] {
                if (m_first[static_cast<size_t>(i)])
                    return;
                m_first[static_cast<size_t>(i)] = true;
                if (++m_registered == static_cast<int>(m_first.size()))
                    m_allRegisteredNs = m_clock.nsecsElapsed();
            });
            connect(t, &T::batchAcknowledged, this, [this](int records) { onAcked(records); });
            m_terminals.append(t);
        }
    }

    void startClock() { m_clock.start(); }
    /// Starts every terminal, @p wave per event-loop turn: all at once in practice (a wave takes a few
    /// milliseconds), but the connections already made are served meanwhile, as on a real network, instead
    /// of N connect() calls queueing behind each other before the first handshake is read.
    void startAll(int wave = 500)
    {
        m_nextStart = 0;
        m_wave = std::max(1, wave);
        startWave();
    }
    /// Expect @p total acknowledged punches from now on (for the 10 % / 90 % marks).
    void expect(qint64 total)
    {
        m_target = total;
        m_acked = 0;
        m_t10 = m_t90 = m_tDone = -1;
    }

    const QList<T *> &terminals() const { return m_terminals; }
    int registered() const { return m_registered; }
    qint64 acked() const { return m_acked; }
    double allRegisteredSeconds() const { return m_allRegisteredNs < 0 ? -1 : m_allRegisteredNs / 1e9; }
    double doneSeconds() const { return m_tDone < 0 ? -1 : m_tDone / 1e9; }
    /// Punches per second between the 10 % and the 90 % mark: the steady state without ramp-up and tail.
    double sustainedRate() const
    {
        if (m_t10 < 0 || m_t90 <= m_t10)
            return -1;
        return 0.8 * static_cast<double>(m_target) / (static_cast<double>(m_t90 - m_t10) / 1e9);
    }
    termdesk::sim::Counters totals() const
    {
        termdesk::sim::Counters sum;
        for (const T *t : m_terminals)
            sum += t->counters();
        return sum;
    }

private:
    void startWave()
    {
        const qsizetype end = std::min(m_terminals.size(), m_nextStart + m_wave);
        for (; m_nextStart < end; ++m_nextStart)
            m_terminals[m_nextStart]->start();
        if (m_nextStart < m_terminals.size())
            QTimer::singleShot(0, this, [this] { startWave(); });
    }

    void onAcked(int records)
    {
        m_acked += records;
        if (m_target <= 0)
            return;
        const qint64 now = m_clock.nsecsElapsed();
        if (m_t10 < 0 && m_acked * 10 >= m_target)
            m_t10 = now;
        if (m_t90 < 0 && m_acked * 10 >= m_target * 9)
            m_t90 = now;
        if (m_tDone < 0 && m_acked >= m_target)
            m_tDone = now;
    }

    QList<T *> m_terminals;
    qsizetype m_nextStart = 0;
    qsizetype m_wave = 500;
    std::vector<bool> m_first;
    QElapsedTimer m_clock;
    int m_registered = 0;
    qint64 m_allRegisteredNs = -1;
    qint64 m_target = 0;
    qint64 m_acked = 0;
    qint64 m_t10 = -1, m_t90 = -1, m_tDone = -1;
};

bool freshDir(const QString &path)
{
    QDir(path).removeRecursively();
    return QDir().mkpath(path);
}

// ------------------------------------------------------------------------------------------------
// The raw-SQLite limit: the rows the server stored, inserted again with the C API into a file with
// the same schema (copied from the server's own database), one transaction per batch.

struct Row
{
    qint64 terminalId;
    qint64 enrollId;
    QByteArray localTime;
    int verifyMode;
    int inOut;
    int event;
    qint64 utcMs;
    int offsetMin;
    bool hasTemperature;
    double temperature;
    bool hasName;
    QByteArray name;
    qint64 receivedMs;
};

/// The punches with an id above @p afterId (the rows of this run, after any history prefillHistory() wrote).
bool readRows(const QString &file, qint64 afterId, std::vector<Row> &rows, QString *error)
{
    Sqlite db;
    if (!db.open(file, true)) {
        *error = db.error();
        return false;
    }
    sqlite3_stmt *st = nullptr;
    const char *sql = "SELECT terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms, utc_offset_min,"
                      " temperature, name, received_ms FROM punches WHERE id > ? ORDER BY id";
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
        return false;
    }
    sqlite3_bind_int64(st, 1, afterId);
    while (sqlite3_step(st) == SQLITE_ROW) {
        Row r;
        r.terminalId = sqlite3_column_int64(st, 0);
        r.enrollId = sqlite3_column_int64(st, 1);
        r.localTime =
            QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 2)), sqlite3_column_bytes(st, 2));
        r.verifyMode = sqlite3_column_int(st, 3);
        r.inOut = sqlite3_column_int(st, 4);
        r.event = sqlite3_column_int(st, 5);
        r.utcMs = sqlite3_column_int64(st, 6);
        r.offsetMin = sqlite3_column_int(st, 7);
        r.hasTemperature = sqlite3_column_type(st, 8) != SQLITE_NULL;
        r.temperature = sqlite3_column_double(st, 8);
        r.hasName = sqlite3_column_type(st, 9) != SQLITE_NULL;
        if (r.hasName)
            r.name =
                QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 9)), sqlite3_column_bytes(st, 9));
        r.receivedMs = sqlite3_column_int64(st, 10);
        rows.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    return true;
}

/// Creates @p target with the schema of @p source (tables, UNIQUE keys, indexes) and its terminals.
bool cloneSchema(const QString &source, const QString &target, const QString &synchronous, Sqlite &db, QString *error)
{
    QFile::remove(target);
    QFile::remove(target + QStringLiteral("-wal"));
    QFile::remove(target + QStringLiteral("-shm"));
    Sqlite src;
    if (!src.open(source, true) || !db.open(target, false)) {
        *error = src.error() + db.error();
        return false;
    }
    const QByteArray sync = "PRAGMA synchronous=" + synchronous.toLatin1();
    if (!db.exec("PRAGMA journal_mode=WAL") || !db.exec(sync.constData()) || !db.exec("PRAGMA foreign_keys=ON") ||
        !db.exec("BEGIN")) {
        *error = db.error();
        return false;
    }
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(
        src.handle(), "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        -1, &st, nullptr);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (!db.exec(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)))) {
            sqlite3_finalize(st);
            *error = db.error();
            return false;
        }
    }
    sqlite3_finalize(st);
    const QByteArray attach = "ATTACH '" + source.toUtf8().replace('\'', "''") + "' AS src";
    if (!db.exec("COMMIT") || !db.exec(attach.constData()) ||
        !db.exec("INSERT INTO terminals SELECT * FROM src.terminals") || !db.exec("DETACH src")) {
        *error = db.error();
        return false;
    }
    return true;
}

struct LimitResult
{
    bool ok = false;
    qint64 rows = 0;
    double seconds = 0;
    QString error;
    double rate() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

/// Creates @p target as a copy of @p seed (a database with history) plus the terminals of @p source.
bool copySeed(const QString &seed, const QString &source, const QString &target, const QString &synchronous, Sqlite &db,
              QString *error)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(target + suffix);
    if (!QFile::copy(seed, target)) {
        *error = QStringLiteral("cannot copy %1 to %2").arg(seed, target);
        return false;
    }
    const QByteArray sync = "PRAGMA synchronous=" + synchronous.toLatin1();
    const QByteArray attach = "ATTACH '" + source.toUtf8().replace('\'', "''") + "' AS src";
    if (!db.open(target, false) || !db.exec("PRAGMA journal_mode=WAL") || !db.exec(sync.constData()) ||
        !db.exec("PRAGMA foreign_keys=ON") || !db.exec(attach.constData()) ||
        !db.exec("INSERT OR IGNORE INTO terminals SELECT * FROM src.terminals") || !db.exec("DETACH src")) {
        *error = db.error();
        return false;
    }
    return true;
}

/// Inserts @p rows into a fresh clone of @p source (or, when @p seed is set, into a copy of the database
/// @p seed with @p source's terminals), @p batch rows per transaction.
LimitResult sqliteLimit(const QString &source, const QString &target, const std::vector<Row> &rows,
                        const QString &synchronous, int batch, const QString &seed = {})
{
    LimitResult r;
    Sqlite db;
    if (seed.isEmpty() ? !cloneSchema(source, target, synchronous, db, &r.error)
                       : !copySeed(seed, source, target, synchronous, db, &r.error))
        return r;
    // The statement the server's StorageWriter prepares for punches.
    const char *sql = "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                      " utc_offset_min, temperature, name, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      " ON CONFLICT DO NOTHING";
    sqlite3_stmt *ins = nullptr;
    sqlite3_stmt *begin = nullptr;
    sqlite3_stmt *commit = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &ins, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db.handle(), "BEGIN IMMEDIATE", -1, &begin, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db.handle(), "COMMIT", -1, &commit, nullptr) != SQLITE_OK) {
        r.error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
        return r;
    }
    QElapsedTimer t;
    t.start();
    bool ok = true;
    for (size_t i = 0; ok && i < rows.size();) {
        ok = sqlite3_step(begin) == SQLITE_DONE;
        sqlite3_reset(begin);
        const size_t end = std::min(rows.size(), i + static_cast<size_t>(batch));
        for (; ok && i < end; ++i) {
            const Row &row = rows[i];
            sqlite3_bind_int64(ins, 1, row.terminalId);
            sqlite3_bind_int64(ins, 2, row.enrollId);
            sqlite3_bind_text(ins, 3, row.localTime.constData(), static_cast<int>(row.localTime.size()), SQLITE_STATIC);
            sqlite3_bind_int(ins, 4, row.verifyMode);
            sqlite3_bind_int(ins, 5, row.inOut);
            sqlite3_bind_int(ins, 6, row.event);
            sqlite3_bind_int64(ins, 7, row.utcMs);
            sqlite3_bind_int(ins, 8, row.offsetMin);
            if (row.hasTemperature)
                sqlite3_bind_double(ins, 9, row.temperature);
            else
                sqlite3_bind_null(ins, 9);
            if (row.hasName)
                sqlite3_bind_text(ins, 10, row.name.constData(), static_cast<int>(row.name.size()), SQLITE_STATIC);
            else
                sqlite3_bind_null(ins, 10);
            sqlite3_bind_int64(ins, 11, row.receivedMs);
            ok = sqlite3_step(ins) == SQLITE_DONE;
            sqlite3_reset(ins);
            r.rows += sqlite3_changes(db.handle()) > 0 ? 1 : 0;
        }
        ok = ok && sqlite3_step(commit) == SQLITE_DONE;
        sqlite3_reset(commit);
    }
    r.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    if (!ok)
        r.error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
    sqlite3_finalize(ins);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    r.ok = ok && r.rows == static_cast<qint64>(rows.size());
    return r;
}

QJsonObject limitJson(const LimitResult &r, int batch)
{
    return QJsonObject{{QStringLiteral("ok"), r.ok},
                       {QStringLiteral("rows"), r.rows},
                       {QStringLiteral("rows_per_transaction"), batch},
                       {QStringLiteral("seconds"), r.seconds},
                       {QStringLiteral("rate"), r.rate()},
                       {QStringLiteral("error"), r.error}};
}

// ------------------------------------------------------------------------------------------------

/// Which protocol a run measures: "ws" (SimTerminal) or "tcp" (SimTcpTerminal).
template <class T> constexpr bool isTcp = std::is_same_v<T, SimTcpTerminal>;

template <class T> quint16 terminalPort(const ServerProcess &server)
{
    return isTcp<T> ? server.tcpPort() : server.port();
}

template <class T> int runConnections(const QStringList &args)
{
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString work = option(args, QStringLiteral("--work"));
    const QStringList counts = option(args, QStringLiteral("--counts"), QStringLiteral("10000")).split(u',');
    const int timeoutMs = option(args, QStringLiteral("--timeout"), QStringLiteral("120")).toInt() * 1000;
    QJsonArray runs;
    int maxOk = 0;
    const long fdLimit = raiseFdLimit();
    QString stoppedBy;
    for (const QString &countText : counts) {
        const int n = countText.toInt();
        // One socket per terminal in each process, plus what Qt, SQLite and the logs hold.
        if (n + 64 > fdLimit) {
            stoppedBy = QStringLiteral("open-files limit %1 (hard limit of this machine)").arg(fdLimit);
            note(QStringLiteral("connections: %1 terminals not tried: %2").arg(n).arg(stoppedBy));
            break;
        }
        const QString dir = work + QStringLiteral("/connections-%1").arg(n);
        freshDir(dir);
        QJsonObject run{{QStringLiteral("terminals"), n}, {QStringLiteral("load_before"), loadAverage()}};
        ServerProcess server;
        QString error;
        QVariantMap settings{{QStringLiteral("network/maxConnections"), std::max(20'000, n + 100)}};
        // Several destination addresses for big fleets: the server must listen on all of them.
        const QString listen = n > TERMINALS_PER_ADDRESS ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1");
        if (!server.start(termdesk, dir, settings, listen, &error)) {
            note(error);
            return 1;
        }
        waitUntil([] { return false; }, 500);
        const qint64 rss0 = server.rssKb();
        const int fds0 = openFds(server.pid());
        const qint64 selfRss0 = procStatusKb(QCoreApplication::applicationPid(), "VmRSS");
        const double cpu0 = procCpuSeconds(server.pid());

        note(QStringLiteral("connections: %1 terminals connect and register").arg(n));
        if (terminalPort<T>(server) == 0) {
            note(QStringLiteral("the server has no TCP listener"));
            return 1;
        }
        auto *fleet = new Fleet<T>(n, QStringLiteral("CONN"), 50, false, terminalPort<T>(server));
        fleet->startClock();
        fleet->startAll();
        const bool ok = waitUntil([&] { return fleet->registered() == n; }, timeoutMs, 20);
        const double seconds = ok ? fleet->allRegisteredSeconds() : -1;
        // Let handshake buffers go and the registration writes settle before reading the memory.
        waitUntil([] { return false; }, 2000);
        const qint64 rss1 = server.rssKb();
        const int fds1 = openFds(server.pid());
        const double cpu1 = procCpuSeconds(server.pid());
        const qint64 selfRss1 = procStatusKb(QCoreApplication::applicationPid(), "VmRSS");
        const termdesk::sim::Counters c = fleet->totals();
        run.insert(QStringLiteral("ok"), ok);
        run.insert(QStringLiteral("registered"), fleet->registered());
        run.insert(QStringLiteral("seconds_to_all_registered"), seconds);
        run.insert(QStringLiteral("registrations_per_second"), ok && seconds > 0 ? n / seconds : 0);
        run.insert(QStringLiteral("server_rss_before_kb"), rss0);
        run.insert(QStringLiteral("server_rss_after_kb"), rss1);
        run.insert(QStringLiteral("server_kb_per_connection"), static_cast<double>(rss1 - rss0) / n);
        run.insert(QStringLiteral("server_fds"), fds1 - fds0);
        run.insert(QStringLiteral("server_cpu_seconds"), cpu1 - cpu0);
        run.insert(QStringLiteral("sim_kb_per_connection"), static_cast<double>(selfRss1 - selfRss0) / n);
        run.insert(QStringLiteral("reconnects"), c.reconnects);
        run.insert(QStringLiteral("destination_addresses"), 1 + (n - 1) / TERMINALS_PER_ADDRESS);
        note(QStringLiteral("  %1: %2/%3 registered in %4 s; server RSS %5 -> %6 MB (%7 KB/conn), %8 reconnects")
                 .arg(ok ? QStringLiteral("ok") : QStringLiteral("FAILED"))
                 .arg(fleet->registered())
                 .arg(n)
                 .arg(seconds, 0, 'f', 2)
                 .arg(rss0 / 1024.0, 0, 'f', 1)
                 .arg(rss1 / 1024.0, 0, 'f', 1)
                 .arg(static_cast<double>(rss1 - rss0) / n, 0, 'f', 1)
                 .arg(c.reconnects));
        delete fleet;
        waitUntil([] { return false; }, 300);
        server.stop();
        run.insert(QStringLiteral("load_after"), loadAverage());
        runs.append(run);
        QDir(dir).removeRecursively();
        if (!ok) {
            stoppedBy = QStringLiteral("%1 terminals failed").arg(n);
            break;
        }
        maxOk = std::max(maxOk, n);
        waitUntil([] { return false; }, 1000);
    }
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("connections")},
                       {QStringLiteral("protocol"), isTcp<T> ? QStringLiteral("tcp") : QStringLiteral("ws")},
                       {QStringLiteral("date"), today()},
                       {QStringLiteral("runs"), runs},
                       {QStringLiteral("max_ok"), maxOk},
                       {QStringLiteral("stopped_by"), stoppedBy},
                       {QStringLiteral("fd_limit"), static_cast<qint64>(fdLimit)},
                       {QStringLiteral("timeout_seconds"), timeoutMs / 1000}};
    return writeResult(option(args, QStringLiteral("--out")), result) ? 0 : 1;
}

/// For --stored: the server creates its schema in @p dir and stops; @p punches of history are written into it
/// (prefillHistory: 300 terminals over the year before the simulator's clock) and the result is copied to
/// @p seedFile, the base of the limit.
bool prepareHistory(const QString &termdesk, const QString &dir, qint64 punches, const QString &seedFile,
                    PrefillResult &history)
{
    ServerProcess schema;
    QString error;
    if (!schema.start(termdesk, dir, {}, QStringLiteral("127.0.0.1"), &error) || !schema.stop()) {
        note(QStringLiteral("cannot create the database: ") + error);
        return false;
    }
    // The simulators' clocks start one day back (sim/simdevice.cpp): the history ends a day before that.
    const qint64 end = QDateTime::currentDateTime().addDays(-2).toMSecsSinceEpoch() +
                       qint64(QDateTime::currentDateTime().offsetFromUtc()) * 1000;
    note(QStringLiteral("writing %1 punches of history").arg(punches));
    history = prefillHistory(dir + QStringLiteral("/termdesk.sqlite"), punches, 300, end, 365);
    if (!history.ok) {
        note(QStringLiteral("history: ") + history.error);
        return false;
    }
    note(QStringLiteral("  %1 punches of history in %2 s").arg(history.punches).arg(history.seconds, 0, 'f', 1));
    if (!QFile::copy(dir + QStringLiteral("/termdesk.sqlite"), seedFile)) {
        note(QStringLiteral("cannot copy the history to ") + seedFile);
        return false;
    }
    return true;
}

template <class T> int runIngest(const QStringList &args)
{
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString work = option(args, QStringLiteral("--work"));
    const int n = option(args, QStringLiteral("--terminals"), QStringLiteral("50")).toInt();
    const qint64 total = option(args, QStringLiteral("--punches"), QStringLiteral("1000000")).toLongLong();
    const int batch = option(args, QStringLiteral("--batch"), QStringLiteral("50")).toInt();
    const QString sync = option(args, QStringLiteral("--sync"), QStringLiteral("FULL")).toUpper();
    const int timeoutMs = option(args, QStringLiteral("--timeout"), QStringLiteral("300")).toInt() * 1000;
    const qint64 perTerminal = total / n;
    const qint64 expected = perTerminal * n;
    // --stored N: the database already holds N punches of history (a site after months), and the limit is
    // measured into a copy of that same database.
    const qint64 storedBefore = option(args, QStringLiteral("--stored"), QStringLiteral("0")).toLongLong();
    const QString dir = work + QStringLiteral("/%1ingest-%2-%3%4")
                                   .arg(isTcp<T> ? QStringLiteral("tcp-") : QString())
                                   .arg(n)
                                   .arg(sync)
                                   .arg(storedBefore > 0 ? QStringLiteral("-stored") : QString());
    freshDir(dir);
    const QString file = dir + QStringLiteral("/termdesk.sqlite");
    const QString seedFile = dir + QStringLiteral("/history.sqlite");
    PrefillResult history;
    if (storedBefore > 0 && !prepareHistory(termdesk, dir, storedBefore, seedFile, history))
        return 1;

    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("ingest")},
                       {QStringLiteral("protocol"), isTcp<T> ? QStringLiteral("tcp") : QStringLiteral("ws")},
                       {QStringLiteral("date"), today()},
                       {QStringLiteral("terminals"), n},
                       {QStringLiteral("punches"), expected},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("synchronous"), sync},
                       {QStringLiteral("load_before"), loadAverage()}};
    const auto [fsyncMedian, fsyncWorst] = fsyncLatencyMs(dir);
    result.insert(QStringLiteral("fsync_ms_median"), fsyncMedian);
    result.insert(QStringLiteral("fsync_ms_worst"), fsyncWorst);
    ServerProcess server;
    QString error;
    if (!server.start(termdesk, dir, {{QStringLiteral("storage/synchronous"), sync}}, QStringLiteral("127.0.0.1"),
                      &error)) {
        note(error);
        return 1;
    }
    note(QStringLiteral("fsync of 4 KiB now: median %1 ms, worst %2 ms")
             .arg(fsyncMedian, 0, 'f', 2)
             .arg(fsyncWorst, 0, 'f', 2));
    note(QStringLiteral("ingest: %1 terminals x %2 punches, batch %3, synchronous=%4")
             .arg(n)
             .arg(perTerminal)
             .arg(batch)
             .arg(sync));
    if (terminalPort<T>(server) == 0) {
        note(QStringLiteral("the server has no TCP listener"));
        return 1;
    }
    auto *fleet = new Fleet<T>(n, QStringLiteral("ING"), batch, false, terminalPort<T>(server));
    fleet->startClock();
    fleet->startAll();
    if (!waitUntil([&] { return fleet->registered() == n; }, 120000, 10)) {
        note(QStringLiteral("only %1 of %2 terminals registered").arg(fleet->registered()).arg(n));
        return 1;
    }
    result.insert(QStringLiteral("seconds_to_all_registered"), fleet->allRegisteredSeconds());
    waitUntil([] { return false; }, 300);

    // Optional: profile the server during the timed part (perf record, software clock: works in VMs).
    const QString perfFile = option(args, QStringLiteral("--perf"));
    QProcess perf;
    if (!perfFile.isEmpty()) {
        perf.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // DWARF call graphs: Qt and SQLite are built without frame pointers (and Debian ships no symbols for
        // Qt's internal functions), so only unwinding through .eh_frame gives the callers.
        perf.start(QStringLiteral("perf"),
                   {QStringLiteral("record"), QStringLiteral("-e"), QStringLiteral("cpu-clock"), QStringLiteral("-F"),
                    QStringLiteral("499"), QStringLiteral("--call-graph"), QStringLiteral("dwarf,32768"),
                    QStringLiteral("-o"), perfFile, QStringLiteral("-p"), QString::number(server.pid())});
        perf.waitForStarted(5000);
        waitUntil([] { return false; }, 500);
    }
    // Generate everything now (outside the timed part; the sends are queued until the event loop runs),
    // then time until the last acknowledgement.
    for (T *t : fleet->terminals())
        t->generatePunches(static_cast<int>(perTerminal));
    const double serverCpu0 = procCpuSeconds(server.pid());
    const double selfCpu0 = selfCpuSeconds();
    fleet->expect(expected);
    fleet->startClock();
    const bool ok = waitUntil([&] { return fleet->acked() >= expected; }, timeoutMs, 2);
    if (perf.state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(perf.processId()), SIGINT);
        perf.waitForFinished(30000);
    }
    const double seconds = ok ? fleet->doneSeconds() : -1;
    const double serverCpu = procCpuSeconds(server.pid()) - serverCpu0;
    const double selfCpu = selfCpuSeconds() - selfCpu0;
    if (!ok)
        note(QStringLiteral("  timed out: %1 of %2 acknowledged (counters say %3)")
                 .arg(fleet->acked())
                 .arg(expected)
                 .arg(fleet->totals().acknowledged));
    const qint64 rss = server.rssKb();
    const double sustained = fleet->sustainedRate();
    const termdesk::sim::Counters c = fleet->totals();
    delete fleet;
    const bool stopped = server.stop();

    Sqlite db;
    const QByteArray countSql = "SELECT count(*) FROM punches WHERE id > " + QByteArray::number(history.lastId);
    const qint64 rows = db.open(file, true) ? db.scalar(countSql.constData()) : -1;
    const double rate = ok && seconds > 0 ? static_cast<double>(expected) / seconds : 0;
    result.insert(QStringLiteral("ok"), ok && rows == expected && stopped);
    result.insert(QStringLiteral("acknowledged"), c.acknowledged);
    result.insert(QStringLiteral("rows"), rows);
    result.insert(QStringLiteral("resent"), c.resent);
    result.insert(QStringLiteral("reconnects"), c.reconnects);
    result.insert(QStringLiteral("seconds"), seconds);
    result.insert(QStringLiteral("rate"), rate);
    result.insert(QStringLiteral("sustained_rate"), sustained);
    result.insert(QStringLiteral("server_cpu_seconds"), serverCpu);
    result.insert(QStringLiteral("sim_cpu_seconds"), selfCpu);
    result.insert(QStringLiteral("server_rss_kb"), rss);
    result.insert(QStringLiteral("stored_before"), history.punches);
    if (storedBefore > 0)
        result.insert(QStringLiteral("prefill_seconds"), history.seconds);
    result.insert(QStringLiteral("load_after_server_run"), loadAverage());
    note(QStringLiteral("  stored+acked %1 punches in %2 s = %3/s (10-90 %: %4/s); server CPU %5 s, sim CPU %6 s; "
                        "rows %7")
             .arg(c.acknowledged)
             .arg(seconds, 0, 'f', 2)
             .arg(rate, 0, 'f', 0)
             .arg(sustained, 0, 'f', 0)
             .arg(serverCpu, 0, 'f', 2)
             .arg(selfCpu, 0, 'f', 2)
             .arg(rows));

    if (args.contains(QStringLiteral("--no-limit"))) { // A/B runs of the server alone
        result.insert(QStringLiteral("load_after"), loadAverage());
        if (!writeResult(option(args, QStringLiteral("--out")), result))
            return 1;
        if (!args.contains(QStringLiteral("--keep")))
            QDir(dir).removeRecursively();
        return result.value(QStringLiteral("ok")).toBool() ? 0 : 1;
    }
    // The limit, same run: the same rows, same schema, same synchronous, one transaction per batch.
    std::vector<Row> all;
    all.reserve(static_cast<size_t>(expected));
    if (!readRows(file, history.lastId, all, &error)) {
        note(QStringLiteral("cannot read the stored rows: ") + error);
        return 1;
    }
    const QString limitFile = dir + QStringLiteral("/limit.sqlite");
    result.insert(QStringLiteral("load_before_limit"), loadAverage());
    const auto [limitFsyncMedian, limitFsyncWorst] = fsyncLatencyMs(dir);
    result.insert(QStringLiteral("fsync_ms_median_before_limit"), limitFsyncMedian);
    result.insert(QStringLiteral("fsync_ms_worst_before_limit"), limitFsyncWorst);
    const LimitResult limit = sqliteLimit(file, limitFile, all, sync, batch, storedBefore > 0 ? seedFile : QString());
    note(QStringLiteral("  raw SQLite C API, %1 rows/transaction: %2 rows in %3 s = %4/s %5")
             .arg(batch)
             .arg(limit.rows)
             .arg(limit.seconds, 0, 'f', 2)
             .arg(limit.rate(), 0, 'f', 0)
             .arg(limit.error));
    result.insert(QStringLiteral("limit"), limitJson(limit, batch));
    result.insert(QStringLiteral("ratio"), limit.rate() > 0 ? rate / limit.rate() : 0);
    // For information: the same insert with the server's own transaction size (group commit).
    const int group = option(args, QStringLiteral("--group"), QStringLiteral("20000")).toInt();
    if (group > 0) {
        const LimitResult grouped =
            sqliteLimit(file, limitFile, all, sync, group, storedBefore > 0 ? seedFile : QString());
        note(QStringLiteral("  raw SQLite C API, %1 rows/transaction: %2/s").arg(group).arg(grouped.rate(), 0, 'f', 0));
        result.insert(QStringLiteral("limit_group_commit"), limitJson(grouped, group));
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(limitFile + suffix);
    result.insert(QStringLiteral("load_after"), loadAverage());
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    if (!args.contains(QStringLiteral("--keep")))
        QDir(dir).removeRecursively();
    return result.value(QStringLiteral("ok")).toBool() && limit.ok ? 0 : 1;
}

QString keyText(const QString &sn, qint64 enrollId, const QString &time, int mode, int inOut, int event)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6").arg(sn).arg(enrollId).arg(time).arg(mode).arg(inOut).arg(event);
}

int runStorm(const QStringList &args)
{
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString work = option(args, QStringLiteral("--work"));
    const int n = option(args, QStringLiteral("--terminals"), QStringLiteral("1000")).toInt();
    const int perTerminal = option(args, QStringLiteral("--per-terminal"), QStringLiteral("1000")).toInt();
    const int batch = option(args, QStringLiteral("--batch"), QStringLiteral("50")).toInt();
    const QString sync = option(args, QStringLiteral("--sync"), QStringLiteral("FULL")).toUpper();
    const int timeoutMs = option(args, QStringLiteral("--timeout"), QStringLiteral("300")).toInt() * 1000;
    const QString dir = option(args, QStringLiteral("--data"), work + QStringLiteral("/storm"));
    const qint64 expected = qint64(n) * perTerminal;
    freshDir(dir);

    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("storm")},
                       {QStringLiteral("date"), today()},
                       {QStringLiteral("terminals"), n},
                       {QStringLiteral("per_terminal"), perTerminal},
                       {QStringLiteral("punches"), expected},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("synchronous"), sync},
                       {QStringLiteral("load_before"), loadAverage()}};
    ServerProcess server;
    QString error;
    if (!server.start(termdesk, dir, {{QStringLiteral("storage/synchronous"), sync}}, QStringLiteral("127.0.0.1"),
                      &error)) {
        note(error);
        return 1;
    }
    note(QStringLiteral("storm: %1 terminals holding %2 unacknowledged punches each connect at once")
             .arg(n)
             .arg(perTerminal));
    auto *fleet = new Fleet<SimTerminal>(n, QStringLiteral("STORM"), batch,
                                         !args.contains(QStringLiteral("--no-check")), server.port());
    for (SimTerminal *t : fleet->terminals())
        t->generatePunches(perTerminal); // held: nothing goes out before reg
    const double serverCpu0 = procCpuSeconds(server.pid());
    fleet->expect(expected);
    fleet->startClock();
    fleet->startAll();
    const bool ok = waitUntil([&] { return fleet->acked() >= expected; }, timeoutMs, 2);
    const double seconds = ok ? fleet->doneSeconds() : -1;
    const double serverCpu = procCpuSeconds(server.pid()) - serverCpu0;
    const termdesk::sim::Counters c = fleet->totals();
    result.insert(QStringLiteral("seconds_to_all_registered"), fleet->allRegisteredSeconds());
    result.insert(QStringLiteral("seconds"), seconds);
    result.insert(QStringLiteral("rate"), ok && seconds > 0 ? static_cast<double>(expected) / seconds : 0);
    result.insert(QStringLiteral("server_cpu_seconds"), serverCpu);
    result.insert(QStringLiteral("server_peak_rss_kb"), procStatusKb(server.pid(), "VmHWM"));
    result.insert(QStringLiteral("resent"), c.resent);
    result.insert(QStringLiteral("reconnects"), c.reconnects);
    result.insert(QStringLiteral("refused"), c.refused);
    result.insert(QStringLiteral("load_after_server_run"), loadAverage());
    note(QStringLiteral("  everything stored+acked in %1 s (%2/s); all registered after %3 s; resent %4, reconnects %5")
             .arg(seconds, 0, 'f', 2)
             .arg(seconds > 0 ? expected / seconds : 0, 0, 'f', 0)
             .arg(fleet->allRegisteredSeconds(), 0, 'f', 2)
             .arg(c.resent)
             .arg(c.reconnects));

    // Nothing lost, nothing doubled: the sims' acknowledged sets against the table.
    QSet<QString> acked;
    acked.reserve(expected);
    qint64 ackedEntries = 0;
    for (const SimTerminal *t : fleet->terminals()) {
        for (const PunchKey &k : t->acknowledged()) {
            ++ackedEntries;
            acked.insert(keyText(k.sn, k.enrollId, k.time, k.mode, k.inOut, k.event));
        }
    }
    delete fleet;
    const bool stopped = server.stop();
    Sqlite db;
    qint64 rows = -1;
    qint64 missing = 0;  // acknowledged but not stored
    qint64 notAcked = 0; // stored but never acknowledged
    qint64 dbDistinct = 0;
    if (db.open(dir + QStringLiteral("/termdesk.sqlite"), true)) {
        rows = db.scalar("SELECT count(*) FROM punches");
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db.handle(),
                           "SELECT t.sn, p.enroll_id, p.local_time, p.verify_mode, p.in_out, p.event"
                           " FROM punches p JOIN terminals t ON t.id = p.terminal_id",
                           -1, &st, nullptr);
        QSet<QString> stored;
        stored.reserve(rows > 0 ? rows : 0);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            const QString key =
                keyText(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))),
                        sqlite3_column_int64(st, 1),
                        QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 2))),
                        sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5));
            stored.insert(key);
            if (!acked.contains(key))
                ++notAcked;
        }
        sqlite3_finalize(st);
        dbDistinct = stored.size();
        for (const QString &k : std::as_const(acked)) {
            if (!stored.contains(k))
                ++missing;
        }
    }
    const bool exact = ok && stopped && rows == expected && dbDistinct == expected && ackedEntries == expected &&
                       acked.size() == expected && missing == 0 && notAcked == 0;
    result.insert(QStringLiteral("rows"), rows);
    result.insert(QStringLiteral("rows_distinct_keys"), dbDistinct);
    result.insert(QStringLiteral("acknowledged_entries"), ackedEntries);
    result.insert(QStringLiteral("acknowledged_distinct"), static_cast<qint64>(acked.size()));
    result.insert(QStringLiteral("acknowledged_not_stored"), missing);
    result.insert(QStringLiteral("stored_not_acknowledged"), notAcked);
    result.insert(QStringLiteral("ok"), exact);
    result.insert(QStringLiteral("load_after"), loadAverage());
    note(QStringLiteral(
             "  check: rows %1, distinct %2, acked %3 (distinct %4), acked-not-stored %5, stored-not-acked %6: %7")
             .arg(rows)
             .arg(dbDistinct)
             .arg(ackedEntries)
             .arg(acked.size())
             .arg(missing)
             .arg(notAcked)
             .arg(exact ? QStringLiteral("OK") : QStringLiteral("MISMATCH")));
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    return exact ? 0 : 1;
}

#if TERMDESK_BENCH_PG
// ------------------------------------------------------------------------------------------------
// PostgreSQL: the real servers storing into one database of a throwaway cluster (fsync on), and the
// libpq COPY limit of the same rows.

struct PgIngestRun
{
    bool ok = false;
    qint64 rows = -1;
    double seconds = -1;
    double rate = 0;
    double serverCpu = 0;
    QString loadBefore, loadAfter, url;

    QJsonObject json(int servers, bool libpq) const
    {
        return QJsonObject{{QStringLiteral("servers"), servers},
                           {QStringLiteral("writer"), libpq ? QStringLiteral("libpq") : QStringLiteral("qpsql")},
                           {QStringLiteral("ok"), ok},
                           {QStringLiteral("rows"), rows},
                           {QStringLiteral("seconds"), seconds},
                           {QStringLiteral("rate"), rate},
                           {QStringLiteral("server_cpu_seconds"), serverCpu},
                           {QStringLiteral("load_before"), loadBefore},
                           {QStringLiteral("load_after"), loadAfter}};
    }
};

/// @p servers headless servers on one fresh database of @p cluster, the @p n terminals split between them,
/// each sending @p perTerminal punches in batches of @p batch; the servers' punches through libpq or QPSQL
/// ($TERMDESK_POSTGRES_LIBPQ). Timed from the first send to the last acknowledgement.
PgIngestRun pgIngest(const QString &termdesk, PgCluster &cluster, const QString &dir, int servers, int n,
                     qint64 perTerminal, int batch, bool libpq, int timeoutMs)
{
    PgIngestRun run;
    run.loadBefore = loadAverage();
    QString error;
    run.url = cluster.freshDatabase(&error);
    if (run.url.isEmpty()) {
        note(error);
        return run;
    }
    note(QStringLiteral("pg: %1 server%2 (%3), %4 terminals x %5 punches, batch %6")
             .arg(servers)
             .arg(servers > 1 ? QStringLiteral("s sharing the database") : QString())
             .arg(libpq ? QStringLiteral("libpq") : QStringLiteral("QPSQL"))
             .arg(n)
             .arg(perTerminal)
             .arg(batch));
    qputenv("TERMDESK_POSTGRES_LIBPQ", libpq ? "1" : "0");
    std::vector<std::unique_ptr<ServerProcess>> procs;
    std::vector<std::unique_ptr<Fleet<SimTerminal>>> fleets;
    qint64 expected = 0;
    for (int s = 0; s < servers; ++s) {
        const QString data = dir + QStringLiteral("/server-%1").arg(s + 1);
        freshDir(data);
        auto server = std::make_unique<ServerProcess>();
        if (!server->start(termdesk, data, {{QStringLiteral("storage/database"), run.url}}, QStringLiteral("127.0.0.1"),
                           &error)) {
            note(error);
            qunsetenv("TERMDESK_POSTGRES_LIBPQ");
            return run;
        }
        const int share = n / servers + (s < n % servers ? 1 : 0);
        expected += share * perTerminal;
        fleets.push_back(std::make_unique<Fleet<SimTerminal>>(share, QStringLiteral("PG%1-").arg(s + 1), batch, false,
                                                              server->port()));
        procs.push_back(std::move(server));
    }
    qunsetenv("TERMDESK_POSTGRES_LIBPQ");
    for (auto &f : fleets) {
        f->startClock();
        f->startAll();
    }
    const auto registered = [&] {
        return std::all_of(fleets.begin(), fleets.end(),
                           [](const auto &f) { return f->registered() == static_cast<int>(f->terminals().size()); });
    };
    if (!waitUntil(registered, 120000, 10)) {
        note(QStringLiteral("  not every terminal registered"));
        return run;
    }
    waitUntil([] { return false; }, 300);
    for (auto &f : fleets) {
        for (SimTerminal *t : f->terminals())
            t->generatePunches(static_cast<int>(perTerminal));
    }
    double cpu0 = 0;
    for (const auto &p : procs)
        cpu0 += procCpuSeconds(p->pid());
    for (auto &f : fleets) {
        f->expect(static_cast<qint64>(f->terminals().size()) * perTerminal);
        f->startClock();
    }
    const auto acked = [&] {
        return std::all_of(fleets.begin(), fleets.end(), [&](const auto &f) {
            return f->acked() >= static_cast<qint64>(f->terminals().size()) * perTerminal;
        });
    };
    const bool ok = waitUntil(acked, timeoutMs, 2);
    double seconds = 0;
    for (const auto &f : fleets)
        seconds = std::max(seconds, f->doneSeconds());
    for (const auto &p : procs)
        run.serverCpu += procCpuSeconds(p->pid());
    run.serverCpu -= cpu0;
    fleets.clear();
    bool stopped = true;
    for (auto &p : procs)
        stopped = p->stop() && stopped;
    run.rows = pgScalar(run.url, "SELECT count(*) FROM punches");
    run.seconds = ok ? seconds : -1;
    run.rate = ok && seconds > 0 ? static_cast<double>(expected) / seconds : 0;
    run.ok = ok && stopped && run.rows == expected;
    run.loadAfter = loadAverage();
    note(QStringLiteral("  %1: %2 punches stored+acked in %3 s = %4/s; servers' CPU %5 s; rows %6")
             .arg(run.ok ? QStringLiteral("ok") : QStringLiteral("FAILED"))
             .arg(expected)
             .arg(run.seconds, 0, 'f', 2)
             .arg(run.rate, 0, 'f', 0)
             .arg(run.serverCpu, 0, 'f', 2)
             .arg(run.rows));
    return run;
}

QJsonObject pgLimitJson(const PgLimit &l, int perTransaction)
{
    return QJsonObject{{QStringLiteral("ok"), l.ok},
                       {QStringLiteral("rows"), l.rows},
                       {QStringLiteral("rows_per_transaction"), perTransaction},
                       {QStringLiteral("seconds"), l.seconds},
                       {QStringLiteral("rate"), l.rate()},
                       {QStringLiteral("error"), l.error}};
}

int runPg(const QStringList &args)
{
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString work = option(args, QStringLiteral("--work"));
    const int n = option(args, QStringLiteral("--terminals"), QStringLiteral("50")).toInt();
    const qint64 total = option(args, QStringLiteral("--punches"), QStringLiteral("200000")).toLongLong();
    const int batch = option(args, QStringLiteral("--batch"), QStringLiteral("50")).toInt();
    const int group = option(args, QStringLiteral("--group"), QStringLiteral("20000")).toInt();
    const int timeoutMs = option(args, QStringLiteral("--timeout"), QStringLiteral("300")).toInt() * 1000;
    const qint64 perTerminal = total / n;
    const QString dir = work + QStringLiteral("/pg");
    freshDir(dir);
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("pg")},
                       {QStringLiteral("date"), today()},
                       {QStringLiteral("terminals"), n},
                       {QStringLiteral("punches"), perTerminal * n},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("load_before"), loadAverage()}};
    const auto [fsyncMedian, fsyncWorst] = fsyncLatencyMs(dir);
    result.insert(QStringLiteral("fsync_ms_median"), fsyncMedian);
    result.insert(QStringLiteral("fsync_ms_worst"), fsyncWorst);
    PgCluster cluster(dir, true);
    QString error;
    if (!cluster.start(&error)) {
        note(QStringLiteral("pg: cannot start PostgreSQL: ") + error);
        return 1;
    }
    result.insert(QStringLiteral("postgresql"), QStringLiteral("15, fsync on, synchronous_commit on"));
    const PgIngestRun one = pgIngest(termdesk, cluster, dir, 1, n, perTerminal, batch, true, timeoutMs);
    const PgIngestRun qpsql = pgIngest(termdesk, cluster, dir, 1, n, perTerminal, batch, false, timeoutMs);
    const PgIngestRun two = pgIngest(termdesk, cluster, dir, 2, n, perTerminal, batch, true, timeoutMs);
    result.insert(QStringLiteral("one_server"), one.json(1, true));
    result.insert(QStringLiteral("one_server_qpsql"), qpsql.json(1, false));
    result.insert(QStringLiteral("two_servers"), two.json(2, true));

    // The limit, same run: the rows the first server stored, COPY'd again, the same rows per transaction.
    std::vector<QByteArray> lines;
    lines.reserve(static_cast<size_t>(perTerminal * n));
    if (!pgReadPunches(one.url, lines, &error)) {
        note(QStringLiteral("pg: cannot read the stored rows: ") + error);
        return 1;
    }
    result.insert(QStringLiteral("load_before_limit"), loadAverage());
    const PgLimit limit = pgCopyLimit(one.url, lines, batch);
    note(QStringLiteral("  libpq COPY, %1 rows/transaction: %2 rows in %3 s = %4/s %5")
             .arg(batch)
             .arg(limit.rows)
             .arg(limit.seconds, 0, 'f', 2)
             .arg(limit.rate(), 0, 'f', 0)
             .arg(limit.error));
    result.insert(QStringLiteral("limit"), pgLimitJson(limit, batch));
    if (group > 0) {
        const PgLimit grouped = pgCopyLimit(one.url, lines, group);
        note(QStringLiteral("  libpq COPY, %1 rows/transaction: %2/s").arg(group).arg(grouped.rate(), 0, 'f', 0));
        result.insert(QStringLiteral("limit_group_commit"), pgLimitJson(grouped, group));
    }
    const double limitRate = limit.rate();
    result.insert(QStringLiteral("ratio"), limitRate > 0 ? one.rate / limitRate : 0);
    result.insert(QStringLiteral("ratio_qpsql"), limitRate > 0 ? qpsql.rate / limitRate : 0);
    result.insert(QStringLiteral("ratio_two_servers"), limitRate > 0 ? two.rate / limitRate : 0);
    result.insert(QStringLiteral("ok"), one.ok && qpsql.ok && two.ok && limit.ok);
    result.insert(QStringLiteral("load_after"), loadAverage());
    cluster.stop();
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    if (!args.contains(QStringLiteral("--keep")))
        QDir(dir).removeRecursively();
    return result.value(QStringLiteral("ok")).toBool() ? 0 : 1;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    useUnixEventDispatcher();
    QCoreApplication app(argc, argv);
    raiseFdLimit();
    const QStringList args = app.arguments();
    const QString mode = args.value(1);
    const bool tcp = option(args, QStringLiteral("--protocol"), QStringLiteral("ws")) == QLatin1String("tcp");
    if (mode == QLatin1String("connections"))
        return tcp ? runConnections<SimTcpTerminal>(args) : runConnections<SimTerminal>(args);
    if (mode == QLatin1String("ingest"))
        return tcp ? runIngest<SimTcpTerminal>(args) : runIngest<SimTerminal>(args);
    if (mode == QLatin1String("storm"))
        return runStorm(args);
    if (mode == QLatin1String("pg")) {
#if TERMDESK_BENCH_PG
        return runPg(args);
#else
        std::fprintf(stderr, "bench_server pg: this build has no libpq (TERMDESK_LIBPQ=OFF)\n");
        return 2;
#endif
    }
    std::fprintf(stderr, "usage: bench_server connections|ingest|storm|pg --termdesk BIN --work DIR --out FILE ...\n");
    return 2;
}
