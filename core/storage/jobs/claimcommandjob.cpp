// SPDX-License-Identifier: GPL-3.0-or-later
#include "claimcommandjob.h"

#include "model/commandstate.h"
#include "storage/jobcontext.h"
#include "terminalleasejobs.h"

namespace termdesk::storage {
namespace {

QString failStaleSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE commands SET state = %1, updated_ms = :updated_ms, finished_ms = :finished_ms,"
                          " reason = 'no answer after ' || tries || ' tries'"
                          " WHERE terminal_sn = :sn AND state = %2 AND sent_ms < :stale_before"
                          " AND tries >= :max_tries")
        .arg(sqlLiteral(CommandState::Failed), sqlLiteral(CommandState::Sent));
}

QString requeueStaleSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE commands SET state = %1, updated_ms = :updated_ms,"
                          " reason = 'no answer, will retry'"
                          " WHERE terminal_sn = :sn AND state = %2 AND sent_ms < :stale_before")
        .arg(sqlLiteral(CommandState::Queued), sqlLiteral(CommandState::Sent));
}

QString nextQueuedSql(const SqlDialect &)
{
    return QStringLiteral("SELECT id, kind, payload, tries FROM commands WHERE terminal_sn = :sn AND state = %1"
                          " ORDER BY id LIMIT 1")
        .arg(sqlLiteral(CommandState::Queued));
}

QString markSentSql(const SqlDialect &)
{
    return QStringLiteral(
               "UPDATE commands SET state = %1, tries = tries + 1, sent_ms = :sent_ms, updated_ms = :updated_ms"
               " WHERE id = :id")
        .arg(sqlLiteral(CommandState::Sent));
}

} // namespace

bool ClaimCommandJob::run(JobContext &ctx, Result &out) const
{
    if (epoch > 0) {
        bool holds = false;
        if (!holdsLease(ctx, sn, serverId, epoch, &holds))
            return false;
        if (!holds) {
            out.fenced = true;
            return true;
        }
    }
    const qint64 staleBefore = nowMs - timeoutMs;
    QSqlQuery *failStale = ctx.statement(failStaleSql);
    if (!failStale)
        return false;
    failStale->bindValue(QStringLiteral(":updated_ms"), nowMs);
    failStale->bindValue(QStringLiteral(":finished_ms"), nowMs);
    failStale->bindValue(QStringLiteral(":sn"), sn);
    failStale->bindValue(QStringLiteral(":stale_before"), staleBefore);
    failStale->bindValue(QStringLiteral(":max_tries"), maxTries);
    if (!ctx.exec(*failStale))
        return false;
    QSqlQuery *requeue = ctx.statement(requeueStaleSql);
    if (!requeue)
        return false;
    requeue->bindValue(QStringLiteral(":updated_ms"), nowMs);
    requeue->bindValue(QStringLiteral(":sn"), sn);
    requeue->bindValue(QStringLiteral(":stale_before"), staleBefore);
    if (!ctx.exec(*requeue))
        return false;

    QSqlQuery *next = ctx.statement(nextQueuedSql);
    if (!next)
        return false;
    next->bindValue(QStringLiteral(":sn"), sn);
    if (!ctx.exec(*next))
        return false;
    if (!next->next()) {
        next->finish();
        return true;
    }
    CommandRow row;
    row.id = next->value(0).toLongLong();
    row.kind = next->value(1).toString();
    row.payload = next->value(2).toString().toUtf8();
    row.tries = next->value(3).toInt() + 1;
    next->finish();

    QSqlQuery *mark = ctx.statement(markSentSql);
    if (!mark)
        return false;
    mark->bindValue(QStringLiteral(":sent_ms"), nowMs);
    mark->bindValue(QStringLiteral(":updated_ms"), nowMs);
    mark->bindValue(QStringLiteral(":id"), row.id);
    if (!ctx.exec(*mark))
        return false;
    out.command = row;
    return true;
}

} // namespace termdesk::storage
