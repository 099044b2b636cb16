// SPDX-License-Identifier: GPL-3.0-or-later
#include "quarantinejob.h"

#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

constexpr const char *QUARANTINE_COLUMNS[] = {"terminal_id", "received_ms", "kind", "reason", "raw"};

QString insertQuarantineSql(const SqlDialect &)
{
    return insertSql("quarantine", QUARANTINE_COLUMNS);
}

QString countQuarantinedSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE terminals SET records_quarantined = records_quarantined + 1 WHERE id = :id");
}

} // namespace

bool QuarantineJob::run(JobContext &ctx, Result &) const
{
    return storeQuarantined(ctx, terminalId, kind, record, receivedMs);
}

bool storeQuarantined(JobContext &ctx, qint64 terminalId, const QString &kind, const QuarantinedRecord &record,
                      qint64 receivedMs)
{
    QSqlQuery *q = ctx.statement(insertQuarantineSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":terminal_id"), terminalId > 0 ? QVariant(terminalId) : intOrNull(std::nullopt));
    q->bindValue(QStringLiteral(":received_ms"), receivedMs);
    q->bindValue(QStringLiteral(":kind"), kind);
    q->bindValue(QStringLiteral(":reason"), record.reason);
    q->bindValue(QStringLiteral(":raw"), QString::fromUtf8(record.raw));
    if (!ctx.exec(*q))
        return false;
    if (terminalId <= 0)
        return true;
    QSqlQuery *c = ctx.statement(countQuarantinedSql);
    if (!c)
        return false;
    c->bindValue(QStringLiteral(":id"), terminalId);
    return ctx.exec(*c);
}

} // namespace termdesk::storage
