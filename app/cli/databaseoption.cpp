// SPDX-License-Identifier: GPL-3.0-or-later
#include "databaseoption.h"

#include "storage/postgresurl.h"

namespace termdesk::cli {

QCommandLineOption databaseOption()
{
    return QCommandLineOption(
        QStringLiteral("database"),
        QStringLiteral("The store: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=MODE] (default: "
                       "$TERMDESK_DATABASE, else storage/database in termdesk.ini, else termdesk.sqlite in the data "
                       "directory)."),
        QStringLiteral("URL"));
}

bool resolveDatabase(const QString &option, EngineConfig &config, QString *error)
{
    if (!option.trimmed().isEmpty())
        config.database = option.trimmed();
    if (config.database.isEmpty())
        return true;
    if (!storage::PostgresUrl::parse(config.database, error))
        return false;
    if (!storage::postgresBuilt()) {
        *error = QStringLiteral("this TermDesk was built without PostgreSQL support: leave out --database, "
                                "TERMDESK_DATABASE and storage/database");
        return false;
    }
    return true;
}

} // namespace termdesk::cli
