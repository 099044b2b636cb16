// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportscheduler.h"

#include "csvexporter.h"
#include "exportcursor.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/duetimer.h"
#include "util/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <memory>

namespace termdesk::service {
namespace {

struct Outcome
{
    QString path;
    QString error;
    qint64 rows = 0;
    qint64 cursor = 0;
};

/// @p name in @p folder, or name-2.csv, name-3.csv… when a file of that name is there already:
/// an export never replaces an earlier one the consumer may not have read yet.
QString freePath(const QDir &folder, const QString &name)
{
    const QFileInfo info(name);
    const QString suffix = info.suffix().isEmpty() ? QString() : QStringLiteral(".") + info.suffix();
    const QString base = info.suffix().isEmpty() ? name : name.chopped(suffix.size());
    QString candidate = name;
    for (int n = 2; QFileInfo::exists(folder.filePath(candidate)) && n <= 1000; ++n)
        candidate = QStringLiteral("%1-%2%3").arg(base).arg(n).arg(suffix);
    return folder.filePath(candidate);
}

/// Writes the punches after @p cursor to @p path (under a temporary name, renamed when
/// complete). Returns the rows written, or -1 with *error set and no file left behind.
qint64 writeCsv(const QString &dbFile, const ExportPlan &plan, const QString &path, qint64 *cursor, QString *error)
{
    const QString connection = QStringLiteral("scheduled-export-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    qint64 rows = -1;
    {
        storage::OpenOptions options;
        options.readOnly = true;
        if (!storage::Database::open(dbFile, connection, options, error))
            return -1;
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        } else {
            CsvExportFilter filter;
            filter.afterId = *cursor;
            CsvExportOptions csv;
            csv.format = plan.format;
            csv.bom = plan.bom;
            csv.lastId = cursor;
            rows = CsvExporter::exportPunches(storage::Database::get(connection), filter, csv, &out, error);
            if (rows < 0) {
                out.cancelWriting();
            } else if (QString why; !CsvExporter::commit(out, &why)) {
                *error = QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
                rows = -1;
            }
        }
    }
    storage::Database::close(connection);
    return rows;
}

Outcome runExport(const QString &dbFile, const QString &cursorFile, const ExportPlan &plan, const QDateTime &when)
{
    Outcome o;
    bool missing = false;
    const std::optional<qint64> cursor = exportcursor::read(cursorFile, &missing, &o.error);
    if (!cursor)
        return o;
    o.cursor = *cursor;
    const QString problem = ExportPlan::patternProblem(plan.pattern);
    if (!problem.isEmpty()) {
        o.error = problem;
        return o;
    }
    if (!QFileInfo(plan.folder).isDir()) {
        o.error = QStringLiteral("the export folder %1 is gone (or cannot be reached)")
                      .arg(QDir::toNativeSeparators(plan.folder));
        return o;
    }
    const QString path = freePath(QDir(plan.folder), plan.fileName(when));
    qint64 next = *cursor;
    o.rows = writeCsv(dbFile, plan, path, &next, &o.error);
    if (o.rows < 0)
        return o;
    // The file is in place: only now does the cursor move. If it cannot, the file goes again, so
    // that the next run writes those punches once, not twice.
    if (!exportcursor::write(cursorFile, next, &o.error)) {
        QFile::remove(path);
        o.rows = 0;
        return o;
    }
    QFile stamp(cursorFile);
    if (stamp.open(QIODevice::ReadWrite))
        stamp.setFileTime(when, QFileDevice::FileModificationTime); // the last successful run
    o.path = path;
    o.cursor = next;
    return o;
}

} // namespace

ExportScheduler::ExportScheduler(const QString &dbFile, const QString &cursorFile, Clock *clock, QObject *parent)
    : QObject(parent), m_dbFile(dbFile), m_cursorFile(cursorFile), m_clock(clock), m_timer(new DueTimer(clock, this))
{
    qRegisterMetaType<termdesk::ExportStatus>();
    connect(m_timer, &DueTimer::reached, this, &ExportScheduler::onTimer);
}

ExportScheduler::~ExportScheduler()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

qint64 ExportScheduler::retryDelayMs() const
{
    if (m_plan.schedule == ExportPlan::Schedule::EveryMinutes)
        return std::min(MAX_RETRY_MS, std::clamp(m_plan.everyMinutes, 1, 1440) * qint64(60'000));
    return MAX_RETRY_MS;
}

void ExportScheduler::setPlan(const ExportPlan &plan)
{
    m_plan = plan;
    m_retryAtMs = 0;
    const QFileInfo cursor(m_cursorFile);
    m_lastOkMs = cursor.isFile() ? cursor.lastModified().toMSecsSinceEpoch() : 0;
    reschedule();
}

void ExportScheduler::reschedule()
{
    m_status.nextRunMs = m_plan.nextRunMs(m_clock->wallClockMs(), m_lastOkMs);
    if (m_status.nextRunMs >= 0)
        m_status.nextRunMs = std::max(m_status.nextRunMs, m_retryAtMs);
    m_timer->start(m_status.nextRunMs);
    Q_EMIT statusChanged(m_status);
}

void ExportScheduler::onTimer()
{
    if (!m_worker)
        startExport();
}

void ExportScheduler::startExport()
{
    const qint64 whenMs = m_clock->wallClockMs();
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(whenMs);
    auto outcome = std::make_shared<Outcome>();
    m_worker = QThread::create([outcome, plan = m_plan, dbFile = m_dbFile, cursorFile = m_cursorFile, when] {
        *outcome = runExport(dbFile, cursorFile, plan, when);
    });
    m_status.running = true;
    Q_EMIT statusChanged(m_status);
    connect(m_worker, &QThread::finished, this, [this, outcome, whenMs] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_status.running = false;
        m_status.lastRunMs = whenMs;
        m_status.lastFile = outcome->path;
        m_status.lastError = outcome->error;
        m_status.lastRows = outcome->rows;
        m_status.lastCursor = outcome->cursor;
        if (outcome->path.isEmpty()) {
            m_retryAtMs = m_clock->wallClockMs() + retryDelayMs();
            qCWarning(lcExport).noquote() << QStringLiteral("scheduled export failed: %1; nothing was exported, the "
                                                            "next run (in %2 min) catches up")
                                                 .arg(outcome->error)
                                                 .arg(retryDelayMs() / 60'000);
        } else {
            m_retryAtMs = 0;
            m_lastOkMs = whenMs;
            qCInfo(lcExport).noquote() << QStringLiteral("scheduled export: %1 punches to %2 (cursor %3)")
                                              .arg(outcome->rows)
                                              .arg(QDir::toNativeSeparators(outcome->path))
                                              .arg(outcome->cursor);
        }
        reschedule();
        Q_EMIT exportFinished(m_status);
    });
    m_worker->start(QThread::LowPriority);
}

} // namespace termdesk::service
