// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace termdesk::query {

/// @brief The console's two connections to the TermDesk database, opened in the thread that creates this
/// object and usable only there (Qt 6.4's SQLite driver must not cross threads): a read-only one for
/// every view and a read-write one for operator edits (rename, approve, block). SQLite in WAL mode lets
/// both work while the engine's writer appends. Connection names are unique per instance, so several
/// consoles (tests) can live in one process.
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
