// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace termdesk::storage {

/// @brief The backups of the database in a folder (docs/backup.md): made while the server writes,
/// named by the local time they were made (`termdesk-yyyyMMdd-HHmmss.sqlite`), the oldest deleted
/// beyond a number to keep. Used by the server's schedule (backupscheduler.h) and by
/// `termdesk backup`; `termdesk restore` lists them.
class DatabaseBackup
{
public:
    /// Copies the database @p dbFile into @p folder (created if missing) as backupName(@p when),
    /// consistent as of one moment even while another connection writes: `VACUUM INTO` from a
    /// read-only connection of its own, in WAL mode a reader the writer never waits for
    /// (docs/backup.md has the measurement). The copy is written as `<name>.partial`, checked
    /// with `PRAGMA quick_check` and only then renamed, so a file with the final name is always
    /// complete. Returns the backup's path, or empty with *error set (nothing left behind).
    /// Any thread; blocking (seconds on a large database).
    static QString make(const QString &dbFile, const QString &folder, const QDateTime &when, QString *error);

    /// `termdesk-yyyyMMdd-HHmmss.sqlite` (local time).
    static QString backupName(const QDateTime &when);
    /// The backups in @p folder (names as backupName() makes them), newest first, as paths.
    static QStringList list(const QString &folder);
    /// When the backup @p path was made (from its name), UTC ms since 1970; 0 when the name is not a backup's.
    static qint64 madeAtMs(const QString &path);
    /// Deletes the backups in @p folder beyond the newest @p keep (at least 1 is kept); returns the
    /// paths deleted. Files of any other name are never touched.
    static QStringList prune(const QString &folder, int keep);
};

} // namespace termdesk::storage
