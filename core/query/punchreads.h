// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/punchquery.h"

#include <QDate>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace termdesk::query {

/// Punches per hour of one day and per day of a week (the dashboard).
struct PunchCounts
{
    QList<qint64> perHour; ///< 24 values, or empty after an error
    QList<qint64> perDay;  ///< one per day asked, or empty after an error
};

/// @brief What the console reads about punches: history pages and the dashboard's counts. The real
/// one is SqliteReads.
class PunchReads
{
public:
    PunchReads() = default;
    virtual ~PunchReads() = default;
    Q_DISABLE_COPY_MOVE(PunchReads)

    using CountsDone = std::function<void(PunchCounts counts, QString error)>;

    /// One page of history, now (see PunchQuery::page).
    virtual PunchPage punchPage(const PunchFilter &filter, qint64 beforeId, int limit, qint64 scanWindow,
                                QString *error) = 0;
    /// The counts of @p day per hour and of @p days days from @p firstDay, read on a reader thread (they
    /// grow with the week's punches); @p done runs in @p context's thread unless it is gone.
    virtual void readPunchCounts(const QDate &day, const QDate &firstDay, int days, QObject *context,
                                 CountsDone done) = 0;
};

} // namespace termdesk::query
