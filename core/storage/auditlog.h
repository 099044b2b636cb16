// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

struct AuditEntry
{
    qint64 id = 0;
    qint64 atMs = 0;
    QString actor;
    QString action;
    QString target;
    QString detail;
    QString result;
};

/// @brief The audit trail of operator actions (who, what, when, result), written by the
/// command line and the console. Never holds biometric data.
class AuditLog
{
public:
    /// "user@host (cli)" for the person running this process.
    static QString currentActor(const QString &via);
    static bool record(QSqlDatabase db, const QString &actor, const QString &action, const QString &target,
                       const QString &detail, const QString &result, QString *error = nullptr);
    static QList<AuditEntry> recent(QSqlDatabase db, int limit, QString *error);
};

} // namespace termdesk::storage
