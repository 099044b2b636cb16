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
};

/// @brief Opens one named connection to the TermDesk database (one per thread: Qt 6.4's
/// SQLite driver must not be shared across threads). A writable connection is switched to
/// WAL and migrated forward to the current schema.
class Database
{
public:
    static bool open(const QString &file, const QString &connectionName, const OpenOptions &options, QString *error);
    static void close(const QString &connectionName);
    static QSqlDatabase get(const QString &connectionName);
};

} // namespace termdesk::storage
