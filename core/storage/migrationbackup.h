// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

/// @brief The copy of the database made before its schema is migrated (docs/install.md,
/// "Upgrades"). An upgrade migrates the database in place; if a step went wrong, the copy is the
/// database exactly as the previous version left it.
class MigrationBackup
{
public:
    /// When `db` (the open database in `file`) has a schema older than this build's but not 0
    /// (0 is a new, empty database), copies it to backupName(file, version, now) with
    /// `VACUUM INTO`, a consistent copy that includes what is still in the WAL, and logs where.
    /// Returns true when nothing was needed or the copy is complete (its path in *backupPath);
    /// false when the copy could not be made: the caller must not migrate then.
    static bool beforeMigration(QSqlDatabase db, const QString &file, QString *error, QString *backupPath = nullptr);

    /// `<file>.bak-v<version>-<yyyyMMdd-HHmmss>` (local time), with `-2`, `-3`, … appended
    /// when that name is taken.
    static QString backupName(const QString &file, int version, const QDateTime &when);
};

} // namespace termdesk::storage
