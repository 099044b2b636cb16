// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportjob.h"

#include "credentialjob.h"
#include "model/terminaltext.h"
#include "storage/jobcontext.h"
#include "storage/terminalcolumns.h"
#include "storage/terminalstore.h"

namespace termdesk::storage {
namespace {

constexpr int STATUS_INFO = InfoIdentity | InfoCounts;
constexpr const char *ALARM_COLUMNS[] = {"terminal_id", "code", "text", "utc_ms", "received_ms"};

QString updateStatusSql(const SqlDialect &d)
{
    return QStringLiteral("UPDATE terminals SET last_seen_ms = %1, %2 WHERE id = :id")
        .arg(d.greatest(QStringLiteral("last_seen_ms"), QStringLiteral(":seen_ms")),
             terminalInfoAssignments(STATUS_INFO));
}

QString insertAlarmSql(const SqlDialect &d)
{
    return d.insertIgnoringDuplicates("alarms", ALARM_COLUMNS);
}

} // namespace

bool ReportJob::run(JobContext &ctx, Result &out) const
{
    const qint64 terminalId = punches.terminalId;
    const qint64 receivedMs = punches.receivedMs;
    if (status) {
        QSqlQuery *u = ctx.statement(updateStatusSql);
        if (!u)
            return false;
        u->bindValue(QStringLiteral(":seen_ms"), receivedMs);
        bindTerminalInfo(*u, *status, STATUS_INFO);
        u->bindValue(QStringLiteral(":id"), terminalId);
        if (!ctx.exec(*u))
            return false;
    }
    for (const AlarmRecord &a : alarms) {
        QSqlQuery *q = ctx.statement(insertAlarmSql);
        if (!q)
            return false;
        q->bindValue(QStringLiteral(":terminal_id"), terminalId);
        q->bindValue(QStringLiteral(":code"), static_cast<qint64>(a.code));
        q->bindValue(QStringLiteral(":text"), terminaltext::cleanedText(a.text));
        q->bindValue(QStringLiteral(":utc_ms"), a.utcMs);
        q->bindValue(QStringLiteral(":received_ms"), receivedMs);
        if (!ctx.exec(*q))
            return false;
    }
    for (const CredentialRecord &c : credentials) {
        if (!storeCredential(ctx, terminalId, c, receivedMs))
            return false;
    }
    if (forgetUsersSeenBeforeMs &&
        !TerminalStore::forgetNotSeenSince(ctx.database(), terminalId, *forgetUsersSeenBeforeMs, ctx.errorOut()))
        return false;
    return punches.run(ctx, out);
}

} // namespace termdesk::storage
