// SPDX-License-Identifier: GPL-3.0-or-later
#include "purgephotosjob.h"

#include "storage/jobcontext.h"
#include "storage/photopurge.h"

#include <algorithm>

namespace termdesk::storage {
namespace {

QString purgeSql(const SqlDialect &)
{
    return photopurge::deleteSql();
}

QString auditSql(const SqlDialect &)
{
    return QStringLiteral("INSERT INTO audit (at_ms, actor, action, target, detail, result)"
                          " VALUES (:at_ms, :actor, :action, :target, :detail, :result)");
}

} // namespace

bool PurgePhotosJob::run(JobContext &ctx, Result &out) const
{
    QSqlQuery *q = ctx.statement(purgeSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":before"), beforeMs);
    photopurge::setSecureDelete(ctx.database(), true); // the photos' bytes are overwritten, not just freed
    const bool deleted = ctx.exec(*q);
    photopurge::setSecureDelete(ctx.database(), false); // the writer's other work as before
    if (!deleted)
        return false;
    out.deleted = std::max(0, q->numRowsAffected());
    if (out.deleted == 0)
        return true; // nothing to say: no audit row every hour
    QSqlQuery *a = ctx.statement(auditSql);
    if (!a)
        return false;
    a->bindValue(QStringLiteral(":at_ms"), atMs);
    a->bindValue(QStringLiteral(":actor"), actor);
    a->bindValue(QStringLiteral(":action"), QStringLiteral("photos purge"));
    a->bindValue(QStringLiteral(":target"), QStringLiteral("punch photos"));
    a->bindValue(
        QStringLiteral(":detail"),
        QStringLiteral("%1 photos older than %2 days deleted (privacy/photoRetentionDays)").arg(out.deleted).arg(days));
    a->bindValue(QStringLiteral(":result"), QStringLiteral("ok"));
    return ctx.exec(*a);
}

} // namespace termdesk::storage
