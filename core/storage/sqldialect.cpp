// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqldialect.h"

#include "sqlitedialect.h"

#include <QSqlError>

namespace termdesk::storage {

std::unique_ptr<SqlDialect> SqlDialect::create(const QSqlDatabase &db, const OpenOptions &options, QString *error)
{
    if (db.driverName() == QLatin1String("QSQLITE"))
        return SqliteDialect::create(db, options, error);
    if (error)
        *error = QStringLiteral("no SQL dialect for the %1 driver").arg(db.driverName());
    return nullptr;
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
