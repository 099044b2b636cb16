// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupplan.h"

#include <QDateTime>

#include <algorithm>

namespace termdesk {

qint64 BackupPlan::nextRunMs(qint64 nowMs, qint64 lastMs) const
{
    switch (schedule) {
    case Schedule::Off:
        return -1;
    case Schedule::EveryHours: {
        if (lastMs <= 0)
            return nowMs;
        const qint64 hours = std::clamp(everyHours, 1, 8760);
        return std::max(nowMs, lastMs + hours * 3'600'000);
    }
    case Schedule::Daily: {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
        const QTime at = dailyAt.isValid() ? dailyAt : QTime(2, 0);
        QDateTime today(now.date(), at); // local time
        const QDateTime previous = today <= now ? today : QDateTime(now.date().addDays(-1), at);
        if (lastMs < previous.toMSecsSinceEpoch())
            return nowMs; // the last one that was due was missed (or there is none)
        return (today > now ? today : QDateTime(now.date().addDays(1), at)).toMSecsSinceEpoch();
    }
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
