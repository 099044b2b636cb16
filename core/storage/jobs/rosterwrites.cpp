// SPDX-License-Identifier: GPL-3.0-or-later
#include "rosterwrites.h"

#include "model/terminaltext.h"
#include "storage/jobcontext.h"

namespace termdesk::storage {
namespace {

constexpr const char *USER_COLUMNS[] = {"enroll_id", "name", "admin", "updated_ms"};
constexpr const char *CREDENTIAL_COLUMNS[] = {"enroll_id", "backup_num", "data", "updated_ms", "source_terminal_id"};
constexpr const char *TERMINAL_USER_COLUMNS[] = {"terminal_id", "enroll_id", "backup_num", "seen_ms"};

QString upsertUserSql(const SqlDialect &d)
{
    return d.upsert("users", USER_COLUMNS, "enroll_id",
                    QStringLiteral("name = CASE WHEN %1 <> '' THEN %1 ELSE users.name END,"
                                   " admin = CASE WHEN :admin_said THEN %2 ELSE users.admin END, updated_ms = %3")
                        .arg(d.proposed("name"), d.proposed("admin"), d.proposed("updated_ms")));
}

QString upsertCredentialSql(const SqlDialect &d)
{
    return d.upsert("credentials", CREDENTIAL_COLUMNS, "enroll_id, backup_num",
                    QStringLiteral("data = %1, updated_ms = %2, source_terminal_id = %3")
                        .arg(d.proposed("data"), d.proposed("updated_ms"), d.proposed("source_terminal_id")));
}

QString upsertTerminalUserSql(const SqlDialect &d)
{
    return d.upsert("terminal_users", TERMINAL_USER_COLUMNS, "terminal_id, enroll_id, backup_num",
                    QStringLiteral("seen_ms = %1").arg(d.proposed("seen_ms")));
}

} // namespace

bool upsertUser(JobContext &ctx, const CredentialRecord &c, const QString &name, qint64 updatedMs)
{
    QSqlQuery *q = ctx.statement(upsertUserSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":enroll_id"), c.enrollId);
    const QString cleaned = terminaltext::cleanedName(name);
    q->bindValue(QStringLiteral(":name"), cleaned.isNull() ? QStringLiteral("") : cleaned); // users.name is NOT NULL
    q->bindValue(QStringLiteral(":admin"), c.admin.value_or(0));
    q->bindValue(QStringLiteral(":updated_ms"), updatedMs);
    q->bindValue(QStringLiteral(":admin_said"), c.admin.has_value());
    return ctx.exec(*q);
}

bool upsertCredential(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 updatedMs)
{
    QSqlQuery *q = ctx.statement(upsertCredentialSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":enroll_id"), c.enrollId);
    q->bindValue(QStringLiteral(":backup_num"), c.backupNum);
    q->bindValue(QStringLiteral(":data"), c.data);
    q->bindValue(QStringLiteral(":updated_ms"), updatedMs);
    q->bindValue(QStringLiteral(":source_terminal_id"), terminalId);
    return ctx.exec(*q);
}

bool upsertTerminalUser(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 seenMs)
{
    QSqlQuery *q = ctx.statement(upsertTerminalUserSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":terminal_id"), terminalId);
    q->bindValue(QStringLiteral(":enroll_id"), c.enrollId);
    q->bindValue(QStringLiteral(":backup_num"), c.backupNum);
    q->bindValue(QStringLiteral(":seen_ms"), seenMs);
    return ctx.exec(*q);
}

} // namespace termdesk::storage
