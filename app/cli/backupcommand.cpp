// SPDX-License-Identifier: GPL-3.0-or-later
// `termdesk backup` and `termdesk restore` (docs/backup.md).
#include "backupcommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/databasebackup.h"
#include "storage/databasecheck.h"
#include "storage/datadirlock.h"
#include "storage/postgresurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace termdesk::cli {
namespace {

/// The options both verbs share; parses the arguments after the verb. Returns -1 to go on, else
/// the exit code (help printed, or a usage error).
int parse(QCoreApplication &app, QCommandLineParser &parser, const QString &description,
          const QCommandLineOption &dataDir)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({help, dataDir, databaseOption()});
    QStringList args = app.arguments();
    if (args.size() > 1)
        args.removeAt(1); // the verb
    if (!parser.parse(args)) {
        fail(parser.errorText(), EXIT_USAGE);
        std::fputs(qUtf8Printable(parser.helpText()), stderr);
        return EXIT_USAGE;
    }
    if (parser.isSet(help)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    return -1;
}

QCommandLineOption dataDirOption()
{
    return QCommandLineOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Data directory (default: $TERMDESK_DATA_DIR, else the application data location)."),
        QStringLiteral("DIR"));
}

/// -1 when the store of `dir` is its SQLite file; else the exit code of refusing `verb`: a
/// PostgreSQL store (--database, $TERMDESK_DATABASE, storage/database) is backed up with pg_dump.
int refusePostgres(const QCommandLineParser &parser, const QString &dir, const char *verb)
{
    EngineConfig config = Settings(dir).engineConfig();
    QString error;
    if (!resolveDatabase(parser.value(QStringLiteral("database")), config, &error))
        return fail(error, EXIT_USAGE);
    if (!config.usesPostgres())
        return -1;
    return fail(QStringLiteral("%1: the store is the PostgreSQL database %2, which TermDesk does not back up or "
                               "restore itself: use PostgreSQL's pg_dump and pg_restore (docs/multi-pc.md, "
                               "\"Backups\")")
                    .arg(QLatin1String(verb), storage::displayLocation(config.database)));
}

} // namespace

int runBackup(QCoreApplication &app)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDir = dataDirOption();
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Folder for the backup (default: the backup folder of the settings, "
                                               "backup/folder; else backups in the data directory)."),
                                QStringLiteral("DIR"));
    parser.addOption(to);
    parser.addPositionalArgument(QString(), QString(), QStringLiteral("backup [--to DIR]"));
    const int rc = parse(app, parser,
                         QStringLiteral("Back up the TermDesk database: a consistent copy, also while the server runs "
                                        "and writes (docs/backup.md)."),
                         dataDir);
    if (rc >= 0)
        return rc;
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("backup: unexpected argument %1 (the folder is given with --to DIR)")
                        .arg(parser.positionalArguments().constFirst()),
                    EXIT_USAGE);
    QString error;
    const QString dir = parser.isSet(dataDir) ? QDir(parser.value(dataDir)).absolutePath()
                                              : Settings::resolveDataDir(QString(), &error);
    if (dir.isEmpty())
        return fail(error);
    if (const int refused = refusePostgres(parser, dir, "backup"); refused >= 0)
        return refused;
    EngineConfig config = Settings(dir).engineConfig();
    config.dataDir = dir;
    config.database.clear();
    if (!QFileInfo(config.databaseFile()).isFile())
        return fail(QStringLiteral("no TermDesk database in %1").arg(shown(dir)));
    const QString folder = parser.isSet(to) ? QDir(parser.value(to)).absolutePath() : config.backupFolder();
    const QString path =
        storage::DatabaseBackup::make(config.databaseFile(), folder, QDateTime::currentDateTime(), &error);
    if (path.isEmpty())
        return fail(error);
    std::printf("%s\n", qUtf8Printable(shown(path)));
    std::fflush(stdout);
    fail(QStringLiteral("backed up %1 to %2 (%3 KiB); restore it with: termdesk restore \"%2\"")
             .arg(shown(config.databaseFile()), shown(path))
             .arg(QFileInfo(path).size() / 1024));
    return 0;
}

