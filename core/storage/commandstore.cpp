// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandstore.h"

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
                       " origin) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)"));
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
    return q.lastInsertId().toLongLong();
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

bool CommandStore::cancel(QSqlDatabase db, qint64 id, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE commands SET state = 'cancelled', updated_ms = ?, finished_ms = ?,"
                             " reason = 'cancelled by the operator' WHERE id = ? AND state IN ('queued', 'sent')"));
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
