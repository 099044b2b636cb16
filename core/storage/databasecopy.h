// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace termdesk::storage {

/// What `db copy` did to one table.
struct TableCopy
{
    QString table;
    qint64 source = 0; ///< rows in the single-PC database
    qint64 copied = 0; ///< rows this run added to the shared store
    qint64 target = 0; ///< rows in the shared store afterwards (other sites' included)
};

struct CopyReport
{
    bool ok = false;
    QString error; ///< why it stopped; what was copied before stays, and a next run goes on from there
    QList<TableCopy> tables;
};

/// @brief `termdesk db copy` (docs/multi-pc.md, "Moving a single PC in"): every row of a SQLite
/// store into a PostgreSQL store that may already hold other sites' data, both at the latest schema.
///
/// Terminals are matched by serial (a serial already there keeps its row; the rows that refer to it
/// follow it); users, credentials and what terminals hold keep their keys and are never overwritten.
/// Punches, door events and alarms get the shared store's own ids and are skipped when their
/// de-duplication key is already there, so nothing is stored twice even when a terminal also sent
/// them to a server of the shared store; a punch's photo follows it. The tables without such a key
/// (commands, quarantine, audit) are copied in id order and the last id copied is kept in the
/// shared store (`copy_progress`, per source) in the same transaction as the rows: a copy that
/// stops (network, disk, Ctrl+C) goes on from there when run again, and a second run copies
/// nothing twice. Batches of BATCH rows, one transaction each.
class DatabaseCopy
{
public:
    static constexpr int BATCH = 500;

    /// @p sourceKey names the source for copy_progress (the SQLite file's absolute path and the PC).
    /// @p progress, if set, hears a line per table as it finishes.
    static CopyReport run(QSqlDatabase from, QSqlDatabase to, const QString &sourceKey,
                          const std::function<void(const TableCopy &)> &progress = {});
};

} // namespace termdesk::storage
