// SPDX-License-Identifier: GPL-3.0-or-later
#include "completecommandjob.h"

#include "storage/jobcontext.h"
#include "storage/terminalstore.h"

namespace termdesk::storage {
namespace {

QString completeSql(const SqlDialect &)
{
    // A command cancelled meanwhile stays cancelled (only a "sent" row is finished).
    return QStringLiteral("UPDATE commands SET state = :state, result = :result, reason = :reason,"
                          " updated_ms = :updated_ms,"
                          " finished_ms = CASE WHEN :final THEN :finished_ms ELSE finished_ms END"
                          " WHERE id = :id AND state = 'sent'");
}

bool isFinal(const QString &state)
{
    for (const char *s : {"done", "failed", "expired", "cancelled"}) {
        if (state == QLatin1String(s))
            return true;
    }
    return false;
}

} // namespace

bool CompleteCommandJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *q = ctx.statement(completeSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":state"), state);
    q->bindValue(QStringLiteral(":result"), textOrNull(result));
    q->bindValue(QStringLiteral(":reason"), textOrNull(reason));
    q->bindValue(QStringLiteral(":updated_ms"), nowMs);
    q->bindValue(QStringLiteral(":final"), isFinal(state));
    q->bindValue(QStringLiteral(":finished_ms"), nowMs);
    q->bindValue(QStringLiteral(":id"), id);
    if (!ctx.exec(*q))
        return false;
    // a write the terminal confirmed is what it holds now (roster comparison without a re-read)
    return state != QLatin1String("done") || TerminalStore::applyDoneCommand(ctx.database(), id, nowMs, ctx.errorOut());
}

} // namespace termdesk::storage
