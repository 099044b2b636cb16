// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresdatabase.h"

#include "postgresurl.h"
#include "schema.h"
#include "util/logging.h"

#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage {
namespace {

/// The advisory lock key every TermDesk migration takes ("TDSchema" in ASCII).
constexpr qint64 MIGRATION_LOCK = 0x5444536368656d61LL;

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
    return false;
}

bool checkVersion(QSqlDatabase &db, const QString &shown, QString *error)
{
    const int v = Schema::version(db);
    if (v == Schema::latestVersion())
        return true;
    if (error) {
        if (v < 0)
            *error = QStringLiteral("cannot read the schema version of %1: %2").arg(shown, db.lastError().text());
        else if (v > Schema::latestVersion())
            *error = QStringLiteral("%1 was written by a newer TermDesk (schema %2, this build knows %3)")
                         .arg(shown)
                         .arg(v)
                         .arg(Schema::latestVersion());
        else
            *error = QStringLiteral("%1 has schema %2; run `termdesk db migrate --database URL` to upgrade it")
                         .arg(shown)
                         .arg(v);
    }
    return false;
}

bool migrate(QSqlDatabase &db, QString *error)
{
    if (!exec(db, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(MIGRATION_LOCK), error))
        return false;
    const bool ok = Schema::migrate(db, error);
    QString ignored;
    exec(db, QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(MIGRATION_LOCK), &ignored);
    return ok;
}

} // namespace

bool openPostgres(const QString &location, const QString &connectionName, const OpenOptions &options, QString *error)
{
    if (!postgresBuilt()) {
        if (error)
            *error = QStringLiteral("this TermDesk was built without PostgreSQL support (TERMDESK_POSTGRESQL=OFF)");
        return false;
    }
    const auto url = PostgresUrl::parse(location, error);
    if (!url)
        return false;
    const QString shown = url->redacted();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        if (error)
            *error = QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed; on Debian: apt install "
                                    "libqt6sql6-psql");
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(url->host);
    db.setPort(url->port);
    db.setUserName(url->user);
    db.setPassword(url->password);
    db.setDatabaseName(url->database);
    db.setConnectOptions(url->connectOptions());
    bool ok = db.open();
    if (!ok && error)
        *error = QStringLiteral("cannot connect to %1: %2").arg(shown, db.lastError().text().trimmed());
    if (ok && options.readOnly)
        ok =
            exec(db, QStringLiteral("SET default_transaction_read_only = on"), error) && checkVersion(db, shown, error);
    else if (ok)
        ok = migrate(db, error);
    if (!ok) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return false;
    }
    qCDebug(lcStorage) << "opened" << shown << "as" << connectionName << (options.readOnly ? "read-only" : "");
    return true;
}

} // namespace termdesk::storage
