// SPDX-License-Identifier: GPL-3.0-or-later
#include "apireads.h"

#include "service/csvexporter.h"
#include "util/devicetime.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace termdesk::api {
namespace {

QString isoOrNull(const QVariant &ms)
{
    return ms.isNull() ? QString() : devicetime::formatUtcIso(ms.toLongLong());
}

QJsonValue timeValue(const QVariant &ms)
{
    return ms.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(isoOrNull(ms));
}

/// "SELECT <columns> FROM punches + terminals + users WHERE p.id > :after <filter> <tail>", bound.
bool preparePunches(QSqlQuery &q, const PunchPageRequest &r, const QString &columns, qint64 after, const QString &tail)
{
    // As service::CsvExporter: CROSS JOIN keeps punches the outer loop on SQLite (the id range).
    const bool sqlite = q.driver() && q.driver()->dbmsType() == QSqlDriver::SQLite;
    QString sql = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM punches p ") +
                  (sqlite ? QLatin1String("CROSS JOIN") : QLatin1String("JOIN")) +
                  QStringLiteral(" terminals t ON t.id = p.terminal_id"
                                 " LEFT JOIN users u ON u.enroll_id = p.enroll_id WHERE p.id > :after");
    if (r.from)
        sql += QStringLiteral(" AND p.local_time >= :from");
    if (r.to)
        sql += QStringLiteral(" AND p.local_time <= :to");
    if (!r.terminalSn.isEmpty())
        sql += QStringLiteral(" AND t.sn = :sn");
    sql += tail;
    if (!q.prepare(sql))
        return false;
    q.bindValue(QStringLiteral(":after"), after);
    // local_time is a normalised "yyyy-MM-dd HH:mm:ss": string order is time order.
    if (r.from)
        q.bindValue(QStringLiteral(":from"), QString(r.from->toString(Qt::ISODate) + QStringLiteral(" 00:00:00")));
    if (r.to)
        q.bindValue(QStringLiteral(":to"), QString(r.to->toString(Qt::ISODate) + QStringLiteral(" 23:59:59")));
    if (!r.terminalSn.isEmpty())
        q.bindValue(QStringLiteral(":sn"), r.terminalSn);
    return true;
}

} // namespace

