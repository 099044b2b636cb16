// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbcommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/database.h"
#include "storage/databasecopy.h"
#include "storage/postgresurl.h"
#include "storage/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSysInfo>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-db");
const QString SOURCE = QStringLiteral("termdesk-db-source");

/// `db copy --from-data-dir DIR --to URL`: the single-PC database into a shared PostgreSQL store
/// (storage::DatabaseCopy), with the counts table by table.
int copy(const QString &fromDir, const QString &toUrl)
{
    if (fromDir.isEmpty() || toUrl.isEmpty())
        return fail(QStringLiteral("db copy: give --from-data-dir DIR (the single PC's data directory) and --to URL "
                                   "(the shared store, postgresql://...)"),
                    2);
    if (!storage::PostgresUrl::isUrl(toUrl))
        return fail(QStringLiteral("db copy: --to must be a postgresql:// URL"), 2);
    QString error;
    if (!storage::PostgresUrl::parse(toUrl, &error))
        return fail(QStringLiteral("db copy: --to: %1").arg(error), 2);
    const QString file = QFileInfo(QDir(fromDir).filePath(QStringLiteral("termdesk.sqlite"))).absoluteFilePath();
    if (!QFileInfo::exists(file))
        return fail(QStringLiteral("db copy: %1 does not exist: --from-data-dir must be the data directory that holds "
                                   "termdesk.sqlite")
                        .arg(QDir::toNativeSeparators(file)),
                    2);
    const QString target = storage::displayLocation(toUrl);
    // Both at the latest schema: an older single-PC file is migrated first (with its backup).
    if (!storage::Database::open(file, SOURCE, storage::OpenOptions{}, &error))
        return fail(QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(file), error));
    if (!storage::Database::open(toUrl, CONNECTION, storage::OpenOptions{}, &error)) {
        storage::Database::close(SOURCE);
        return fail(QStringLiteral("%1: %2").arg(target, error));
    }
    std::printf("copying %s into %s\n%-20s %12s %12s %12s\n", qUtf8Printable(QDir::toNativeSeparators(file)),
                qUtf8Printable(target), "table", "single PC", "copied now", "shared store");
    const storage::CopyReport report = storage::DatabaseCopy::run(
        storage::Database::get(SOURCE), storage::Database::get(CONNECTION), QSysInfo::machineHostName() + u':' + file,
        [](const storage::TableCopy &t) {
            std::printf("%-20s %12lld %12lld %12lld\n", qUtf8Printable(t.table), t.source, t.copied, t.target);
            std::fflush(stdout);
        });
    storage::Database::close(CONNECTION);
    storage::Database::close(SOURCE);
    if (!report.ok)
        return fail(QStringLiteral("db copy stopped: %1. What was copied stays; run the same command again to go on.")
                        .arg(report.error));
    qint64 copied = 0;
    for (const storage::TableCopy &t : report.tables)
        copied += t.copied;
    std::printf("done: %lld rows copied; a row already in the shared store was not copied again\n", copied);
    return 0;
}

} // namespace

int runDb(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The store itself. `db migrate` creates the schema in an empty store, or upgrades an older one "
                       "to this build's; a store written by a newer TermDesk is refused. `db copy --from-data-dir DIR "
                       "--to URL` copies a single PC's database into a shared PostgreSQL store: run it again to go on "
                       "after an interruption; nothing is copied twice."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption fromDataDir(QStringLiteral("from-data-dir"),
                                         QStringLiteral("copy: the single PC's data directory (termdesk.sqlite)."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("copy: the shared PostgreSQL store."),
                                QStringLiteral("URL"));
    parser.addOptions({dataDir, database, fromDataDir, to});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("migrate | copy"));
    QStringList args = app.arguments();
    args.removeAt(1); // the command word
    parser.process(args);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() == 1 && pos.constFirst() == QLatin1String("copy"))
        return copy(parser.value(fromDataDir), parser.value(to));
    if (pos.size() != 1 || pos.constFirst() != QLatin1String("migrate"))
        return fail(QStringLiteral("db: the action is migrate (termdesk db migrate --database URL) or copy (termdesk "
                                   "db copy --from-data-dir DIR --to URL)"),
                    2);

    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return fail(error);
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(parser.value(database), config, &error))
        return fail(error, 2);
    const QString location = config.databaseFile();
    const QString shown = storage::displayLocation(location);
    // A writable open migrates forward and refuses a newer schema (Database::open).
    if (!storage::Database::open(location, CONNECTION, storage::OpenOptions{}, &error))
        return fail(QStringLiteral("%1: %2").arg(shown, error));
    const int version = storage::Schema::version(storage::Database::get(CONNECTION));
    storage::Database::close(CONNECTION);
    std::printf("%s: schema %d, the latest this build knows\n", qUtf8Printable(shown), version);
    return 0;
}

} // namespace termdesk::cli
