// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <QTime>

class QDateTime;

namespace termdesk {

/// @brief When the server exports the punches stored since its last export, where to and how
/// (settings `export/*`, docs/csv-export.md "Scheduled export"). A plain value: the settings
/// build it, the engine's export scheduler (core/service/exportscheduler.h) follows it.
struct ExportPlan
{
    enum class Schedule { Off, EveryMinutes, Daily };

    static constexpr int MAX_PATTERN_CHARS = 200;

    Schedule schedule = Schedule::Off; ///< the settings default too: an export nobody asked for is not written
    int everyMinutes = 60;             ///< Schedule::EveryMinutes: minutes between two exports (1-1440)
    QTime dailyAt{18, 0};              ///< Schedule::Daily: local time of day
    QString folder;                    ///< absolute; empty: `exports` in the data directory
    /// The file name; `{date}` (yyyy-MM-dd) and `{time}` (HHmmss) are the local time of the run.
    QString pattern = QStringLiteral("punches-{date}-{time}.csv");
    int format = 2;   ///< CSV format: 1 or 2 (2 = punch_id first)
    bool bom = false; ///< start each file with the UTF-8 byte order mark (Excel)

    /// When the next export is due, in UTC ms since 1970, seen at @p nowMs with the last
    /// successful export at @p lastMs (0: none yet); an overdue one is due at once (@p nowMs);
    /// -1 when the schedule is Off. The same rules as BackupPlan::nextRunMs().
    qint64 nextRunMs(qint64 nowMs, qint64 lastMs) const;

    /// The file name of a run at @p when (local time): the pattern with its fields filled in.
    QString fileName(const QDateTime &when) const;

    /// Empty when @p pattern can name export files: it holds `{date}`, no folder part (`/`, `\`,
    /// `..`), no character Windows refuses in a name, at most MAX_PATTERN_CHARS; else why not.
    static QString patternProblem(const QString &pattern);

    bool operator==(const ExportPlan &) const = default;
};

/// "off", "minutes", "daily": the settings' text of each schedule.
QString exportScheduleName(ExportPlan::Schedule schedule);
/// Parses the settings' text (any case); false, and *out unchanged, for anything else.
bool exportScheduleFromName(const QString &text, ExportPlan::Schedule *out);

/// @brief What the console shows of the scheduled export: the last run, its result, the next run.
struct ExportStatus
{
    qint64 lastRunMs = 0;  ///< UTC ms of the last run's start; 0: none since the server started
    QString lastFile;      ///< the file it wrote (empty when it failed)
    QString lastError;     ///< why it failed (empty when it succeeded)
    qint64 lastRows = 0;   ///< punches it wrote
    qint64 lastCursor = 0; ///< the cursor after it: the largest punch_id exported so far
    qint64 nextRunMs = -1; ///< UTC ms of the next run; -1: the schedule is off
    bool running = false;  ///< an export is being written now
};

} // namespace termdesk

Q_DECLARE_METATYPE(termdesk::ExportStatus)
