// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

struct OpenOptions
{
    bool readOnly = false;                        ///< no migration, no writes
    QString synchronous = QStringLiteral("FULL"); ///< FULL or NORMAL
    int busyTimeoutMs = 10'000;
    /// The storage writer's hot statements (BEGIN/COMMIT, the punch INSERT) through SQLite's C API
    /// on Qt's connection, where this build allows it (TERMDESK_NATIVE_SQLITE); off, or where it
    /// does not, they go through QSqlQuery like everything else. Both paths run in the tests.
    bool sqliteCApi = true;
    /// On PostgreSQL, the storage writer's punch path through libpq on a connection of its own
    /// (batched INSERTs, docs/multi-pc.md), where the build has it (TERMDESK_LIBPQ); off, or where
    /// it does not, punches go through QSqlQuery on the writer's QPSQL connection.
    bool postgresLibpq = true;
};

/// @brief Opens one named connection to the TermDesk database (one per thread: Qt 6.4's
/// SQLite driver must not be shared across threads). A writable connection is switched to
/// WAL and migrated forward to the current schema.
class Database
{
public:
    /// `file` is a SQLite file, or a `postgresql://` URL (PostgresUrl) for a shared store.
    static bool open(const QString &file, const QString &connectionName, const OpenOptions &options, QString *error);
    static void close(const QString &connectionName);
    /// Opens `connectionName` again (as open() would, with the same `file` and `options`) when its
    /// connection was lost: PostgreSQL restarted, or the backend ended (pg_terminate_backend). Qt's
    /// QPSQL driver never reconnects by itself; after a failed query isOpen() is false. True when the
    /// connection is (again) usable; a SQLite connection is left as it is.
    static bool reopenIfLost(const QString &file, const QString &connectionName, const OpenOptions &options,
                             QString *error);
    static QSqlDatabase get(const QString &connectionName);

    /// Starts a transaction that will write, holding SQLite's write lock from its first
    /// statement ("BEGIN IMMEDIATE"; QSqlDatabase::transaction() elsewhere). A plain BEGIN
    /// reads first and asks for the lock at its first write: if the server's writer committed
    /// in between, SQLite refuses at once ("database is locked", no busy wait can help). The
    /// command line, the console and the roster tools write beside a running server, so they
    /// begin this way; end with QSqlDatabase::commit() or rollback() as usual.
    static bool beginWrite(QSqlDatabase db, QString *error);
};

} // namespace termdesk::storage
