// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbcommand.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/database.h"
#include "storage/postgresurl.h"
#include "storage/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-db");

int fail(const QString &message, int rc = 1)
{
    std::fprintf(stderr, "termdesk: %s\n", qUtf8Printable(message));
    return rc;
}

} // namespace

int runDb(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The store itself. `db migrate` creates the schema in an empty store, or upgrades an older one "
                       "to this build's; a store written by a newer TermDesk is refused."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    parser.addOptions({dataDir, database});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("migrate"));
    QStringList args = app.arguments();
    args.removeAt(1); // the command word
    parser.process(args);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1 || pos.constFirst() != QLatin1String("migrate"))
        return fail(QStringLiteral("db: the action is migrate (termdesk db migrate --database URL)"), 2);

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
