// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTime>

namespace termdesk {

/// @brief When the server backs its database up, where to, and how many copies it keeps
/// (settings `backup/*`, docs/backup.md). A plain value: the settings build it, the engine's
/// backup scheduler (core/storage/backupscheduler.h) follows it.
struct BackupPlan
{
    enum class Schedule { Off, EveryHours, Daily };

    Schedule schedule = Schedule::Off; ///< the settings default is Daily; an EngineConfig built in code: Off
    int everyHours = 24;               ///< Schedule::EveryHours: hours between two backups (1-8760)
    QTime dailyAt{2, 0};               ///< Schedule::Daily: local time of day
    int keep = 7;                      ///< backups kept in the folder, newest first (older ones are deleted)
    QString folder;                    ///< absolute; empty: `backups` in the data directory

    /// When the next backup is due, in UTC ms since 1970, seen at @p nowMs with the newest backup
    /// made at @p lastMs (0: none yet). A backup that is overdue (none yet, or the computer was
    /// off when one was due) is due at once (@p nowMs). -1 when the schedule is Off.
    /// EveryHours: lastMs + everyHours. Daily: the next dailyAt (local time) after nowMs, or nowMs
    /// when the last dailyAt before nowMs passed without a backup.
    qint64 nextRunMs(qint64 nowMs, qint64 lastMs) const;

    bool operator==(const BackupPlan &) const = default;
};

/// "off", "hours", "daily": the settings' text of each schedule.
QString backupScheduleName(BackupPlan::Schedule schedule);
/// Parses the settings' text (any case); false, and *out unchanged, for anything else.
bool backupScheduleFromName(const QString &text, BackupPlan::Schedule *out);

} // namespace termdesk
