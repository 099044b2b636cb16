// SPDX-License-Identifier: GPL-3.0-or-later
#include "pollcommandsjob.h"

#include "model/commandstate.h"
#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

QString newestSql(const SqlDialect &)
{
    return QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM commands");
}

QString queuedSinceSql(const SqlDialect &)
{
    // A range of the primary key: only the rows added since the last poll are read.
    return QStringLiteral("SELECT DISTINCT terminal_sn FROM commands WHERE id > :after AND id <= :newest"
                          " AND protocol = :protocol AND state = %1")
        .arg(sqlLiteral(CommandState::Queued));
}

} // namespace

bool PollCommandsJob::run(JobContext &ctx, Result &out) const
{
    QSqlQuery *newest = ctx.statement(newestSql);
    if (!newest || !ctx.exec(*newest))
        return false;
    out.lastCommandId = newest->next() ? newest->value(0).toLongLong() : 0;
    newest->finish();
    if (afterId < 0 || out.lastCommandId <= afterId)
        return true;
    QSqlQuery *q = ctx.statement(queuedSinceSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":after"), afterId);
    q->bindValue(QStringLiteral(":newest"), out.lastCommandId);
    q->bindValue(QStringLiteral(":protocol"), protocol);
    if (!ctx.exec(*q))
        return false;
    while (q->next())
        out.terminals.append(q->value(0).toString());
    q->finish();
    return true;
}

} // namespace termdesk::storage
