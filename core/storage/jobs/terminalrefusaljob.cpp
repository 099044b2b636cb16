// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalrefusaljob.h"

#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

QString refusalSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE terminals SET last_refusal = :reason WHERE id = :id");
}

} // namespace

bool TerminalRefusalJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *q = ctx.statement(refusalSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":reason"), reason);
    q->bindValue(QStringLiteral(":id"), terminalId);
    return ctx.exec(*q);
}

} // namespace termdesk::storage
