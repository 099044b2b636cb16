// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "punchrows.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <span>

namespace termdesk::storage {

/// @brief Everything about the writer's SQL that depends on the database engine, behind one
/// interface: taking the write lock, the connection's settings, upsert and ignore-duplicate
/// syntax, the larger-of-two function, and the punch path (PunchRowWriter). Jobs write their
/// SQL through it and never ask which engine they run on; another engine (PostgreSQL) is another
/// implementation of this class, chosen by SqlDialect::create from the connection's driver.
class SqlDialect
{
public:
    using Columns = std::span<const char *const>;

    /// The dialect for the writer's connection `db` (QSQLITE: SqliteDialect). `options` says
    /// whether the punch path may use the SQLite C API. nullptr with `error` set when the
    /// driver has no dialect or a statement cannot be prepared.
    static std::unique_ptr<SqlDialect> create(const QSqlDatabase &db, const OpenOptions &options, QString *error);
    virtual ~SqlDialect() = default;

    /// Starts the transaction of one drain, holding the write lock from its first statement.
    virtual bool begin(QString *error) = 0;
    virtual bool commit(QString *error) = 0;
    virtual void rollback() = 0;

    /// The larger of two SQL expressions.
    virtual QString greatest(const QString &a, const QString &b) const = 0;
    /// INSERT of `columns` that skips a row whose unique key is already stored.
    virtual QString insertIgnoringDuplicates(const char *table, Columns columns) const = 0;
    /// INSERT of `columns` that, when the unique `key` is already stored, runs `assignments`
    /// instead; they name the row that was to be inserted with proposed().
    virtual QString upsert(const char *table, Columns columns, const char *key, const QString &assignments) const = 0;
    /// Inside upsert()'s assignments: the value `column` would have had in the new row.
    virtual QString proposed(const char *column) const = 0;

    /// How punches are inserted on this connection.
    virtual PunchRowWriter &punchRows() = 0;
};

/// The one place a QSqlQuery of the writer is prepared: `query` on `db` with `sql`; false with
/// `error` naming the statement when it cannot be.
bool prepareQuery(const QSqlDatabase &db, const QString &sql, QSqlQuery &query, QString *error);
/// Runs a prepared query; false with `error` set when it failed.
bool execQuery(QSqlQuery &query, QString *error);

/// `INSERT INTO table (a, b) VALUES (:a, :b)`: every value is bound by its column's name.
QString insertSql(const char *table, SqlDialect::Columns columns);

} // namespace termdesk::storage
