// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the benchmark programs: the headless server as a child process, /proc readings,
// timed child processes, raw SQLite access and the JSON fragment each program writes.
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>

struct sqlite3;

namespace termdesk::bench {

/// "0.42 0.80 1.10" from /proc/loadavg (1, 5 and 15 minutes).
QString loadAverage();
/// The 1-minute load average.
double load1();
/// A field of /proc/PID/status in kB (VmRSS, VmHWM, ...), or -1.
qint64 procStatusKb(qint64 pid, const char *field);
/// Open file descriptors of a process, or -1.
int openFds(qint64 pid);
/// CPU time (user + system) a process used so far, in seconds, from /proc/PID/stat; -1 if unknown.
double procCpuSeconds(qint64 pid);
/// Median and worst latency in ms of 4 KiB write + fdatasync in @p dir (20 tries): the disk's state right
/// now, which decides what synchronous=FULL costs. {-1, -1} on error.
std::pair<double, double> fsyncLatencyMs(const QString &dir);

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
long raiseFdLimit();

/// The bench process (the simulated terminals) runs Qt's plain UNIX event dispatcher: the GLib one costs
/// O(connections) per socket-notifier change, and the load generator must not be the bottleneck. The
/// server child keeps the environment the user started the bench with (QT_NO_GLIB only if set there).
/// Call before QCoreApplication is created.
void useUnixEventDispatcher();

/// Runs the event loop until @p done returns true or @p timeoutMs passed; returns done().
bool waitUntil(const std::function<bool()> &done, int timeoutMs, int stepMs = 5);

/// The TermDesk headless server as a child process (`termdesk --headless --data-dir D --ws-port 0`).
class ServerProcess
{
public:
    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    /// Writes @p settings into DATA/termdesk.ini (e.g. storage/synchronous = NORMAL) and starts the server
    /// listening on @p listen. Its stderr goes to DATA/server.log. Returns false with *error set when it did
    /// not come up.
    bool start(const QString &termdesk, const QString &dataDir, const QVariantMap &settings, const QString &listen,
               QString *error);
    /// SIGTERM and wait (the server flushes the storage queue first); false if it had to be killed.
    bool stop(int timeoutMs = 60000);
    /// SIGKILL, as a crash or a power cut: nothing is flushed.
    void kill();

    quint16 port() const { return m_port; }
    /// The TCP binary protocol port; 0 when the server has no TCP listener.
    quint16 tcpPort() const { return m_tcpPort; }
    /// The REST API's port; 0 unless the settings turned it on (`api/port` = 0 picks a free one).
    quint16 apiPort() const { return m_apiPort; }
    qint64 pid() const { return m_pid; }
    qint64 rssKb() const { return procStatusKb(m_pid, "VmRSS"); }
    int exitCode() const { return m_process.exitCode(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
    quint16 m_tcpPort = 0;
    quint16 m_apiPort = 0;
    qint64 m_pid = 0;
};

/// A child process run to completion with its stdout sent to a file.
struct TimedRun
{
    bool ok = false; ///< started and exited with status 0
    int exitCode = -1;
    double seconds = 0; ///< wall time from spawn to exit
    double cpuSeconds = 0;
    qint64 maxRssKb = 0; ///< ru_maxrss of the child
    QString error;
};
/// Runs @p argv (argv[0] is the program path); stdout to @p stdoutFile (or /dev/null if empty), stderr to
/// @p stderrFile (or /dev/null).
TimedRun runTimed(const QStringList &argv, const QString &stdoutFile, const QString &stderrFile = {});

/// Thin RAII over a sqlite3 connection for the checks and the raw-SQLite limit.
class Sqlite
{
public:
    Sqlite() = default;
    ~Sqlite();
    Sqlite(const Sqlite &) = delete;
    Sqlite &operator=(const Sqlite &) = delete;

    bool open(const QString &file, bool readOnly);
    bool exec(const char *sql);
    /// First column of the first row as an integer, or -1 on error.
    qint64 scalar(const char *sql);
    QString error() const { return m_error; }
    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
    QString m_error;
};

/// Writes one benchmark's results: {"bench": name, "date", "load_before", "load_after", ...values}.
bool writeResult(const QString &file, const QJsonObject &object);

/// Command-line value of "--name VALUE" (or @p fallback).
QString option(const QStringList &args, const QString &name, const QString &fallback = {});

/// Prints a progress line on stderr (benchmarks keep stdout for their summary).
void note(const QString &text);

} // namespace termdesk::bench