int runRestore(QCoreApplication &app)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDir = dataDirOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The backup to restore."),
                                 QStringLiteral("restore FILE"));
    const int rc = parse(app, parser,
                         QStringLiteral("Restore a backup as the TermDesk database of the data directory. The file is "
                                        "checked first (PRAGMA integrity_check, TermDesk schema); refused while a "
                                        "server uses the data directory. The database it replaces is kept beside it."),
                         dataDir);
    if (rc >= 0)
        return rc;
    const QStringList positional = parser.positionalArguments();
    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return fail(error);
    if (const int refused = refusePostgres(parser, dir, "restore"); refused >= 0)
        return refused;
    if (positional.size() != 1)
        return fail(positional.isEmpty() ? QStringLiteral("restore: missing FILE (the backup to restore)")
                                         : QStringLiteral("restore: one FILE only, got %1").arg(positional.join(u' ')),
                    EXIT_USAGE);
    const QString file = QFileInfo(positional.constFirst()).absoluteFilePath();
    if (!QFileInfo(file).isFile())
        return fail(QStringLiteral("restore: %1 is not a file").arg(shown(file)));

    EngineConfig config;
    config.dataDir = dir;
    const QString dbFile = config.databaseFile();
    if (QFileInfo(file).canonicalFilePath() == QFileInfo(dbFile).canonicalFilePath())
        return fail(QStringLiteral("restore: %1 is the database itself; give a backup").arg(shown(file)));

    // Held until the end: a server starting meanwhile is refused instead of opening a half-swapped database.
    storage::DataDirLock lock(dir);
    QString holder;
    if (!lock.tryLock(&holder))
        return fail(QStringLiteral("restore refused: a TermDesk server uses %1 (%2). Stop it (the console, "
                                   "termdesk --headless or the service), then restore.")
                        .arg(shown(dir), holder));

    std::fprintf(stderr, "termdesk: checking %s ...\n", qUtf8Printable(shown(file)));
    QString found;
    const auto verdict = storage::DatabaseCheck::check(file, storage::DatabaseCheck::Depth::Full, &found);
    if (verdict != storage::DatabaseCheck::Verdict::Sound) {
        const QString what = verdict == storage::DatabaseCheck::Verdict::Damaged ? QStringLiteral("is damaged")
                             : verdict == storage::DatabaseCheck::Verdict::TooNew
                                 ? QStringLiteral("cannot be opened by this version")
                                 : QStringLiteral("is not a TermDesk database");
        return fail(QStringLiteral("restore refused: %1 %2 (%3); nothing was changed").arg(shown(file), what, found));
    }

    // Copied under a temporary name first: the current database stays in place until the copy is whole.
    const QString incoming = dbFile + QStringLiteral(".restoring");
    QFile::remove(incoming);
    if (!QFile::copy(file, incoming) || QFileInfo(incoming).size() != QFileInfo(file).size()) {
        QFile::remove(incoming);
        return fail(QStringLiteral("restore: cannot copy %1 to %2 (disk space? permissions?); nothing was changed")
                        .arg(shown(file), shown(incoming)));
    }
    QString kept;
    if (QFileInfo::exists(dbFile)) {
        kept = dbFile + QStringLiteral(".before-restore-") +
               QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        // The WAL may hold committed rows a crashed server did not checkpoint: it goes with its file.
        for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QString()}) {
            if (QFileInfo::exists(dbFile + suffix) && !QFile::rename(dbFile + suffix, kept + suffix)) {
                QFile::remove(incoming);
                return fail(QStringLiteral("restore: cannot move %1 aside to %2; nothing was changed")
                                .arg(shown(dbFile + suffix), shown(kept + suffix)));
            }
        }
    }
    if (!QFile::rename(incoming, dbFile))
        return fail(QStringLiteral("restore: cannot rename %1 to %2; the previous database is %3")
                        .arg(shown(incoming), shown(dbFile), shown(kept)));
    fail(QStringLiteral("restored %1 as %2%3")
             .arg(shown(file), shown(dbFile),
                  kept.isEmpty() ? QString()
                                 : QStringLiteral("; the database it replaced is "
                                                  "kept as %1")
                                       .arg(shown(kept))));
    return 0;
}

} // namespace termdesk::cli
