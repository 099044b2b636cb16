// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "migrationbackup.h"
#include "postgresdatabase.h"
#include "postgresurl.h"
#include "schema.h"
#include "util/logging.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage {
namespace {

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
        return false;
    }
    return true;
}

} // namespace

bool Database::reopenIfLost(const QString &file, const QString &connectionName, const OpenOptions &options,
                            QString *error)
{
    if (!PostgresUrl::isUrl(file) || get(connectionName).isOpen())
        return true;
    close(connectionName);
    return open(file, connectionName, options, error);
}

bool Database::open(const QString &file, const QString &connectionName, const OpenOptions &options, QString *error)
{
    if (PostgresUrl::isUrl(file))
        return openPostgres(file, connectionName, options, error);
    if (options.readOnly && !QFileInfo::exists(file)) {
        if (error)
            *error = QStringLiteral("no database at %1").arg(file);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(file);
    QString connectOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs);
    if (options.readOnly)
        connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
    db.setConnectOptions(connectOptions);
    if (!db.open()) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(file, db.lastError().text());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return false;
    }
    const QString sync =
        options.synchronous.toUpper() == QLatin1String("NORMAL") ? QStringLiteral("NORMAL") : QStringLiteral("FULL");
    bool ok = true;
    if (!options.readOnly)
        ok = exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), error);
    ok = ok && exec(db, QStringLiteral("PRAGMA synchronous=") + sync, error) &&
         exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), error);
    if (ok) {
        if (options.readOnly) {
            const int v = Schema::version(db);
            if (v != Schema::latestVersion()) {
                ok = false;
                if (error)
                    *error =
                        v > Schema::latestVersion()
                            ? QStringLiteral("%1 was written by a newer TermDesk (schema %2)").arg(file).arg(v)
                            : QStringLiteral("%1 has schema %2; start TermDesk once to upgrade it").arg(file).arg(v);
            }
        } else {
            // An upgrade keeps the previous database: a copy first (docs/install.md, "Upgrades").
            ok = MigrationBackup::beforeMigration(db, file, error) && Schema::migrate(db, error);
        }
    }
    if (!ok) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return false;
    }
    qCDebug(lcStorage) << "opened" << file << "as" << connectionName << (options.readOnly ? "read-only" : "");
    return true;
}

bool Database::beginWrite(QSqlDatabase db, QString *error)
{
    if (db.driverName() != QLatin1String("QSQLITE")) {
        if (db.transaction())
            return true;
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

void Database::close(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QSqlDatabase Database::get(const QString &connectionName)
{
    return QSqlDatabase::database(connectionName, false);
}

} // namespace termdesk::storage
