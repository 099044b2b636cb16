// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqldialect.h"

namespace termdesk::storage {

/// @brief PostgreSQL (Qt's QPSQL driver): a plain `BEGIN` (PostgreSQL locks rows, not the
/// database, so nothing is taken up front), no pragmas, `GREATEST(a, b)`, `ON CONFLICT` upserts
/// as SQLite writes them, new ids read back with `RETURNING id`. Punches go through QSqlQuery
/// (QueryPunchInsert), acknowledged only after COMMIT like on SQLite.
class PostgresDialect final : public SqlDialect
{
public:
    static std::unique_ptr<PostgresDialect> create(const QSqlDatabase &db, QString *error);

    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;

    QString greatest(const QString &a, const QString &b) const override;
    QString proposed(const char *column) const override;
    QString returningId() const override;

    PunchRowWriter &punchRows() override { return *m_punches; }

private:
    explicit PostgresDialect(const QSqlDatabase &db) : m_db(db) {}
    bool run(const QString &sql, QString *error);

    QSqlDatabase m_db;
    std::unique_ptr<PunchRowWriter> m_punches;
};

} // namespace termdesk::storage
