// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchcolumns.h"
#include "punchrows.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <array>
#include <memory>

namespace termdesk::storage {

class SqlDialect;

/// @brief The punch path through QSqlQuery: any driver, and SQLite where the C API may not be
/// used on Qt's connection (Qt's own SQLite copy on Windows and macOS, or OpenOptions::sqliteCApi
/// off). Values are bound by their column's name. On PostgreSQL, the first insert() of a
/// transaction takes the insert-order lock (insertorder.h); the dialect says when a transaction
/// begins (transactionBegun()).
class QueryPunchInsert final : public PunchRowWriter
{
public:
    /// nullptr with `error` set when a statement cannot be prepared.
    static std::unique_ptr<QueryPunchInsert> create(const QSqlDatabase &db, const SqlDialect &dialect, QString *error);

    bool insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error) override;
    bool count(const PunchCounts &counts, QString *error) override;
    bool nativeApi() const override { return false; }
    /// A new transaction began on the connection: its first insert() takes the lock again.
    void transactionBegun() { m_ordered = false; }

private:
    QueryPunchInsert() = default;
    QSqlDatabase m_db;
    bool m_orderInserts = false; ///< PostgreSQL: take the insert-order lock
    bool m_ordered = false;      ///< it is held in this transaction
    QSqlQuery m_insert, m_count;
    std::array<QString, PunchColumnCount> m_placeholder; ///< ":terminal_id", ... made once
};

} // namespace termdesk::storage
