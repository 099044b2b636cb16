// SPDX-License-Identifier: GPL-3.0-or-later
// A damaged database for the tests of the start-up check, backup and restore (docs/backup.md).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

/// Overwrites the b-tree header of the punches table's root page in the SQLite file @p file with
/// garbage, the way a bad sector would: SQLite's checks find it. False when the file could not be
/// read or written.
inline bool corruptPunchesRoot(const QString &file)
{
    int root = 0;
    int pageSize = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("corrupt"));
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name='punches'")) && q.next())
                root = q.value(0).toInt();
            if (q.exec(QStringLiteral("PRAGMA page_size")) && q.next())
                pageSize = q.value(0).toInt();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("corrupt"));
    QFile f(file);
    if (root < 2 || pageSize <= 0 || !f.open(QIODevice::ReadWrite) || !f.seek(qint64(root - 1) * pageSize))
        return false;
    return f.write(QByteArray(16, '\xAB')) == 16;
}
