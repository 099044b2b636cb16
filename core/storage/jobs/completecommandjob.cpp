// SPDX-License-Identifier: GPL-3.0-or-later
#include "completecommandjob.h"

#include "storage/jobcontext.h"
#include "storage/terminalstore.h"

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

} // namespace

bool CompleteCommandJob::run(JobContext &ctx, Result &) const
{
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
    // a write the terminal confirmed is what it holds now (roster comparison without a re-read)
    return state != CommandState::Done || TerminalStore::applyDoneCommand(ctx.database(), id, nowMs, ctx.errorOut());
}

} // namespace termdesk::storage
