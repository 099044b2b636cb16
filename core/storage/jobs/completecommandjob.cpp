// SPDX-License-Identifier: GPL-3.0-or-later
#include "completecommandjob.h"

#include "storage/eventwrite.h"
#include "storage/jobcontext.h"
#include "storage/terminalstore.h"
#include "terminalleasejobs.h"
#include "util/devicetime.h"

#include <QJsonObject>

namespace termdesk::storage {
namespace {

QString completeSql(const SqlDialect &)
{
    // A command cancelled meanwhile stays cancelled (only a sent row is finished).
    return QStringLiteral("UPDATE commands SET state = :state, result = :result, reason = :reason,"
                          " updated_ms = :updated_ms,"
                          " finished_ms = CASE WHEN :final THEN :finished_ms ELSE finished_ms END"
                          " WHERE id = :id AND state = '%1'")
        .arg(name(CommandState::Sent));
}

QString commandSql(const SqlDialect &)
{
    return QStringLiteral("SELECT terminal_sn, kind FROM commands WHERE id = :id");
}

/// The command.completed webhook event (docs/integration.md, "Webhooks"), in the transaction that
/// finished the command: no payload and no result, they may carry credential data.
bool recordEvent(JobContext &ctx, qint64 id, CommandState state, const QString &reason, qint64 nowMs)
{
    QSqlQuery *read = ctx.statement(commandSql);
    if (!read)
        return false;
    read->bindValue(QStringLiteral(":id"), id);
    if (!ctx.exec(*read))
        return false;
    if (!read->next())
        return true;
    const QJsonObject data{{QStringLiteral("command_id"), id},
                           {QStringLiteral("terminal_sn"), read->value(0).toString()},
                           {QStringLiteral("kind"), read->value(1).toString()},
                           {QStringLiteral("state"), QString(name(state))},
                           {QStringLiteral("reason"), reason},
                           {QStringLiteral("finished_at"), devicetime::formatUtcIso(nowMs, true)}};
    read->finish();
    return writeEvent(ctx, QLatin1String("command.completed"), nowMs, data);
}

} // namespace

bool CompleteCommandJob::run(JobContext &ctx, Result &) const
{
    if (epoch > 0) {
        bool holds = false;
        if (!holdsLease(ctx, sn, serverId, epoch, &holds))
            return false;
        if (!holds)
            return true; // taken over: the new owner re-queued it
    }
    QSqlQuery *q = ctx.statement(completeSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":state"), QString(name(state)));
    q->bindValue(QStringLiteral(":result"), textOrNull(result));
    q->bindValue(QStringLiteral(":reason"), textOrNull(reason));
    q->bindValue(QStringLiteral(":updated_ms"), nowMs);
    q->bindValue(QStringLiteral(":final"), isFinal(state));
    q->bindValue(QStringLiteral(":finished_ms"), nowMs);
    q->bindValue(QStringLiteral(":id"), id);
    if (!ctx.exec(*q))
        return false;
    if (isFinal(state) && q->numRowsAffected() == 1 && !recordEvent(ctx, id, state, reason, nowMs))
        return false;
    // a write the terminal confirmed is what it holds now (roster comparison without a re-read)
    return state != CommandState::Done || TerminalStore::applyDoneCommand(ctx.database(), id, nowMs, ctx.errorOut());
}

} // namespace termdesk::storage
