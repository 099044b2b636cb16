// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchquery.h"

#include "storage/sqldialect.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace termdesk::query {

service::CsvExportFilter PunchFilter::exportFilter() const
{
    service::CsvExportFilter f;
    f.from = from;
    f.to = to;
    f.terminalSn = terminalSn;
    return f;
}

UserMatcher::UserMatcher(QStringView text) : m_needle(foldAscii(text.trimmed()))
{
    bool ok = false;
    const qint64 id = m_needle.toLongLong(&ok);
    if (ok && id >= 0)
        m_enrollId = id;
}

QString UserMatcher::foldAscii(QStringView text)
{
    QString folded = text.toString();
    for (QChar &c : folded) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return folded;
}

bool UserMatcher::matches(qint64 enrollId, QStringView userName) const
{
    if (m_needle.isEmpty())
        return true;
    if (m_enrollId && *m_enrollId == enrollId)
        return true;
    // Fold only when needed: most names do not contain the needle even case-sensitively, and most
    // needles are lower case already.
    if (userName.contains(m_needle))
        return true;
    return foldAscii(userName).contains(m_needle);
}

QString PunchQuery::dayStart(const QDate &day)
{
    return day.toString(Qt::ISODate) + QStringLiteral(" 00:00:00");
}

QString PunchQuery::dayEnd(const QDate &day)
{
    return day.toString(Qt::ISODate) + QStringLiteral(" 23:59:59");
}

bool PunchQuery::matchesRange(const PunchFilter &filter, QStringView localTime, QStringView terminalSn)
{
    // local_time is a normalised "yyyy-MM-dd HH:mm:ss": string order is time order, as in the SQL.
    if (filter.from && localTime < dayStart(*filter.from))
        return false;
    if (filter.to && localTime > dayEnd(*filter.to))
        return false;
    return filter.terminalSn.isEmpty() || terminalSn == filter.terminalSn;
}

PunchPage PunchQuery::page(const QSqlDatabase &db, const PunchFilter &filter, qint64 beforeId, int limit,
                           qint64 scanWindow, QString *error)
{
    PunchPage page;
    auto fail = [&](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return PunchPage{};
    };
    // The bounds of the table: two rowid b-tree seeks. (One SELECT with both MIN(id) and MAX(id) is not
    // optimised by SQLite and scans a whole index: 90 ms on 1 M rows, on every page.)
    qint64 minId = 0;
    qint64 maxId = 0;
    {
        QSqlQuery bounds(db);
        bounds.setForwardOnly(true);
        if (!bounds.exec(QStringLiteral("SELECT COALESCE((SELECT MIN(id) FROM punches), 0),"
                                        " COALESCE((SELECT MAX(id) FROM punches), 0)")) ||
            !bounds.next())
            return fail(bounds);
        minId = bounds.value(0).toLongLong();
        maxId = bounds.value(1).toLongLong();
    }
    if (beforeId <= 0 || beforeId > maxId + 1)
        beforeId = maxId + 1;
    page.newestIdSeen = beforeId - 1;
    const qint64 floor = scanWindow > 0 ? std::max<qint64>(0, beforeId - scanWindow) : 0;

    const UserMatcher user(filter.user);
    // CROSS JOIN keeps punches as the outer loop: SQLite walks the rowid b-tree backwards from beforeId
    // and stops after `limit` matches, so a page costs the same on the millionth row as on the first.
    // PostgreSQL refuses CROSS JOIN … ON: a plain JOIN there (storage::orderedJoin).
    QString sql = QStringLiteral("SELECT p.id, t.sn, p.enroll_id, p.local_time, p.verify_mode, p.in_out, p.event,"
                                 " p.temperature, COALESCE(p.name, '')"
                                 " FROM punches p %1 terminals t ON t.id = p.terminal_id")
                      .arg(storage::orderedJoin(db));
    if (!user.isEmpty())
        sql += QStringLiteral(" LEFT JOIN users u ON u.enroll_id = p.enroll_id");
    sql += QStringLiteral(" WHERE p.id < :before AND p.id >= :floor");
    if (filter.from)
        sql += QStringLiteral(" AND p.local_time >= :from");
    if (filter.to)
        sql += QStringLiteral(" AND p.local_time <= :to");
    if (!filter.terminalSn.isEmpty())
        sql += QStringLiteral(" AND t.sn = :sn");
    if (!user.isEmpty()) {
        sql += QStringLiteral(" AND (");
        if (user.enrollId())
            sql += QStringLiteral("p.enroll_id = :eid OR ");
        sql += storage::containsSql(db, QStringLiteral("lower(COALESCE(NULLIF(u.name, ''), p.name, ''))"),
                                    QStringLiteral(":needle")) +
               u')';
    }
    sql += QStringLiteral(" ORDER BY p.id DESC LIMIT :limit");

    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(q);
    q.bindValue(QStringLiteral(":before"), beforeId);
    q.bindValue(QStringLiteral(":floor"), floor);
    if (filter.from)
        q.bindValue(QStringLiteral(":from"), dayStart(*filter.from));
    if (filter.to)
        q.bindValue(QStringLiteral(":to"), dayEnd(*filter.to));
    if (!filter.terminalSn.isEmpty())
        q.bindValue(QStringLiteral(":sn"), filter.terminalSn);
    if (user.enrollId())
        q.bindValue(QStringLiteral(":eid"), *user.enrollId());
    if (!user.isEmpty())
        q.bindValue(QStringLiteral(":needle"), user.needle());
    q.bindValue(QStringLiteral(":limit"), limit);
    if (!q.exec())
        return fail(q);
    page.rows.reserve(limit);
    while (q.next()) {
        PunchRecord r;
        r.id = q.value(0).toLongLong();
        r.terminalSn = q.value(1).toString();
        r.enrollId = q.value(2).toLongLong();
        r.localTime = q.value(3).toString();
        r.verifyMode = q.value(4).toInt();
        r.inOut = q.value(5).toInt();
        r.event = q.value(6).toInt();
        if (!q.value(7).isNull())
            r.temperature = q.value(7).toDouble();
        r.name = q.value(8).toString();
        page.rows.append(std::move(r));
    }
    q.finish();
    if (page.rows.size() >= limit) {
        page.nextBeforeId = page.rows.last().id;
        page.exhausted = page.nextBeforeId <= minId;
    } else {
        page.nextBeforeId = floor;
        page.exhausted = floor <= minId;
    }
    return page;
}

} // namespace termdesk::query
