// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

/// @brief Deleting punch photos older than a retention (docs/security.md, "Photos"): the same
/// statement for the server's periodic purge (PurgePhotosJob) and `termdesk photos purge`, on
/// SQLite and PostgreSQL. Only punch_photos rows go; the punches stay. A photo's age is its
/// punch's time (punches.utc_ms).
namespace photopurge {

/// Days a retention may be set to (0 = keep photos forever); about a century.
inline constexpr int MAX_DAYS = 36'500;
inline constexpr qint64 DAY_MS = 24LL * 60 * 60 * 1000;

/// The DELETE, with one bound value `:before` (UTC ms): photos of punches before it go. It reads
/// only punch_photos and looks each punch up by its key, so it stays cheap however many punches
/// without a photo the store holds.
QString deleteSql();
/// The cut-off for photos older than @p days at @p nowMs.
inline qint64 cutoffMs(qint64 nowMs, int days)
{
    return nowMs - qint64(days) * DAY_MS;
}
/// On SQLite, @p on makes the connection overwrite what it deletes with zeros (`PRAGMA
/// secure_delete`), so a purged photo is not left readable in the file's free pages; a no-op on
/// PostgreSQL (whose VACUUM reclaims the space).
void setSecureDelete(QSqlDatabase db, bool on);
/// Deletes, in @p db, the photos of punches before @p beforeMs; the number deleted, or -1 with
/// @p error set.
int run(QSqlDatabase db, qint64 beforeMs, QString *error);

} // namespace photopurge
} // namespace termdesk::storage
