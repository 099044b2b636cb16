// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandstore.h"

#include "database.h"
#include "model/commandstate.h"
#include "sqldialect.h"

#include "util/clock.h"

#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage {

qint64 CommandStore::enqueue(QSqlDatabase db, const QString &sn, const QString &protocol, const QString &kind,
                             const QString &payload, const QString &origin, QString *error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO commands (terminal_sn, protocol, kind, payload, state, created_ms, updated_ms,"
                       " origin) VALUES (?, ?, ?, ?, %1, ?, ?, ?)%2")
            .arg(sqlLiteral(CommandState::Queued), returningId(db)));
    const qint64 now = wallClockMs();
    q.addBindValue(sn);
    q.addBindValue(protocol);
    q.addBindValue(kind);
    q.addBindValue(payload);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(origin);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return 0;
    }
    return insertedId(q);
}

QList<CommandInfo> CommandStore::list(QSqlDatabase db, const QString &sn, const QString &state, int limit,
                                      QString *error)
{
    QList<CommandInfo> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, terminal_sn, protocol, kind, payload, state, tries, created_ms, updated_ms,"
                             " COALESCE(result, ''), COALESCE(reason, ''), origin FROM commands"
                             " WHERE (? = '' OR terminal_sn = ?) AND (? = '' OR state = ?) ORDER BY id DESC LIMIT ?"));
    // A null QString binds as SQL NULL, and NULL = '' is not true: bind empty strings.
    const QString s = sn.isNull() ? QStringLiteral("") : sn;
    const QString st = state.isNull() ? QStringLiteral("") : state;
    q.addBindValue(s);
    q.addBindValue(s);
    q.addBindValue(st);
    q.addBindValue(st);
    q.addBindValue(limit);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        CommandInfo c;
        c.id = q.value(0).toLongLong();
        c.terminalSn = q.value(1).toString();
        c.protocol = q.value(2).toString();
        c.kind = q.value(3).toString();
        c.payload = q.value(4).toString();
        c.state = q.value(5).toString();
        c.tries = q.value(6).toInt();
        c.createdMs = q.value(7).toLongLong();
        c.updatedMs = q.value(8).toLongLong();
        c.result = q.value(9).toString();
        c.reason = q.value(10).toString();
        c.origin = q.value(11).toString();
        out.append(c);
    }
    return out;
}

QString CommandStore::groupOrigin(const QString &via, const QString &what)
{
    static qint64 last = 0;
    qint64 id = wallClockMs();
    if (id <= last)
        id = last + 1; // two operations within one millisecond stay apart
    last = id;
    return QStringLiteral("%1 %2 #%3").arg(via, what).arg(id);
}

QList<qint64> CommandStore::retryFailed(QSqlDatabase db, const QString &origin, QString *error)
{
    QList<qint64> ids;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // the newest try of each (terminal, kind, payload) of the group, when it failed or expired
    q.prepare(QStringLiteral("SELECT terminal_sn, protocol, kind, payload FROM commands c WHERE origin = ?"
                             " AND state IN (%1, %2) AND id = (SELECT max(id) FROM commands d"
                             " WHERE d.origin = c.origin AND d.terminal_sn = c.terminal_sn AND d.kind = c.kind"
                             " AND d.payload = c.payload) ORDER BY id")
                  .arg(sqlLiteral(CommandState::Failed), sqlLiteral(CommandState::Expired)));
    q.addBindValue(origin);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return ids;
    }
    struct Row
    {
        QString sn, protocol, kind, payload;
    };
    QList<Row> rows;
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    q.finish();
    if (rows.isEmpty())
        return ids;
    if (!Database::beginWrite(db, error))
        return ids;
    for (const Row &r : std::as_const(rows)) {
        const qint64 id = enqueue(db, r.sn, r.protocol, r.kind, r.payload, origin, error);
        if (id == 0) {
            db.rollback();
            return {};
        }
        ids.append(id);
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return {};
    }
    return ids;
}

bool CommandStore::cancel(QSqlDatabase db, qint64 id, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE commands SET state = %1, updated_ms = ?, finished_ms = ?,"
                             " reason = 'cancelled by the operator' WHERE id = ? AND state IN (%2, %3)")
                  .arg(sqlLiteral(CommandState::Cancelled), sqlLiteral(CommandState::Queued),
                       sqlLiteral(CommandState::Sent)));
    const qint64 now = wallClockMs();
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(id);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("command %1 does not exist or is already finished").arg(id);
        return false;
    }
    return true;
}

} // namespace termdesk::storage
