// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "nativestatement.h"
#include "sqldialect.h"

namespace termdesk::storage {

/// @brief SQLite: `BEGIN IMMEDIATE`, the writer's pragmas, `ON CONFLICT` upserts, `MAX(a, b)`;
/// BEGIN/COMMIT/ROLLBACK and the punch path through the C API when OpenOptions::sqliteCApi asks
/// for it and the build allows it, through QSqlQuery otherwise.
class SqliteDialect final : public SqlDialect
{
public:
    static std::unique_ptr<SqliteDialect> create(const QSqlDatabase &db, const OpenOptions &options, QString *error);

    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;

    QString greatest(const QString &a, const QString &b) const override;
    QString proposed(const char *column) const override;

    PunchRowWriter &punchRows() override { return *m_punches; }

private:
    explicit SqliteDialect(const QSqlDatabase &db) : m_db(db) {}
    bool run(NativeStatement *native, const QString &sql, QString *error);

    QSqlDatabase m_db;
    /// Prepared once when the C API is used; otherwise null and the text goes through QSqlQuery.
    std::unique_ptr<NativeStatement> m_begin, m_commit, m_rollback;
    std::unique_ptr<PunchRowWriter> m_punches;
};

} // namespace termdesk::storage
