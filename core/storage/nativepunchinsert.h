// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "nativestatement.h"
#include "punchcolumns.h"
#include "punchrows.h"

#include <array>
#include <memory>

namespace termdesk::storage {

class SqlDialect;

/// @brief The punch path through the SQLite C API on the writer's own Qt connection.
/// QSqlQuery's binding builds a QVariant per value (and a placeholder name when bound by
/// position), which was 36–42 % of the server's CPU while ingesting (docs/performance.md); this
/// binds directly. Only where nativeHandle() gives the handle (SQLite, TERMDESK_NATIVE_SQLITE).
class NativePunchInsert final : public PunchRowWriter
{
public:
    /// nullptr when the connection has no C API handle or a statement cannot be prepared
    /// (`error` set then).
    static std::unique_ptr<NativePunchInsert> create(const QSqlDatabase &db, const SqlDialect &dialect, QString *error);

    bool insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error) override;
    bool count(const PunchCounts &counts, QString *error) override;
    bool nativeApi() const override { return true; }

private:
    NativePunchInsert(std::unique_ptr<NativeStatement> insertStatement,
                      std::unique_ptr<NativeStatement> countStatement);
    std::unique_ptr<NativeStatement> m_insert, m_count;
    std::array<int, PunchColumnCount> m_param{}; ///< each column's parameter position, found by name once
};

} // namespace termdesk::storage
