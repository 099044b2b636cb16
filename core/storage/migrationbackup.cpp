// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrationbackup.h"

#include "schema.h"
#include "util/logging.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage {

QString MigrationBackup::backupName(const QString &file, int version, const QDateTime &when)
{
    const QString base =
        QStringLiteral("%1.bak-v%2-%3").arg(file).arg(version).arg(when.toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString name = base;
    for (int n = 2; QFileInfo::exists(name); ++n)
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    return name;
}

bool MigrationBackup::beforeMigration(QSqlDatabase db, const QString &file, QString *error, QString *backupPath)
{
    const int version = Schema::version(db);
    if (version <= 0 || version >= Schema::latestVersion())
        return true; // new, current or newer (Schema::migrate refuses a newer one): nothing to keep
    const QString target = backupName(file, version, QDateTime::currentDateTime());
    QSqlQuery q(db);
    // VACUUM INTO reads the database as one transaction sees it (WAL included) and writes a
    // complete, compact database file; it needs no checkpoint and no other connection to wait.
    if (!q.prepare(QStringLiteral("VACUUM INTO ?"))) {
        if (error)
            *error = QStringLiteral("cannot back up %1 before migrating it: %2").arg(file, q.lastError().text());
        return false;
    }
    q.addBindValue(target);
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("cannot back up %1 to %2 before migrating it from schema %3: %4; "
                                    "nothing was changed (free disk space, or check the folder's permissions)")
                         .arg(file, target)
                         .arg(version)
                         .arg(q.lastError().text());
        QFile::remove(target); // a partial copy is no backup
        return false;
    }
    qCInfo(lcStorage).noquote() << QStringLiteral("database %1 is at schema %2, this version uses schema %3: "
                                                  "backed up to %4 before migrating")
                                       .arg(file)
                                       .arg(version)
                                       .arg(Schema::latestVersion())
                                       .arg(target);
    if (backupPath)
        *backupPath = target;
    return true;
}

} // namespace termdesk::storage
