// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupplan.h"

#include "runschedule.h"

#include <algorithm>

namespace termdesk {

qint64 BackupPlan::nextRunMs(qint64 nowMs, qint64 lastMs) const
{
    switch (schedule) {
    case Schedule::Off:
        return -1;
    case Schedule::EveryHours:
        return runschedule::everyMs(std::clamp(everyHours, 1, 8760) * qint64(3'600'000), nowMs, lastMs);
    case Schedule::Daily:
        return runschedule::dailyMs(dailyAt.isValid() ? dailyAt : QTime(2, 0), nowMs, lastMs);
    }
    return -1;
}

QString backupScheduleName(BackupPlan::Schedule schedule)
{
    switch (schedule) {
    case BackupPlan::Schedule::Off:
        return QStringLiteral("off");
    case BackupPlan::Schedule::EveryHours:
        return QStringLiteral("hours");
    case BackupPlan::Schedule::Daily:
        return QStringLiteral("daily");
    }
    return QStringLiteral("off");
}

bool backupScheduleFromName(const QString &text, BackupPlan::Schedule *out)
{
    for (const auto s : {BackupPlan::Schedule::Off, BackupPlan::Schedule::EveryHours, BackupPlan::Schedule::Daily}) {
        if (text.trimmed().compare(backupScheduleName(s), Qt::CaseInsensitive) == 0) {
            *out = s;
            return true;
        }
    }
    return false;
}

} // namespace termdesk
