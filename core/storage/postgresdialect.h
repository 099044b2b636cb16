// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "querypunchinsert.h"
#include "sqldialect.h"

namespace termdesk::storage {

/// @brief PostgreSQL (Qt's QPSQL driver): a plain `BEGIN` (PostgreSQL locks rows, not the
/// database, so nothing is taken up front), no pragmas, `GREATEST(a, b)`, `ON CONFLICT` upserts
/// as SQLite writes them, new ids read back with `RETURNING id`. Punches go through QSqlQuery
/// (QueryPunchInsert) in the writer's transaction and, where the build has libpq and
/// OpenOptions::postgresLibpq is on, plain punch batches through LibpqPunchInsert on a connection
/// of its own (punchConnection()); either way acknowledged only after their COMMIT, and either
/// way a transaction takes the insert-order lock before its first punch (insertorder.h).
class PostgresDialect final : public SqlDialect
{
public:
    /// nullptr with `error` set when a statement cannot be prepared or libpq cannot connect.
    static std::unique_ptr<PostgresDialect> create(const QSqlDatabase &db, const OpenOptions &options, QString *error);
    ~PostgresDialect() override;

    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;

    QString greatest(const QString &a, const QString &b) const override;
    QString proposed(const char *column) const override;
    QString returningId() const override;
    QString lockingRead() const override { return QStringLiteral(" FOR UPDATE"); }

    PunchRowWriter &punchRows() override;
    PunchConnection *punchConnection() override { return m_ownConnection.get(); }

private:
    explicit PostgresDialect(const QSqlDatabase &db) : m_db(db) {}
    bool run(const QString &sql, QString *error);

    QSqlDatabase m_db;
    std::unique_ptr<QueryPunchInsert> m_punches;
    std::unique_ptr<PunchConnection> m_ownConnection; ///< libpq, when built and wanted
};

} // namespace termdesk::storage
