// SPDX-License-Identifier: GPL-3.0-or-later
#include "photoscommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "storage/photopurge.h"
#include "util/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSqlError>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-photos");

int photosFail(const QString &message, int code = EXIT_FAILED)
{
    return cli::fail(QStringLiteral("photos: ") + message, code);
}

/// The purge and its audit row in one transaction: an audit row never claims photos still there.
int purge(QSqlDatabase db, int days)
{
    QString error;
    if (!storage::Database::beginWrite(db, &error))
        return photosFail(error);
    const qint64 now = wallClockMs();
    const int deleted = storage::photopurge::run(db, storage::photopurge::cutoffMs(now, days), &error);
    const QString detail = deleted < 0 ? QStringLiteral("photos older than %1 days").arg(days)
                                       : QStringLiteral("%1 photos older than %2 days deleted").arg(deleted).arg(days);
    if (deleted < 0) {
        db.rollback();
        storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                                  QStringLiteral("photos purge"), QStringLiteral("punch photos"), detail, error);
        return photosFail(QStringLiteral("cannot delete the photos: %1").arg(error));
    }
    if (!storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                                   QStringLiteral("photos purge"), QStringLiteral("punch photos"), detail,
                                   QStringLiteral("ok"), &error) ||
        !db.commit()) {
        db.rollback();
        return photosFail(QStringLiteral("nothing deleted, the audit row could not be written: %1")
                              .arg(error.isEmpty() ? db.lastError().text() : error));
    }
    std::printf("%d photos older than %d days deleted\n", deleted, days);
    return 0;
}

} // namespace

int runPhotos(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Delete the stored punch photos (biometric data) older than DAYS, also while the server"
                       " runs. The punches stay; only their photos go. Without --older-than, the retention"
                       " set in privacy/photoRetentionDays is used."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption olderThan(QStringLiteral("older-than"),
                                       QStringLiteral("Photos of punches older than this many days (0: every photo)."),
                                       QStringLiteral("DAYS"));
    parser.addOptions({dataDir, olderThan, databaseOption()});
    parser.addPositionalArgument(QStringLiteral("purge"), QStringLiteral("delete the photos older than DAYS"));
    QStringList args = app.arguments();
    args.removeAt(1); // the command word
    parser.process(args);

    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1 || pos.constFirst() != QLatin1String("purge"))
        return photosFail(pos.isEmpty()
                              ? QStringLiteral("missing the action: termdesk photos purge [--older-than DAYS]")
                              : QStringLiteral("'%1' is not an action (only: purge)").arg(pos.join(u' ')),
                          EXIT_USAGE);
    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return photosFail(error);
    EngineConfig config = Settings(dir).engineConfig();
    int days = config.photoRetentionDays;
    if (parser.isSet(olderThan)) {
        bool ok = false;
        days = parser.value(olderThan).trimmed().toInt(&ok);
        if (!ok || days < 0 || days > storage::photopurge::MAX_DAYS)
            return photosFail(QStringLiteral("--older-than: '%1' is not a number of days from 0 to %2")
                                  .arg(parser.value(olderThan))
                                  .arg(storage::photopurge::MAX_DAYS),
                              EXIT_USAGE);
    } else if (days == 0) {
        return photosFail(QStringLiteral("no retention is set (privacy/photoRetentionDays is 0, photos are kept):"
                                         " give --older-than DAYS"),
                          EXIT_USAGE);
    }
    if (!resolveDatabase(parser.value(QStringLiteral("database")), config, &error))
        return photosFail(error, EXIT_USAGE);
    if (!storage::Database::open(config.databaseFile(), CONNECTION, storage::OpenOptions{}, &error))
        return photosFail(error);
    int rc = 0;
    {
        QSqlDatabase db = storage::Database::get(CONNECTION);
        rc = purge(db, days);
    }
    storage::Database::close(CONNECTION);
    return rc;
}

} // namespace termdesk::cli
