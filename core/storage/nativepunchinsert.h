// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace termdesk::storage {

/// @brief The punch INSERT bound through the SQLite C API on the writer's own Qt connection.
/// QSqlQuery's bindValue builds a placeholder name and a QVariant per value, which was 36–42 %
/// of the server's CPU while ingesting (docs/performance.md); this statement binds directly.
/// Only for the QSQLITE driver: other drivers keep the QSqlQuery path.
class NativePunchInsert
{
public:
    /// nullptr when the connection is not SQLite or the statement cannot be prepared.
    static std::unique_ptr<NativePunchInsert> create(const QSqlDatabase &db, QString *error);
    ~NativePunchInsert();
    NativePunchInsert(const NativePunchInsert &) = delete;
    NativePunchInsert &operator=(const NativePunchInsert &) = delete;

    /// 1 inserted, 0 already stored (de-dup key), -1 error (`error` set).
    int insert(qint64 terminalId, const Punch &p, qint64 utcMs, int offset, qint64 receivedMs, int flags,
               QString *error);
    qint64 lastInsertId() const;

private:
    NativePunchInsert(sqlite3 *db, sqlite3_stmt *stmt);
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
};

} // namespace termdesk::storage
