// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalleasejobs.h"

#include "model/commandstate.h"
#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

QString previousOwnerSql(const SqlDialect &d)
{
    return QStringLiteral("SELECT server_id FROM terminal_owner WHERE terminal_sn = :sn") + d.lockingRead();
}

QString holdsSql(const SqlDialect &d)
{
    return QStringLiteral("SELECT epoch FROM terminal_owner WHERE terminal_sn = :sn AND server_id = :server"
                          " AND epoch = :epoch") +
           d.lockingRead();
}

QString claimSql(const SqlDialect &)
{
    // One text for both engines: SQLite (3.35+) and PostgreSQL share ON CONFLICT … RETURNING.
    return QStringLiteral("INSERT INTO terminal_owner (terminal_sn, server_id, epoch, expires_ms)"
                          " VALUES (:sn, :server, 1, :expires)"
                          " ON CONFLICT (terminal_sn) DO UPDATE SET server_id = excluded.server_id,"
                          " epoch = terminal_owner.epoch + 1, expires_ms = excluded.expires_ms"
                          " RETURNING epoch");
}

QString requeueSentSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE commands SET state = %1, updated_ms = :updated_ms, reason = :reason"
                          " WHERE terminal_sn = :sn AND state = %2")
        .arg(sqlLiteral(CommandState::Queued), sqlLiteral(CommandState::Sent));
}

QString renewSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE terminal_owner SET expires_ms = :expires WHERE server_id = :server"
                          " RETURNING terminal_sn, epoch");
}

QString releaseSql(const SqlDialect &)
{
    return QStringLiteral("DELETE FROM terminal_owner WHERE terminal_sn = :sn AND server_id = :server"
                          " AND epoch = :epoch");
}

} // namespace

bool holdsLease(JobContext &ctx, const QString &sn, const QString &serverId, qint64 epoch, bool *holds)
{
    QSqlQuery *q = ctx.statement(holdsSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":sn"), sn);
    q->bindValue(QStringLiteral(":server"), serverId);
    q->bindValue(QStringLiteral(":epoch"), epoch);
    if (!ctx.exec(*q))
        return false;
    *holds = q->next();
    q->finish();
    return true;
}

bool ClaimLeaseJob::run(JobContext &ctx, Result &out) const
{
    QSqlQuery *previous = ctx.statement(previousOwnerSql);
    if (!previous)
        return false;
    previous->bindValue(QStringLiteral(":sn"), sn);
    if (!ctx.exec(*previous))
        return false;
    if (previous->next())
        out.previousOwner = previous->value(0).toString();
    previous->finish();

    QSqlQuery *claim = ctx.statement(claimSql);
    if (!claim)
        return false;
    claim->bindValue(QStringLiteral(":sn"), sn);
    claim->bindValue(QStringLiteral(":server"), serverId);
    claim->bindValue(QStringLiteral(":expires"), nowMs + ttlMs);
    if (!ctx.exec(*claim))
        return false;
    if (claim->next())
        out.epoch = claim->value(0).toLongLong();
    claim->finish();

    QSqlQuery *requeue = ctx.statement(requeueSentSql);
    if (!requeue)
        return false;
    requeue->bindValue(QStringLiteral(":updated_ms"), nowMs);
    requeue->bindValue(QStringLiteral(":reason"),
                       QStringLiteral("terminal reconnected to server %1 before answering, will resend").arg(serverId));
    requeue->bindValue(QStringLiteral(":sn"), sn);
    if (!ctx.exec(*requeue))
        return false;
    out.requeued = requeue->numRowsAffected();
    return true;
}

bool RenewLeasesJob::run(JobContext &ctx, Result &out) const
{
    QSqlQuery *renew = ctx.statement(renewSql);
    if (!renew)
        return false;
    renew->bindValue(QStringLiteral(":expires"), nowMs + ttlMs);
    renew->bindValue(QStringLiteral(":server"), serverId);
    if (!ctx.exec(*renew))
        return false;
    while (renew->next())
        out.held.insert(renew->value(0).toString(), renew->value(1).toLongLong());
    renew->finish();
    return true;
}

bool ReleaseLeaseJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *release = ctx.statement(releaseSql);
    if (!release)
        return false;
    release->bindValue(QStringLiteral(":sn"), sn);
    release->bindValue(QStringLiteral(":server"), serverId);
    release->bindValue(QStringLiteral(":epoch"), epoch);
    return ctx.exec(*release);
}

} // namespace termdesk::storage
