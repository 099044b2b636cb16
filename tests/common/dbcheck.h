// SPDX-License-Identifier: GPL-3.0-or-later
// Checks on the SQLite file a test's Engine writes, through a connection of the test's own: one
// value of a query, or whatever a function reads. Each check opens its connection and closes it
// after, so nothing stays open between the steps of a test.
#pragma once

#include "storage/database.h"

#include <QDebug>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <utility>

class DbCheck
{
public:
    /// The first column of the first row of @p sql on @p db; "SQL error" when it fails, null when
    /// there is no row.
    static QVariant firstValue(const QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return QVariant(QStringLiteral("SQL error"));
        return q.next() ? q.value(0) : QVariant();
    }

    /// The database file to check (the Engine's EngineConfig::databaseFile()).
    void setFile(const QString &file) { m_file = file; }

    /// f(db) on a new connection to the file; a default value (and a warning) when it does not open.
    template <typename F> auto with(F f)
    {
        const QString name = QStringLiteral("dbcheck%1").arg(++m_connections);
        decltype(f(std::declval<QSqlDatabase>())) v{};
        {
            QString error;
            if (termdesk::storage::Database::open(m_file, name, termdesk::storage::OpenOptions{}, &error))
                v = f(termdesk::storage::Database::get(name));
            else
                qWarning() << error;
        }
        termdesk::storage::Database::close(name);
        return v;
    }

    /// firstValue() of @p sql on a new connection.
    QVariant value(const QString &sql)
    {
        return with([&](QSqlDatabase db) { return firstValue(db, sql); });
    }

private:
    QString m_file;
    int m_connections = 0;
};