bool ApiReads::punches(const QSqlDatabase &db, const PunchPageRequest &request, PunchPage *page, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // One row more than asked: has_more without a second query.
    if (!preparePunches(q, request,
                        QStringLiteral("p.id, t.sn, t.name, t.protocol, p.enroll_id,"
                                       " COALESCE(NULLIF(u.name, ''), p.name, ''), p.local_time, p.utc_offset_min,"
                                       " p.utc_ms, p.verify_mode, p.in_out, p.event, p.temperature, p.received_ms"),
                        request.after, QStringLiteral(" ORDER BY p.id LIMIT %1").arg(request.limit + 1)) ||
        !q.exec()) {
        *error = QStringLiteral("cannot read the punches: %1").arg(q.lastError().text());
        return false;
    }
    // The names are the CSV v2 columns (docs/csv-export.md), in their order.
    const QList<QByteArray> names = service::CsvExporter::columns(2);
    const auto key = [&names](int i) { return QString::fromLatin1(names.at(i)); };
    page->data = {};
    page->nextCursor = request.after;
    page->hasMore = false;
    int rows = 0;
    while (q.next()) {
        if (rows == request.limit) {
            page->hasMore = true;
            break;
        }
        ++rows;
        const qint64 id = q.value(0).toLongLong();
        const int mode = q.value(9).toInt();
        const QVariant temperature = q.value(12);
        QJsonObject o;
        o.insert(key(0), id);
        o.insert(key(1), q.value(1).toString());
        o.insert(key(2), q.value(2).toString());
        o.insert(key(3), q.value(3).toString());
        o.insert(key(4), q.value(4).toLongLong());
        o.insert(key(5), q.value(5).toString());
        o.insert(key(6), q.value(6).toString());
        o.insert(key(7), devicetime::formatOffset(q.value(7).toInt()));
        o.insert(key(8), devicetime::formatUtcIso(q.value(8).toLongLong()));
        o.insert(key(9), mode);
        o.insert(key(10), service::CsvExporter::verifyModeName(mode));
        o.insert(key(11), q.value(10).toInt());
        o.insert(key(12), q.value(11).toInt());
        o.insert(key(13), temperature.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(temperature.toDouble()));
        o.insert(key(14), devicetime::formatUtcIso(q.value(13).toLongLong(), true));
        page->data.append(o);
        page->nextCursor = id;
    }
    if (q.lastError().isValid()) {
        *error = QStringLiteral("cannot read the punches: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

bool ApiReads::morePunches(const QSqlDatabase &db, const PunchPageRequest &request, qint64 cursor, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!preparePunches(q, request, QStringLiteral("p.id"), cursor, QStringLiteral(" ORDER BY p.id LIMIT 1")) ||
        !q.exec()) {
        *error = QStringLiteral("cannot read the punches: %1").arg(q.lastError().text());
        return false;
    }
    return q.next();
}

bool ApiReads::pageEnd(const QSqlDatabase &db, const PunchPageRequest &request, qint64 *rows, qint64 *lastId,
                       QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!preparePunches(q, request, QStringLiteral("p.id"), request.after,
                        QStringLiteral(" ORDER BY p.id LIMIT %1").arg(request.limit)) ||
        !q.exec()) {
        *error = QStringLiteral("cannot read the punches: %1").arg(q.lastError().text());
        return false;
    }
    *rows = 0;
    *lastId = request.after;
    while (q.next()) {
        ++*rows;
        *lastId = q.value(0).toLongLong();
    }
    return true;
}

std::optional<QJsonArray> ApiReads::terminals(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sn, name, protocol, admission, model, firmware, first_seen_ms, last_seen_ms,"
                               " punches_stored, utc_offset_min FROM terminals ORDER BY sn"))) {
        *error = QStringLiteral("cannot read the terminals: %1").arg(q.lastError().text());
        return std::nullopt;
    }
    QJsonArray out;
    while (q.next()) {
        out.append(QJsonObject{
            {QStringLiteral("sn"), q.value(0).toString()},
            {QStringLiteral("name"), q.value(1).toString()},
            {QStringLiteral("protocol"), q.value(2).toString()},
            {QStringLiteral("admission"), q.value(3).toString()},
            {QStringLiteral("model"), q.value(4).isNull() ? QJsonValue() : QJsonValue(q.value(4).toString())},
            {QStringLiteral("firmware"), q.value(5).isNull() ? QJsonValue() : QJsonValue(q.value(5).toString())},
            {QStringLiteral("first_seen_utc"), timeValue(q.value(6))},
            {QStringLiteral("last_seen_utc"), timeValue(q.value(7))},
            {QStringLiteral("punches_stored"), q.value(8).toLongLong()},
            {QStringLiteral("utc_offset"),
             q.value(9).isNull() ? QJsonValue() : QJsonValue(devicetime::formatOffset(q.value(9).toInt()))},
        });
    }
    return out;
}

std::optional<QJsonArray> ApiReads::users(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // The roster only: credentials (templates, cards, PINs, photos) never leave through the API.
    if (!q.exec(QStringLiteral("SELECT enroll_id, name, admin, enabled, updated_ms FROM users ORDER BY enroll_id"))) {
        *error = QStringLiteral("cannot read the users: %1").arg(q.lastError().text());
        return std::nullopt;
    }
    QJsonArray out;
    while (q.next()) {
        out.append(QJsonObject{
            {QStringLiteral("enroll_id"), q.value(0).toLongLong()},
            {QStringLiteral("name"), q.value(1).toString()},
            {QStringLiteral("admin"), q.value(2).toInt() != 0},
            {QStringLiteral("enabled"), q.value(3).toInt() != 0},
            {QStringLiteral("updated_utc"), timeValue(q.value(4))},
        });
    }
    return out;
}

std::optional<QJsonObject> ApiReads::command(const QSqlDatabase &db, qint64 id, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, terminal_sn, protocol, kind, state, tries, created_ms, updated_ms,"
                             " sent_ms, finished_ms, reason FROM commands WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        *error = QStringLiteral("cannot read the command: %1").arg(q.lastError().text());
        return std::nullopt;
    }
    if (!q.next())
        return QJsonObject{};
    return QJsonObject{
        {QStringLiteral("id"), q.value(0).toLongLong()},
        {QStringLiteral("terminal_sn"), q.value(1).toString()},
        {QStringLiteral("protocol"), q.value(2).toString()},
        {QStringLiteral("kind"), q.value(3).toString()},
        {QStringLiteral("state"), q.value(4).toString()},
        {QStringLiteral("tries"), q.value(5).toInt()},
        {QStringLiteral("created_utc"), timeValue(q.value(6))},
        {QStringLiteral("updated_utc"), timeValue(q.value(7))},
        {QStringLiteral("sent_utc"), timeValue(q.value(8))},
        {QStringLiteral("finished_utc"), timeValue(q.value(9))},
        {QStringLiteral("reason"), q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toString())},
    };
}

} // namespace termdesk::api
