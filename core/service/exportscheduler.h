// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/exportplan.h"

#include <QObject>
#include <QString>

class QThread;

namespace termdesk {
class Clock;
class DueTimer;
} // namespace termdesk

namespace termdesk::service {

/// @brief Exports the punches stored since the last export on an ExportPlan (docs/csv-export.md,
/// "Scheduled export"). Each run, in a thread of its own on a read-only connection of its own (the
/// storage writer never waits for it): reads the cursor file, writes the punches after the cursor
/// with CsvExporter under a temporary name in the plan's folder, renames the file into place, and
/// only then replaces the cursor file (exportcursor::write), whose modification time is set to the
/// run's start: the last successful run, which a restart reads back. A run that fails (folder gone,
/// disk full) leaves no file and the cursor where it was, says so in the log and in status(), and
/// is tried again retryDelayMs() later: the next run catches up, nothing skipped or written twice.
/// Times come from a Clock (tests advance a ManualClock).
class ExportScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportScheduler)
public:
    static constexpr qint64 MAX_RETRY_MS = 15 * 60 * 1000;

    /// @p cursorFile keeps the cursor across restarts (EngineConfig::exportCursorFile()).
    ExportScheduler(const QString &dbFile, const QString &cursorFile, Clock *clock, QObject *parent = nullptr);
    /// Waits for an export under way.
    ~ExportScheduler() override;

    /// Follows @p plan (folder absolute) from now on: computes the next run at once.
    void setPlan(const ExportPlan &plan);
    const ExportPlan &plan() const { return m_plan; }
    /// The last run, its result and the next run.
    const ExportStatus &status() const { return m_status; }
    bool isExporting() const { return m_worker != nullptr; }
    /// How long after a failed run it is tried again: the plan's interval, at most MAX_RETRY_MS.
    qint64 retryDelayMs() const;

Q_SIGNALS:
    /// A run ended: status() holds its file, or its error.
    void exportFinished(const termdesk::ExportStatus &status);
    /// status() changed: a new plan, a run started or ended.
    void statusChanged(const termdesk::ExportStatus &status);

private:
    void reschedule();
    void onTimer();
    void startExport();

    QString m_dbFile;
    QString m_cursorFile;
    Clock *m_clock;
    DueTimer *m_timer;
    ExportPlan m_plan;
    ExportStatus m_status;
    qint64 m_lastOkMs = 0;  ///< the last successful run (the cursor file's time), UTC ms
    qint64 m_retryAtMs = 0; ///< after a failure: not before this
    QThread *m_worker = nullptr;
};

} // namespace termdesk::service
