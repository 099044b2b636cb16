// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportplan.h"

#include "runschedule.h"

#include <QDateTime>

#include <algorithm>
#include <array>

namespace termdesk {

qint64 ExportPlan::nextRunMs(qint64 nowMs, qint64 lastMs) const
{
    switch (schedule) {
    case Schedule::Off:
        return -1;
    case Schedule::EveryMinutes:
        return runschedule::everyMs(std::clamp(everyMinutes, 1, 1440) * qint64(60'000), nowMs, lastMs);
    case Schedule::Daily:
        return runschedule::dailyMs(dailyAt.isValid() ? dailyAt : QTime(18, 0), nowMs, lastMs);
    }
    return -1;
}

QString ExportPlan::fileName(const QDateTime &when) const
{
    QString name = pattern;
    name.replace(QLatin1String("{date}"), when.toString(QStringLiteral("yyyy-MM-dd")));
    name.replace(QLatin1String("{time}"), when.toString(QStringLiteral("HHmmss")));
    return name;
}

QString ExportPlan::patternProblem(const QString &pattern)
{
    if (pattern.size() > MAX_PATTERN_CHARS)
        return QStringLiteral("the file name pattern is longer than %1 characters").arg(MAX_PATTERN_CHARS);
    if (!pattern.contains(QLatin1String("{date}")))
        return QStringLiteral("the file name pattern must hold {date}");
    if (pattern.contains(QLatin1String("..")))
        return QStringLiteral("the file name pattern must not hold '..'");
    for (const QChar c : pattern) {
        if (c < u' ' || QStringView(u"/\\:*?\"<>|").contains(c))
            return QStringLiteral("the file name pattern must not hold '%1' (a name, not a path)").arg(c);
    }
    return {};
}

QString exportScheduleName(ExportPlan::Schedule schedule)
{
    switch (schedule) {
    case ExportPlan::Schedule::Off:
        return QStringLiteral("off");
    case ExportPlan::Schedule::EveryMinutes:
        return QStringLiteral("minutes");
    case ExportPlan::Schedule::Daily:
        return QStringLiteral("daily");
    }
    return QStringLiteral("off");
}

bool exportScheduleFromName(const QString &text, ExportPlan::Schedule *out)
{
    constexpr std::array all{ExportPlan::Schedule::Off, ExportPlan::Schedule::EveryMinutes,
                             ExportPlan::Schedule::Daily};
    const auto it = std::find_if(all.begin(), all.end(), [&text](ExportPlan::Schedule s) {
        return text.trimmed().compare(exportScheduleName(s), Qt::CaseInsensitive) == 0;
    });
    if (it == all.end())
        return false;
    *out = *it;
    return true;
}

} // namespace termdesk
