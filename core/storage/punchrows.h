// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QString>

#include <span>

namespace termdesk::storage {

class SqlDialect;

/// One attendance punch of a batch, as the punches table stores it: the record and what the
/// writer worked out for it.
struct PunchRow
{
    const Punch *punch = nullptr;
    qint64 utcMs = 0;
    int offsetMin = 0;
    int flags = 0;
    qint64 rowId = 0; ///< set by PunchRowWriter::insert: the new row's id, 0 when it was already stored
};

/// A terminal's counters after one batch (terminals.punches_received / _stored / _duplicate).
struct PunchCounts
{
    qint64 terminalId = 0;
    qint64 seenMs = 0;
    qint64 received = 0;
    qint64 stored = 0;
    qint64 duplicates = 0;
};

/// @brief How a batch of punches reaches the punches table: one call per batch, so no punch pays
/// a virtual call. Implementations: NativePunchInsert (SQLite's C API on Qt's connection),
/// QueryPunchInsert (QSqlQuery, any driver) and LibpqPunchInsert (PostgreSQL through libpq, a
/// PunchConnection); the dialect picks them when the writer opens.
class PunchRowWriter
{
public:
    virtual ~PunchRowWriter() = default;
    /// Inserts the rows in order, skipping any already stored (the de-duplication key); sets
    /// each row's rowId. false with `error` set when a statement failed.
    virtual bool insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error) = 0;
    /// Adds a batch to the terminal's counters and moves its last-seen time forward.
    virtual bool count(const PunchCounts &counts, QString *error) = 0;
    /// Whether this goes through SQLite's C API (for logs and tests).
    virtual bool nativeApi() const = 0;
};

/// @brief A punch path on a database connection of its own (LibpqPunchInsert, PostgreSQL through
/// libpq): its transactions are not the writer's. StorageWriter runs a run of plain punch batches
/// (PunchBatchJob::plain) as one transaction here, and acknowledges them only after commit().
class PunchConnection : public PunchRowWriter
{
public:
    virtual bool begin(QString *error) = 0;
    /// false with `error` set when the transaction did not commit (nothing of it is stored then).
    virtual bool commit(QString *error) = 0;
    virtual void rollback() = 0;
};

/// The punch INSERT both implementations prepare (columns from PUNCH_COLUMNS, duplicates skipped).
QString punchInsertSql(const SqlDialect &dialect);
/// The counters' UPDATE; parameters :seen_ms, :received, :stored, :duplicates, :terminal_id.
QString punchCountSql(const SqlDialect &dialect);

} // namespace termdesk::storage
