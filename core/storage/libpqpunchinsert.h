// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchrows.h"

#include <QByteArray>
#include <QSqlDatabase>

#include <array>
#include <memory>
#include <vector>

namespace termdesk::storage {

class PgConnection;

/// @brief The punch path on PostgreSQL through libpq, on a connection of its own (never the
/// QPSQL connection the rest of the writer uses): a whole batch is one multi-row
/// `INSERT ... SELECT FROM unnest($3::bigint[], ...) ON CONFLICT DO NOTHING RETURNING ...`, its
/// arrays sent as text, the new ids matched back to the rows by the punches' unique key. Its own
/// BEGIN/COMMIT (PunchConnection); the first INSERT of a transaction takes the insert-order lock
/// (insertorder.h), so ids become visible in order with several writers. synchronous_commit is
/// left as the server has it (on), so a COMMIT that returned is durable before anything is
/// acknowledged. A lost connection is opened again at the next begin(). Built with TERMDESK_LIBPQ.
class LibpqPunchInsert final : public PunchConnection
{
public:
    ~LibpqPunchInsert() override;
    /// Connects to the database `like` is connected to and prepares the statements; nullptr with
    /// `error` set when it cannot.
    static std::unique_ptr<LibpqPunchInsert> create(const QSqlDatabase &like, QString *error);

    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;
    bool insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error) override;
    bool count(const PunchCounts &counts, QString *error) override;
    bool nativeApi() const override { return false; }

    /// The multi-row INSERT (parameters: terminal id, received ms, then one array per column).
    static const char *insertSql();

private:
    explicit LibpqPunchInsert(std::unique_ptr<PgConnection> conn);
    bool prepare(QString *error);

    std::unique_ptr<PgConnection> m_conn;
    /// The arrays' text, reused from batch to batch (enroll_id ... flags, PunchArray order).
    std::array<QByteArray, 10> m_arrays;
    std::vector<QByteArray> m_times; ///< each row's local_time in UTF-8, to match RETURNING to rows
    bool m_ordered = false;          ///< the insert-order lock is held in this transaction
};

} // namespace termdesk::storage
