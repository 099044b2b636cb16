// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasebackup.h"

#include "database.h"
#include "databasecheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace termdesk::storage {
namespace {

const QString NAME_FORMAT = QStringLiteral("yyyyMMdd-HHmmss");

const QRegularExpression &namePattern()
{
    static const QRegularExpression re(QStringLiteral("^termdesk-(\\d{8}-\\d{6})(-\\d+)?\\.sqlite$"));
    return re;
}

bool copyConsistently(const QString &dbFile, const QString &target, QString *error)
{
    const QString name = QStringLiteral("backup-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    OpenOptions options;
    options.readOnly = true;
    bool ok = Database::open(dbFile, name, options, error);
    if (ok) {
        QSqlQuery q(Database::get(name));
        // One read transaction from start to end: the copy is the database as of that moment,
        // WAL included; the writer goes on committing meanwhile.
        ok = q.prepare(QStringLiteral("VACUUM INTO ?"));
        if (ok) {
            q.addBindValue(target);
            ok = q.exec();
        }
        if (!ok && error)
            *error = q.lastError().text();
    }
    Database::close(name);
    return ok;
}

} // namespace

QString DatabaseBackup::backupName(const QDateTime &when)
{
    return QStringLiteral("termdesk-%1.sqlite").arg(when.toLocalTime().toString(NAME_FORMAT));
}

QString DatabaseBackup::make(const QString &dbFile, const QString &folder, const QDateTime &when, QString *error)
{
    QString why;
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    if (!QFileInfo(dbFile).isFile())
        return fail(QStringLiteral("no database at %1").arg(QDir::toNativeSeparators(dbFile)));
    if (!QDir().mkpath(folder))
        return fail(QStringLiteral("cannot create the backup folder %1").arg(QDir::toNativeSeparators(folder)));
    const QDir dir(folder);
    QString target = dir.filePath(backupName(when));
    for (int n = 2; QFileInfo::exists(target); ++n) // two backups within one second
        target = dir.filePath(backupName(when).replace(QLatin1String(".sqlite"), QStringLiteral("-%1.sqlite").arg(n)));
    const QString partial = target + QStringLiteral(".partial");
    QFile::remove(partial); // left by a backup that was interrupted
    if (!copyConsistently(dbFile, partial, &why)) {
        QFile::remove(partial);
        return fail(QStringLiteral("cannot back up %1 to %2: %3")
                        .arg(QDir::toNativeSeparators(dbFile), QDir::toNativeSeparators(target), why));
    }
    if (DatabaseCheck::check(partial, DatabaseCheck::Depth::Quick, &why) != DatabaseCheck::Verdict::Sound) {
        QFile::remove(partial);
        return fail(QStringLiteral("the backup %1 did not pass its check (%2) and was deleted")
                        .arg(QDir::toNativeSeparators(target), why));
    }
    if (!QFile::rename(partial, target)) {
        QFile::remove(partial);
        return fail(QStringLiteral("cannot rename the backup to %1").arg(QDir::toNativeSeparators(target)));
    }
    return target;
}

QStringList DatabaseBackup::list(const QString &folder)
{
    const QDir dir(folder);
    QStringList names;
    for (const QString &name : dir.entryList({QStringLiteral("termdesk-*.sqlite")}, QDir::Files)) {
        if (namePattern().match(name).hasMatch())
            names << name;
    }
    // The names sort by time; a "-2" second backup of the same second sorts after the first.
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const auto ma = namePattern().match(a);
        const auto mb = namePattern().match(b);
        if (ma.captured(1) != mb.captured(1))
            return ma.captured(1) > mb.captured(1);
        return ma.captured(2).mid(1).toInt() > mb.captured(2).mid(1).toInt();
    });
    QStringList paths;
    for (const QString &name : names)
        paths << dir.filePath(name);
    return paths;
}

qint64 DatabaseBackup::madeAtMs(const QString &path)
{
    const auto m = namePattern().match(QFileInfo(path).fileName());
    if (!m.hasMatch())
        return 0;
    const QDateTime when = QDateTime::fromString(m.captured(1), NAME_FORMAT); // local time
    return when.isValid() ? when.toMSecsSinceEpoch() : 0;
}

QStringList DatabaseBackup::prune(const QString &folder, int keep)
{
    QStringList removed;
    const QStringList all = list(folder);
    for (qsizetype i = std::max(1, keep); i < all.size(); ++i) {
        if (QFile::remove(all[i]))
            removed << all[i];
    }
    return removed;
}

} // namespace termdesk::storage
