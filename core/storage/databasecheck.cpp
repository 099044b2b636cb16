// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasecheck.h"

#include "schema.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

namespace termdesk::storage {
namespace {

constexpr int MAX_REPORTED_LINES = 5; // a badly damaged file yields thousands

DatabaseCheck::Verdict run(QSqlDatabase &db, DatabaseCheck::Depth depth, QString *message)
{
    using Verdict = DatabaseCheck::Verdict;
    QSqlQuery q(db);
    // Bounded: after MAX_REPORTED_LINES problems SQLite stops looking.
    const QString pragma = depth == DatabaseCheck::Depth::Quick ? QStringLiteral("PRAGMA quick_check(%1)")
                                                                : QStringLiteral("PRAGMA integrity_check(%1)");
    if (!q.exec(pragma.arg(MAX_REPORTED_LINES))) {
        *message = q.lastError().text(); // "file is not a database", "database disk image is malformed"
        return Verdict::Damaged;
    }
    QStringList lines;
    while (q.next())
        lines << q.value(0).toString();
    if (lines != QStringList{QStringLiteral("ok")}) {
        *message = lines.isEmpty() ? QStringLiteral("the check returned nothing") : lines.join(QLatin1String("; "));
        return Verdict::Damaged;
    }
    const int version = Schema::version(db);
    if (version <= 0) {
        *message = QStringLiteral("a SQLite database, but not TermDesk's (no schema_version table)");
        return Verdict::NotTermDesk;
    }
    if (version > Schema::latestVersion()) {
        *message = QStringLiteral("written by a newer TermDesk (schema %1; this version opens up to %2)")
                       .arg(version)
                       .arg(Schema::latestVersion());
        return Verdict::TooNew;
    }
    return Verdict::Sound;
}

} // namespace

DatabaseCheck::Verdict DatabaseCheck::check(const QString &file, Depth depth, QString *message)
{
    QString text;
    Verdict verdict = Verdict::Damaged;
    if (!QFileInfo(file).isFile()) {
        text = QStringLiteral("no such file");
    } else {
        const QString name = QStringLiteral("check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
            if (db.open())
                verdict = run(db, depth, &text);
            else
                text = db.lastError().text();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    if (message)
        *message = verdict == Verdict::Sound ? QString() : text;
    return verdict;
}

} // namespace termdesk::storage
