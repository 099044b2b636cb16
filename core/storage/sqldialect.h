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

    /// The dialect for the writer's connection `db` (QSQLITE: SqliteDialect, QPSQL: PostgresDialect). `options` says
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
    /// INSERT of `columns` that skips a row whose unique key is already stored. The default is
    /// `ON CONFLICT DO NOTHING`, which SQLite and PostgreSQL share; an engine without it overrides.
    virtual QString insertIgnoringDuplicates(const char *table, Columns columns) const;
    /// INSERT of `columns` that, when the unique `key` is already stored, runs `assignments`
    /// instead; they name the row that was to be inserted with proposed(). The default is
    /// `ON CONFLICT (key) DO UPDATE SET`, shared by SQLite and PostgreSQL.
    virtual QString upsert(const char *table, Columns columns, const char *key, const QString &assignments) const;
    /// Inside upsert()'s assignments: the value `column` would have had in the new row.
    virtual QString proposed(const char *column) const = 0;
    /// What an INSERT ends with so that insertedId() can read the new row's id: empty where the
    /// driver reports it (QSqlQuery::lastInsertId, SQLite), ` RETURNING id` where it cannot (QPSQL).
    virtual QString returningId() const { return {}; }
    /// What a SELECT ends with to lock the rows it reads until the transaction ends: ` FOR UPDATE`
    /// where rows are locked (PostgreSQL); empty where the transaction already holds the write lock
    /// of the whole database (SQLite).
    virtual QString lockingRead() const { return {}; }

    /// How punches are inserted on this connection.
    virtual PunchRowWriter &punchRows() = 0;
    /// The punch path on a connection of its own (PostgreSQL through libpq), or nullptr when
    /// every punch goes through punchRows() on the writer's connection. StorageWriter runs plain
    /// punch batches on it, in transactions of its own.
    virtual PunchConnection *punchConnection() { return nullptr; }
};

/// @brief What Schema's migrations need from the engine beyond portable SQL. They run when the
/// database is opened, before any writer (and so any SqlDialect) exists.
class MigrationDialect
{
public:
    explicit MigrationDialect(QSqlDatabase db);

    /// A primary key column whose values are never handed out twice, even after the row that
    /// held the highest one was deleted (the punch cursor relies on it, docs/csv-export.md).
    /// Empty when the engine's ordinary auto id ("%ID%") already is one: PostgreSQL's BIGSERIAL
    /// draws from a sequence that never goes back. SQLite: "INTEGER PRIMARY KEY AUTOINCREMENT"
    /// (a plain INTEGER PRIMARY KEY reuses max(id) + 1 once the top row is gone).
    QString neverReusedIdColumn() const;
    /// A migration step's statement for this engine, its tokens replaced ("%ID%", "%REAL%",
    /// "%NEVER_REUSED_ID%"; the list is at the top of schema.cpp).
    QString statement(QString sql) const;

    /// Before the steps: SQLite turns foreign key enforcement off (it cannot change inside a
    /// transaction), because rebuilding a table means DROP TABLE, whose implicit DELETE would
    /// cascade to the rows that reference it (punch_photos). end() puts it back as it was.
    bool begin(QString *error);
    /// Inside a step's transaction, before its commit: false with `error` set when a row of
    /// `table` references a row that is gone (SQLite's foreign_key_check).
    bool checkReferences(const QString &table, QString *error);
    void end();

private:
    QSqlDatabase m_db;
    bool m_sqlite = false;
    bool m_foreignKeysWereOn = false;
};

/// The one place a QSqlQuery of the writer is prepared: `query` on `db` with `sql`; false with
/// `error` naming the statement when it cannot be.
bool prepareQuery(const QSqlDatabase &db, const QString &sql, QSqlQuery &query, QString *error);
/// Runs a prepared query; false with `error` set when it failed.
bool execQuery(QSqlQuery &query, QString *error);

/// SqlDialect::returningId() for any connection (the command line's, the console's), by its driver.
QString returningId(const QSqlDatabase &db);
/// `instr(haystack, needle) > 0` on any connection: true where `needle` occurs in `haystack`
/// (SQLite's instr(), PostgreSQL's strpos()).
QString containsSql(const QSqlDatabase &db, const QString &haystack, const QString &needle);
/// The join that keeps the table named before it as the outer loop: SQLite's `CROSS JOIN`, which
/// its planner never reorders (SQLite takes `ON` with it), a plain `JOIN` on PostgreSQL, which
/// refuses `CROSS JOIN … ON` and plans by its statistics.
QString orderedJoin(const QSqlDatabase &db);

/// The id of the row the INSERT just run on `q` created (its SQL ending with returningId()),
/// 0 when it inserted none (a duplicate skipped).
qint64 insertedId(QSqlQuery &q);

/// `INSERT INTO table (a, b) VALUES (:a, :b)`: every value is bound by its column's name.
QString insertSql(const char *table, SqlDialect::Columns columns);

} // namespace termdesk::storage
