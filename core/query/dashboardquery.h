// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QList>
#include <QString>

class QSqlDatabase;

namespace termdesk::query {

/// @brief Aggregates for the console's dashboard. Both read a range of the punches' time-leading unique
/// index (local_time first), so their cost is proportional to the punches of the range, not the table.
class DashboardQuery
{
public:
    /// 24 counts: punches of @p day per hour of the terminals' local time. Empty on error.
    static QList<qint64> punchesPerHour(const QSqlDatabase &db, const QDate &day, QString *error);
    /// @p days counts: punches per day from @p first on. Empty on error.
    static QList<qint64> punchesPerDay(const QSqlDatabase &db, const QDate &first, int days, QString *error);
};

} // namespace termdesk::query
