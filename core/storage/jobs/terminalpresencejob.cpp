// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalpresencejob.h"

#include "storage/eventwrite.h"
#include "storage/jobcontext.h"
#include "util/devicetime.h"

#include <QJsonObject>

namespace termdesk::storage {
namespace {

QString nameSql(const SqlDialect &)
{
    return QStringLiteral("SELECT name FROM terminals WHERE sn = :sn");
}

QString lastSeenSql(const SqlDialect &d)
{
    return QStringLiteral("UPDATE terminals SET last_seen_ms = %1 WHERE sn = :sn")
        .arg(d.greatest(QStringLiteral("last_seen_ms"), QStringLiteral(":seen_ms")));
}

QString elsewhereSql(const SqlDialect &)
{
    return QStringLiteral("SELECT count(*) FROM terminal_owner WHERE terminal_sn = :sn AND server_id <> :server"
                          " AND expires_ms > :now_ms");
}

} // namespace

bool TerminalPresenceJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *read = ctx.statement(nameSql);
    if (!read)
        return false;
    read->bindValue(QStringLiteral(":sn"), sn);
    if (!ctx.exec(*read))
        return false;
    const QString name = read->next() ? read->value(0).toString() : QString();
    read->finish();
    if (!online && !server.isEmpty()) {
        QSqlQuery *elsewhere = ctx.statement(elsewhereSql);
        if (!elsewhere)
            return false;
        elsewhere->bindValue(QStringLiteral(":sn"), sn);
        elsewhere->bindValue(QStringLiteral(":server"), server);
        elsewhere->bindValue(QStringLiteral(":now_ms"), nowMs);
        if (!ctx.exec(*elsewhere))
            return false;
        const bool movedAway = elsewhere->next() && elsewhere->value(0).toLongLong() > 0;
        elsewhere->finish();
        if (movedAway)
            return true;
    }
    if (!online) {
        QSqlQuery *seen = ctx.statement(lastSeenSql);
        if (!seen)
            return false;
        seen->bindValue(QStringLiteral(":seen_ms"), atMs);
        seen->bindValue(QStringLiteral(":sn"), sn);
        if (!ctx.exec(*seen))
            return false;
    }
    QJsonObject data{{QStringLiteral("terminal_sn"), sn},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("protocol"), protocol},
                     {QStringLiteral("remote_address"), peer},
                     {QStringLiteral("at"), devicetime::formatUtcIso(atMs, true)}};
    if (!online)
        data.insert(QStringLiteral("reason"), reason);
    return writeEvent(ctx, online ? QLatin1String("terminal.online") : QLatin1String("terminal.offline"), atMs, data);
}

} // namespace termdesk::storage
