// SPDX-License-Identifier: GPL-3.0-or-later
#include "userquery.h"

#include "model/credentialkind.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace termdesk::query {
namespace {

bool run(QSqlQuery &q, const QString &sql, QString *error)
{
    q.setForwardOnly(true);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

QList<UserRecord> UserQuery::roster(const QSqlDatabase &db, QString *error)
{
    QList<UserRecord> users;
    QHash<qint64, qsizetype> rowOf;
    {
        QSqlQuery q(db);
        if (!run(q, QStringLiteral("SELECT enroll_id, name, admin, enabled FROM users ORDER BY enroll_id"), error))
            return {};
        while (q.next()) {
            UserRecord u;
            u.enrollId = q.value(0).toLongLong();
            u.name = q.value(1).toString();
            u.admin = q.value(2).toInt();
            u.enabled = q.value(3).toInt() != 0;
            rowOf.insert(u.enrollId, users.size());
            users.append(std::move(u));
        }
    }
    {
        // The slots of each kind as credentialKind() classifies them (model/credentialkind.h).
        // Never select `data`.
        // CASE … THEN 1: PostgreSQL has no SUM or MAX of a boolean.
        const auto is = [](CredentialKind k) {
            return QStringLiteral("CASE WHEN %1 THEN 1 ELSE 0 END")
                .arg(sqlCondition(k, QLatin1StringView("backup_num")));
        };
        QSqlQuery q(db);
        if (!run(q,
                 QStringLiteral("SELECT enroll_id, SUM(%1), MAX(%2), MAX(%3), MAX(%4), MAX(%5), MAX(%6)"
                                " FROM credentials GROUP BY enroll_id")
                     .arg(is(CredentialKind::Fingerprint), is(CredentialKind::Password), is(CredentialKind::Card),
                          is(CredentialKind::Face), is(CredentialKind::Palm), is(CredentialKind::Photo)),
                 error))
            return {};
        while (q.next()) {
            const auto it = rowOf.constFind(q.value(0).toLongLong());
            if (it == rowOf.constEnd())
                continue;
            UserRecord &u = users[*it];
            u.fingerprints = q.value(1).toInt();
            u.password = q.value(2).toInt() != 0;
            u.card = q.value(3).toInt() != 0;
            u.face = q.value(4).toInt() != 0;
            u.palm = q.value(5).toInt() != 0;
            u.photo = q.value(6).toInt() != 0;
        }
    }
    {
        QSqlQuery q(db);
        if (!run(q,
                 QStringLiteral("SELECT DISTINCT tu.enroll_id, t.sn FROM terminal_users tu"
                                " JOIN terminals t ON t.id = tu.terminal_id ORDER BY tu.enroll_id, t.sn"),
                 error))
            return {};
        while (q.next()) {
            const auto it = rowOf.constFind(q.value(0).toLongLong());
            if (it != rowOf.constEnd())
                users[*it].terminals.append(q.value(1).toString());
        }
    }
    return users;
}

QHash<qint64, QString> UserQuery::names(const QSqlDatabase &db, QString *error)
{
    QHash<qint64, QString> names;
    QSqlQuery q(db);
    if (!run(q, QStringLiteral("SELECT enroll_id, name FROM users WHERE name <> ''"), error))
        return names;
    while (q.next())
        names.insert(q.value(0).toLongLong(), q.value(1).toString());
    return names;
}

UserStamp UserQuery::stamp(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!run(q, QStringLiteral("SELECT COUNT(*), COALESCE(MAX(updated_ms), 0) FROM users"), error) || !q.next())
        return {};
    return {q.value(0).toLongLong(), q.value(1).toLongLong()};
}

} // namespace termdesk::query
