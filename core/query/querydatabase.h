// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::query {

/// @brief Two connections to the TermDesk database, opened in the thread that creates this object and
/// usable only there (Qt 6.4's SQLite driver must not cross threads): a read-only one and a read-write
/// one. SQLite in WAL mode lets both work while the engine's writer appends. The console's views do not
/// use it (they read through SqliteReads and write through OperatorWriter, off the GUI thread); tests
/// and tools use it for their own look at the database. Connection names are unique per instance.
class QueryDatabase
{
public:
    QueryDatabase() = default;
    ~QueryDatabase();
    Q_DISABLE_COPY_MOVE(QueryDatabase)

    /// Opens both connections to @p file (which the engine created and migrated).
    bool open(const QString &file, const QString &synchronous, QString *error);
    void close();
    bool isOpen() const { return m_open; }

    QSqlDatabase reader() const;
    QSqlDatabase writer() const;
    QString file() const { return m_file; }

private:
    QString m_file;
    QString m_readName;
    QString m_writeName;
    bool m_open = false;
};

} // namespace termdesk::query
