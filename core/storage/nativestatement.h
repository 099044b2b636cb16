// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace termdesk::storage {

/// The `sqlite3 *` behind a Qt QSQLITE connection, or nullptr for any other driver.
sqlite3 *nativeHandle(const QSqlDatabase &db);

/// @brief One statement prepared once through the SQLite C API on a Qt connection's handle, for
/// the writer's hot paths (BEGIN/COMMIT, per-batch bookkeeping): no QSqlQuery, no QVariant, no
/// placeholder names. Bind by 1-based position, then exec(); bindings are cleared afterwards.
class NativeStatement
{
public:
    /// nullptr (and `error` set) when the statement cannot be prepared; nullptr without an
    /// error when the connection is not SQLite.
    static std::unique_ptr<NativeStatement> create(const QSqlDatabase &db, const char *sql, QString *error);
    ~NativeStatement();
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;

    void bind(int index, qint64 value);
    /// Runs the statement to completion. false with `error` set when it failed.
    bool exec(QString *error);
    /// The first column of the first row as text (for PRAGMA queries); empty on error.
    QByteArray queryText(QString *error);

private:
    NativeStatement(sqlite3 *db, sqlite3_stmt *stmt);
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
};

} // namespace termdesk::storage
