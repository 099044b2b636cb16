// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace termdesk::storage {

/// The `sqlite3 *` behind a Qt QSQLITE connection, or nullptr for any other driver and in a
/// build without TERMDESK_NATIVE_SQLITE.
sqlite3 *nativeHandle(const QSqlDatabase &db);

/// @brief One statement prepared once through the SQLite C API on a Qt connection's handle, for
/// the writer's hot paths (BEGIN/COMMIT, the punch INSERT, per-batch bookkeeping): no QSqlQuery,
/// no QVariant. The one place a C API statement is prepared. Parameters are found by name
/// (`:name`) once, then bound by position; exec() clears the bindings afterwards.
class NativeStatement
{
public:
    /// nullptr (and `error` set) when the statement cannot be prepared; nullptr without an
    /// error when the connection has no C API handle (nativeHandle()).
    static std::unique_ptr<NativeStatement> create(const QSqlDatabase &db, const QByteArray &sql, QString *error);
    ~NativeStatement();
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;

    /// The 1-based position of the parameter `:name`; 0 when the statement has none by that name.
    int parameter(const char *name) const;
    void bind(int index, qint64 value);
    void bind(const char *name, qint64 value) { bind(parameter(name), value); }
    /// Runs the statement to completion. false with `error` set when it failed.
    bool exec(QString *error);

    sqlite3 *db() const { return m_db; }
    sqlite3_stmt *handle() const { return m_stmt; }

private:
    NativeStatement(sqlite3 *db, sqlite3_stmt *stmt);
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
};

} // namespace termdesk::storage
