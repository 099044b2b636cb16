// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace termdesk::bench {

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    const QList<QByteArray> parts = f.readAll().split(' ');
    if (parts.size() < 3)
        return QStringLiteral("?");
    return QString::fromLatin1(parts[0] + ' ' + parts[1] + ' ' + parts[2]);
}

double load1()
{
    return loadAverage().section(u' ', 0, 0).toDouble();
}

qint64 procStatusKb(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int openFds(qint64 pid)
{
    if (pid <= 0)
        return -1;
    const QDir dir(QStringLiteral("/proc/%1/fd").arg(pid));
    if (!dir.exists())
        return -1;
    return static_cast<int>(dir.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
}

double procCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')'); // the command name may contain spaces
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    if (fields.size() < 13)
        return -1;
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return static_cast<double>(fields[11].toLongLong() + fields[12].toLongLong()) / ticks;
}

std::pair<double, double> fsyncLatencyMs(const QString &dir)
{
    const QByteArray path = QDir(dir).filePath(QStringLiteral("fsync-probe.bin")).toLocal8Bit();
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return {-1, -1};
    std::vector<double> ms;
    const QByteArray block(4096, 'x');
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        if (::pwrite(fd, block.constData(), static_cast<size_t>(block.size()), static_cast<off_t>(i) * 4096) < 0 ||
            ::fdatasync(fd) != 0)
            break;
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    ::close(fd);
    ::unlink(path.constData());
    if (ms.empty())
        return {-1, -1};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

long raiseFdLimit()
{
    rlimit l{};
    if (getrlimit(RLIMIT_NOFILE, &l) != 0)
        return -1;
    if (l.rlim_cur < l.rlim_max) {
        l.rlim_cur = l.rlim_max;
        setrlimit(RLIMIT_NOFILE, &l);
        getrlimit(RLIMIT_NOFILE, &l);
    }
    return static_cast<long>(l.rlim_cur);
}

namespace {
bool g_userNoGlib = false;
}

void useUnixEventDispatcher()
{
    g_userNoGlib = !qEnvironmentVariableIsEmpty("QT_NO_GLIB");
    qputenv("QT_NO_GLIB", "1");
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs, int stepMs)
{
    if (done())
        return true;
    // A real event loop (never a processEvents() spin): the bench shares two cores with the server.
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(stepMs);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start();
    deadline.start(timeoutMs);
    loop.exec();
    return done();
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        stop(10000);
}

bool ServerProcess::start(const QString &termdesk, const QString &dataDir, const QVariantMap &settings,
                          const QString &listen, QString *error)
{
    QDir().mkpath(dataDir);
    {
        QSettings ini(QDir(dataDir).filePath(QStringLiteral("termdesk.ini")), QSettings::IniFormat);
        for (auto it = settings.cbegin(); it != settings.cend(); ++it)
            ini.setValue(it.key(), it.value());
        ini.sync();
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!g_userNoGlib)
        env.remove(QStringLiteral("QT_NO_GLIB")); // the server runs as shipped
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardErrorFile(QDir(dataDir).filePath(QStringLiteral("server.log")));
    // Both ports picked by the system: a fixed TCP port would collide with any other server on the machine.
    m_process.start(termdesk, {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir,
                               QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--tcp-port"),
                               QStringLiteral("0"), QStringLiteral("--listen"), listen});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(termdesk, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
    QByteArray out;
    const bool up = waitUntil(
        [&] {
            out += m_process.readAllStandardOutput();
            return out.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        30000);
    const auto m =
        QRegularExpression(QStringLiteral("termdesk listening ws=(\\d+)(?: tcp=(\\d+))?(?: wss=\\d+)?(?: api=(\\d+))?"))
            .match(QString::fromUtf8(out));
    if (!up || !m.hasMatch()) {
        *error = QStringLiteral("the server did not come up (see %1/server.log): %2")
                     .arg(dataDir, QString::fromUtf8(out).trimmed());
        m_process.kill();
        m_process.waitForFinished(5000);
        return false;
    }
    m_port = static_cast<quint16>(m.captured(1).toUInt());
    m_tcpPort = static_cast<quint16>(m.captured(2).toUInt());
    m_apiPort = static_cast<quint16>(m.captured(3).toUInt());
    return true;
}

bool ServerProcess::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    ::kill(static_cast<pid_t>(m_pid), SIGTERM);
    if (m_process.waitForFinished(timeoutMs))
        return m_process.exitStatus() == QProcess::NormalExit;
    m_process.kill();
    m_process.waitForFinished(5000);
    return false;
}

void ServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

TimedRun runTimed(const QStringList &argv, const QString &stdoutFile, const QString &stderrFile)
{
    TimedRun r;
    QList<QByteArray> storage;
    for (const QString &a : argv)
        storage.append(a.toLocal8Bit());
    std::vector<char *> cargv;
    for (QByteArray &a : storage)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray out = stdoutFile.isEmpty() ? QByteArray("/dev/null") : stdoutFile.toLocal8Bit();
    const QByteArray err = stderrFile.isEmpty() ? QByteArray("/dev/null") : stderrFile.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

    QElapsedTimer t;
    t.start();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        r.error = QStringLiteral("cannot start %1: %2").arg(argv.value(0), QString::fromLocal8Bit(std::strerror(rc)));
        return r;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    r.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    r.maxRssKb = usage.ru_maxrss;
    r.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.ok = r.exitCode == 0;
    if (!r.ok)
        r.error = QStringLiteral("%1 exited with %2").arg(argv.value(0)).arg(r.exitCode);
    return r;
}

Sqlite::~Sqlite()
{
    if (m_db)
        sqlite3_close(m_db);
}

bool Sqlite::open(const QString &file, bool readOnly)
{
    const int flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(file.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    sqlite3_busy_timeout(m_db, 10000);
    return true;
}

bool Sqlite::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(message));
        sqlite3_free(message);
        return false;
    }
    return true;
}

qint64 Sqlite::scalar(const char *sql)
{
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return -1;
    }
    qint64 v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_finalize(st);
    return v;
}

bool writeResult(const QString &file, const QJsonObject &object)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    return f.error() == QFileDevice::NoError;
}

QString option(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

void note(const QString &text)
{
    std::fprintf(stderr, "[%s load %s] %s\n",
                 qPrintable(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))),
                 qPrintable(loadAverage().section(u' ', 0, 0)), qPrintable(text));
    std::fflush(stderr);
}

} // namespace termdesk::bench
