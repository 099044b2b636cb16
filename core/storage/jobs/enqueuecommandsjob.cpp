// SPDX-License-Identifier: GPL-3.0-or-later
#include "enqueuecommandsjob.h"

#include "model/commandstate.h"
#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

constexpr const char *COMMAND_COLUMNS[] = {"terminal_sn", "protocol",   "kind",       "payload",
                                           "state",       "created_ms", "updated_ms", "origin"};

QString insertCommandSql(const SqlDialect &)
{
    return insertSql("commands", COMMAND_COLUMNS);
}

QString pendingKindSql(const SqlDialect &)
{
    return QStringLiteral("SELECT 1 FROM commands WHERE terminal_sn = :sn AND state IN (%1, %2)"
                          " AND kind = :kind LIMIT 1")
        .arg(sqlLiteral(CommandState::Queued), sqlLiteral(CommandState::Sent));
}

QString pendingPayloadSql(const SqlDialect &)
{
    return QStringLiteral("SELECT 1 FROM commands WHERE terminal_sn = :sn AND state IN (%1, %2)"
                          " AND kind = :kind AND payload = :payload LIMIT 1")
        .arg(sqlLiteral(CommandState::Queued), sqlLiteral(CommandState::Sent));
}

/// Whether the terminal already has a queued or sent command like `c`; nullopt on failure.
std::optional<bool> alreadyPending(JobContext &ctx, const QString &sn, const NewCommand &c)
{
    const bool samePayload = c.unless == NewCommand::Unless::SamePayload;
    QSqlQuery *q = ctx.statement(samePayload ? pendingPayloadSql : pendingKindSql);
    if (!q)
        return std::nullopt;
    q->bindValue(QStringLiteral(":sn"), sn);
    q->bindValue(QStringLiteral(":kind"), c.kind);
    if (samePayload)
        q->bindValue(QStringLiteral(":payload"), c.payload);
    if (!ctx.exec(*q))
        return std::nullopt;
    const bool pending = q->next();
    q->finish();
    return pending;
}

} // namespace

bool EnqueueCommandsJob::run(JobContext &ctx, Result &out) const
{
    for (const NewCommand &c : commands) {
        if (c.unless != NewCommand::Unless::Never) {
            const std::optional<bool> pending = alreadyPending(ctx, sn, c);
            if (!pending)
                return false;
            if (*pending)
                continue;
        }
        QSqlQuery *q = ctx.statement(insertCommandSql);
        if (!q)
            return false;
        q->bindValue(QStringLiteral(":terminal_sn"), sn);
        q->bindValue(QStringLiteral(":protocol"), protocol);
        q->bindValue(QStringLiteral(":kind"), c.kind);
        q->bindValue(QStringLiteral(":payload"), c.payload);
        q->bindValue(QStringLiteral(":state"), QString(name(CommandState::Queued)));
        q->bindValue(QStringLiteral(":created_ms"), nowMs);
        q->bindValue(QStringLiteral(":updated_ms"), nowMs);
        q->bindValue(QStringLiteral(":origin"), c.origin.isNull() ? QStringLiteral("") : c.origin);
        if (!ctx.exec(*q))
            return false;
        ++out.queued;
    }
    return true;
}

} // namespace termdesk::storage
