// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalseenjob.h"

#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

QString seenSql(const SqlDialect &d)
{
    return QStringLiteral("UPDATE terminals SET last_seen_ms = %1 WHERE id = :id")
        .arg(d.greatest(QStringLiteral("last_seen_ms"), QStringLiteral(":seen_ms")));
}

} // namespace

bool TerminalSeenJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *q = ctx.statement(seenSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":seen_ms"), lastSeenMs);
    q->bindValue(QStringLiteral(":id"), terminalId);
    return ctx.exec(*q);
}

} // namespace termdesk::storage
