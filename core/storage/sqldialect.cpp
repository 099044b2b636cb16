// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqldialect.h"

#include "postgresdialect.h"
#include "sqlitedialect.h"

#include <QSqlError>

namespace termdesk::storage {

std::unique_ptr<SqlDialect> SqlDialect::create(const QSqlDatabase &db, const OpenOptions &options, QString *error)
{
    if (db.driverName() == QLatin1String("QSQLITE"))
        return SqliteDialect::create(db, options, error);
    if (db.driverName() == QLatin1String("QPSQL"))
        return PostgresDialect::create(db, options, error);
    if (error)
        *error = QStringLiteral("no SQL dialect for the %1 driver").arg(db.driverName());
    return nullptr;
}

MigrationDialect::MigrationDialect(QSqlDatabase db)
    : m_db(std::move(db)), m_sqlite(m_db.driverName() == QLatin1String("QSQLITE"))
{
}

QString MigrationDialect::neverReusedIdColumn() const
{
    return m_sqlite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT") : QString();
}

QString MigrationDialect::statement(QString sql) const
{
    sql.replace(QLatin1String("%ID%"),
                m_sqlite ? QLatin1String("INTEGER PRIMARY KEY") : QLatin1String("BIGSERIAL PRIMARY KEY"));
    sql.replace(QLatin1String("%REAL%"), m_sqlite ? QLatin1String("REAL") : QLatin1String("DOUBLE PRECISION"));
    sql.replace(QLatin1String("%NEVER_REUSED_ID%"), neverReusedIdColumn());
    return sql;
}

bool MigrationDialect::begin(QString *error)
{
    if (!m_sqlite)
        return true;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA foreign_keys")) || !q.next()) {
        if (error)
            *error = QStringLiteral("PRAGMA foreign_keys: %1").arg(q.lastError().text());
        return false;
    }
    m_foreignKeysWereOn = q.value(0).toInt() != 0;
    if (m_foreignKeysWereOn && !q.exec(QStringLiteral("PRAGMA foreign_keys=OFF"))) {
        if (error)
            *error = QStringLiteral("PRAGMA foreign_keys=OFF: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

bool MigrationDialect::checkReferences(const QString &table, QString *error)
{
    if (!m_sqlite)
        return true; // PostgreSQL enforces references inside the step's transaction itself
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA foreign_key_check(%1)").arg(table))) {
        if (error)
            *error = QStringLiteral("foreign_key_check(%1): %2").arg(table, q.lastError().text());
        return false;
    }
    if (!q.next())
        return true;
    if (error)
        *error = QStringLiteral("a row of %1 (rowid %2) references a missing row of %3")
                     .arg(table, q.value(1).toString(), q.value(2).toString());
    return false;
}

void MigrationDialect::end()
{
    if (!m_sqlite || !m_foreignKeysWereOn)
        return;
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    m_foreignKeysWereOn = false;
}

bool prepareQuery(const QSqlDatabase &db, const QString &sql, QSqlQuery &query, QString *error)
{
    query = QSqlQuery(db);
    if (query.prepare(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(sql, query.lastError().text());
    return false;
}

bool execQuery(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

namespace {

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

} // namespace

QString returningId(const QSqlDatabase &db)
{
    return isPostgres(db) ? QStringLiteral(" RETURNING id") : QString();
}

QString containsSql(const QSqlDatabase &db, const QString &haystack, const QString &needle)
{
    return (isPostgres(db) ? QStringLiteral("strpos(%1, %2) > 0") : QStringLiteral("instr(%1, %2) > 0"))
        .arg(haystack, needle);
}

QString orderedJoin(const QSqlDatabase &db)
{
    return isPostgres(db) ? QStringLiteral("JOIN") : QStringLiteral("CROSS JOIN");
}

QString SqlDialect::insertIgnoringDuplicates(const char *table, Columns columns) const
{
    return insertSql(table, columns) + QLatin1String(" ON CONFLICT DO NOTHING");
}

QString SqlDialect::upsert(const char *table, Columns columns, const char *key, const QString &assignments) const
{
    return insertSql(table, columns) +
           QStringLiteral(" ON CONFLICT (%1) DO UPDATE SET %2").arg(QLatin1String(key), assignments);
}

qint64 insertedId(QSqlQuery &q)
{
    // An INSERT ... RETURNING gives a result row (none when ON CONFLICT skipped it).
    if (q.isSelect())
        return q.next() ? q.value(0).toLongLong() : 0;
    return q.numRowsAffected() > 0 ? q.lastInsertId().toLongLong() : 0;
}

QString insertSql(const char *table, SqlDialect::Columns columns)
{
    QString names, values;
    for (const char *c : columns) {
        if (!names.isEmpty()) {
            names += QLatin1String(", ");
            values += QLatin1String(", ");
        }
        names += QLatin1String(c);
        values += u':' + QLatin1String(c);
    }
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(QLatin1String(table), names, values);
}

} // namespace termdesk::storage
