// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventwrite.h"

#include "insertorder.h"
#include "jobcontext.h"

#include <QJsonDocument>

namespace termdesk::storage {
namespace {

QString eventSql(const SqlDialect &)
{
    return QStringLiteral("INSERT INTO events (type, at_ms, data) VALUES (:type, :at_ms, :data)");
}

} // namespace

bool writeEvent(JobContext &ctx, QLatin1String type, qint64 atMs, const QJsonObject &data)
{
    QSqlQuery *insert = ctx.statement(eventSql);
    if (!insert)
        return false;
    insert->bindValue(QStringLiteral(":type"), QString(type));
    insert->bindValue(QStringLiteral(":at_ms"), atMs);
    insert->bindValue(QStringLiteral(":data"), QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)));
    // ids visible in commit order with several writers (insertorder.h)
    return lockInsertOrder(ctx.database(), ctx.errorOut()) && ctx.exec(*insert);
}

} // namespace termdesk::storage
