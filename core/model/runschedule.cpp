// SPDX-License-Identifier: GPL-3.0-or-later
#include "runschedule.h"

#include <QDateTime>

#include <algorithm>

namespace termdesk::runschedule {

qint64 everyMs(qint64 intervalMs, qint64 nowMs, qint64 lastMs)
{
    if (lastMs <= 0)
        return nowMs;
    return std::max(nowMs, lastMs + intervalMs);
}

qint64 dailyMs(QTime at, qint64 nowMs, qint64 lastMs)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    const QDateTime today(now.date(), at); // local time
    const QDateTime previous = today <= now ? today : QDateTime(now.date().addDays(-1), at);
    if (lastMs < previous.toMSecsSinceEpoch())
        return nowMs; // the last one that was due was missed (or there is none)
    return (today > now ? today : QDateTime(now.date().addDays(1), at)).toMSecsSinceEpoch();
}

} // namespace termdesk::runschedule
