// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <memory>

struct pg_conn;
struct pg_result;

namespace termdesk::storage {

/// A libpq result, cleared when it goes.
struct PgResultDeleter
{
    void operator()(pg_result *r) const;
};
using PgResult = std::unique_ptr<pg_result, PgResultDeleter>;

/// @brief One libpq connection of its own, opened with the parts of a QPSQL connection (host or
/// socket directory, port, user, password, database, and the URL's sslmode / connect_timeout from
/// its connect options), so it reaches the same database as the writer's Qt connection. Used
/// from one thread. Its prepared statements are made again after a reconnection (prepare()).
class PgConnection
{
public:
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    /// Connects; nullptr with `error` saying why (never the password).
    static std::unique_ptr<PgConnection> open(const QSqlDatabase &like, const char *applicationName, QString *error);

    /// Whether the connection is up; when it was lost, tries once to connect again (libpq's
    /// PQreset) and returns whether that worked (`error` set when not). `reconnected` tells the
    /// caller its prepared statements are gone.
    bool ensureUp(bool *reconnected, QString *error);
    /// Runs a statement without parameters, any rows it returns left unread (a lock's SELECT);
    /// false with `error` set when it failed. `tag`, when given, is the command tag it must answer (COMMIT answers
    /// ROLLBACK when the transaction had failed).
    bool command(const char *sql, QString *error, const char *tag = nullptr);
    /// Prepares `sql` as `name`; false with `error` set.
    bool prepare(const char *name, const char *sql, int params, QString *error);
    /// Runs the prepared `name` with text parameters (nullptr = NULL); the result, or nullptr with
    /// `error` set when it failed.
    PgResult run(const char *name, int params, const char *const *values, QString *error);

private:
    explicit PgConnection(pg_conn *conn) : m_conn(conn) {}
    QString lastError() const;
    pg_conn *m_conn = nullptr;
};

} // namespace termdesk::storage
