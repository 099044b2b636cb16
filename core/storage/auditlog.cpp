// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditlog.h"

#include "util/clock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace termdesk::storage {

QString AuditLog::currentActor(const QString &via)
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return QStringLiteral("%1@%2 (%3)").arg(user, QSysInfo::machineHostName(), via);
}

bool AuditLog::record(QSqlDatabase db, const QString &actor, const QString &action, const QString &target,
                      const QString &detail, const QString &result, QString *error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO audit (at_ms, actor, action, target, detail, result) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(wallClockMs());
    for (const QString *s : {&actor, &action, &target, &detail, &result})
        q.addBindValue(s->isNull() ? QStringLiteral("") : *s);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

QList<AuditEntry> AuditLog::recent(QSqlDatabase db, int limit, QString *error)
{
    QList<AuditEntry> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, at_ms, actor, action, target, detail, result FROM audit ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(AuditEntry{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                              q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                              q.value(6).toString()});
    return out;
}

} // namespace termdesk::storage
