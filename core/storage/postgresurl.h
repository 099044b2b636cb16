// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace termdesk::storage {

/// @brief Where a PostgreSQL store is: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?PARAMS]`
/// (`postgres://` too), as libpq writes it. PARAMS may be `sslmode` (disable, allow, prefer,
/// require, verify-ca, verify-full), `connect_timeout` (seconds) and `host` (a Unix socket
/// directory, for HOST left empty). The password is kept for the connection only: redacted()
/// is what logs and messages show.
struct PostgresUrl
{
    QString host; ///< a name or address, or a socket directory (from ?host=)
    int port = 5432;
    QString user;
    QString password; ///< never logged
    QString database;
    QString sslmode; ///< empty: libpq's default (prefer)
    int connectTimeoutSec = 10;

    /// Whether `location` names a PostgreSQL store rather than a SQLite file.
    static bool isUrl(const QString &location);
    /// The parts of `text`; nullopt with `error` saying what is wrong (the password never in it).
    static std::optional<PostgresUrl> parse(const QString &text, QString *error);
    /// The URL without its password, for messages and logs.
    QString redacted() const;
    /// The libpq options Qt's QPSQL driver passes on (QSqlDatabase::setConnectOptions).
    QString connectOptions() const;
};

/// A database location fit for a message: a SQLite path as it is, a PostgreSQL URL without its
/// password (a URL that does not parse is not shown at all).
QString displayLocation(const QString &location);

/// Whether this build can use PostgreSQL (TERMDESK_POSTGRESQL); false on the Windows build.
bool postgresBuilt();

} // namespace termdesk::storage
