// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

class PgConnection;

/// @brief Commit order = id order for the tables read by a cursor (punches, events) on PostgreSQL.
///
/// Their ids come from a sequence: drawn at INSERT, visible at COMMIT. With several writers on one
/// database (two servers, a server and `termdesk db copy`) a transaction could draw id 103,
/// another draw 105 and commit first; a reader that saw 105 would move its cursor past 103 and
/// never deliver it. So every transaction that inserts into punches or events first takes one
/// transaction-level advisory lock, `pg_advisory_xact_lock(INSERT_ORDER_CLASS, INSERT_ORDER_KEY)`:
/// such transactions hold it from before their first id is drawn until their COMMIT (or ROLLBACK,
/// or the end of the session: a crash or a dropped connection frees it too). A transaction that
/// draws an id therefore finishes before the next one can draw a higher one, and a reader that
/// sees id N committed also sees every lower id that ever commits. Gaps stay (rollbacks, ON
/// CONFLICT) and are harmless to a cursor.
///
/// One lock for both tables: a writer transaction may hold a punch batch and a command's
/// completion in either order; two locks taken in either order by two servers could deadlock.
/// The two-integer form keeps it apart from any lock keyed by one bigint (a hash).
///
/// Take it right before the INSERT and keep the rest of the transaction short: writers that
/// insert punches wait for each other from that point to their COMMIT. Taking it again in the
/// same transaction is allowed (it is counted, and all of it ends with the transaction).
/// SQLite has one writer at a time: nothing to do there.
inline constexpr int INSERT_ORDER_CLASS = 0x5444534B; // "TDSK"
inline constexpr int INSERT_ORDER_KEY = 1;

/// The statement that takes the lock.
const char *insertOrderSql();

/// Takes the lock on `db` inside its open transaction when it is a PostgreSQL (QPSQL) connection;
/// does nothing on any other driver. False with `error` set when the statement failed.
bool lockInsertOrder(const QSqlDatabase &db, QString *error);

/// The same on a libpq connection (builds with TERMDESK_LIBPQ).
bool lockInsertOrder(PgConnection &conn, QString *error);

} // namespace termdesk::storage
