// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

/// @brief The schema version table and the forward migrations, in one place.
/// SQL is kept portable to PostgreSQL: the dialect differences (auto ids, ids never reused) are
/// tokens, and what else a step needs from the engine is MigrationDialect's (sqldialect.h).
class Schema
{
public:
    /// The version this build writes.
    static int latestVersion();
    /// 0 for an empty database; -1 when the version cannot be read.
    static int version(QSqlDatabase db);
    /// Applies every missing step in one transaction each. Refuses a database newer than us.
    static bool migrate(QSqlDatabase db, QString *error);
    /// Applies the steps up to `target` only (tests build old databases with it).
    static bool migrateTo(QSqlDatabase db, int target, QString *error);
};

} // namespace termdesk::storage
