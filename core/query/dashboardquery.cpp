// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboardquery.h"

#include "punchquery.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>

namespace termdesk::query {
namespace {

// Counts punches in [first 00:00:00, last 23:59:59] grouped by the first `prefix` characters of local_time.
bool grouped(const QSqlDatabase &db, const QDate &first, const QDate &last, int prefix,
             const std::function<void(const QString &, qint64)> &sink, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT substr(local_time, 1, %1) AS k, COUNT(*) FROM punches"
                             " WHERE local_time >= ? AND local_time <= ? GROUP BY k")
                  .arg(prefix));
    q.addBindValue(PunchQuery::dayStart(first));
    q.addBindValue(PunchQuery::dayEnd(last));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    while (q.next())
        sink(q.value(0).toString(), q.value(1).toLongLong());
    return true;
}

} // namespace

QList<qint64> DashboardQuery::punchesPerHour(const QSqlDatabase &db, const QDate &day, QString *error)
{
    QList<qint64> hours(24, 0);
    // "yyyy-MM-dd HH" → the hour is characters 11-12.
    const bool ok = grouped(
        db, day, day, 13,
        [&](const QString &key, qint64 count) {
            bool parsed = false;
            const int hour = QStringView(key).mid(11, 2).toInt(&parsed);
            if (parsed && hour >= 0 && hour < 24)
                hours[hour] += count;
        },
        error);
    return ok ? hours : QList<qint64>();
}

QList<qint64> DashboardQuery::punchesPerDay(const QSqlDatabase &db, const QDate &first, int days, QString *error)
{
    QList<qint64> counts(days, 0);
    const bool ok = grouped(
        db, first, first.addDays(days - 1), 10,
        [&](const QString &key, qint64 count) {
            const QDate d = QDate::fromString(key, Qt::ISODate);
            const qint64 index = first.daysTo(d);
            if (d.isValid() && index >= 0 && index < days)
                counts[index] += count;
        },
        error);
    return ok ? counts : QList<qint64>();
}

} // namespace termdesk::query
