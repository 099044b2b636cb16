// SPDX-License-Identifier: GPL-3.0-or-later
#include "apikeycommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/apikeystore.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "util/devicetime.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-cli-api-key");

/// Writes the audit row of a change to the keys (never the key itself).
void audit(const QString &action, const QString &target, const QString &detail, const QString &result)
{
    storage::AuditLog::record(storage::Database::get(CONNECTION),
                              storage::AuditLog::currentActor(QStringLiteral("cli")), action, target, detail, result);
}

} // namespace

int runApiKey(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The REST API's keys (docs/integration.md).\n"
                       "  create NAME --scope read|commands   make a key; it is printed once, only its hash is kept\n"
                       "  list                                 the keys: id, name, scope, created, revoked\n"
                       "  revoke NAME|ID                       the key stops working at the next request"));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   QStringLiteral("create: read (the data) or commands (the data and queuing "
                                                  "terminal commands)."),
                                   QStringLiteral("SCOPE"));
    parser.addOptions({dataDir, database, scope});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, list or revoke"));
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);

    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    std::optional<storage::ApiScope> chosenScope;
    if (action == QLatin1String("create")) {
        if (pos.size() != 2)
            return fail(QStringLiteral("api-key create: name the key (termdesk api-key create NAME --scope "
                                       "read|commands)"),
                        2);
        if (!parser.isSet(scope))
            return fail(QStringLiteral("api-key create: --scope read|commands is required"), 2);
        chosenScope = storage::apiScopeFromName(parser.value(scope));
        if (!chosenScope)
            return fail(QStringLiteral("--scope: '%1' is not read or commands").arg(parser.value(scope)), 2);
    } else if (action == QLatin1String("list")) {
        if (pos.size() != 1)
            return fail(QStringLiteral("api-key list takes no argument"), 2);
    } else if (action == QLatin1String("revoke")) {
        if (pos.size() != 2)
            return fail(QStringLiteral("api-key revoke: name the key (NAME or ID, see termdesk api-key list)"), 2);
    } else {
        return fail(QStringLiteral("api-key: give create, list or revoke (see termdesk api-key --help)"), 2);
    }
    if (parser.isSet(scope) && action != QLatin1String("create"))
        return fail(QStringLiteral("--scope belongs to api-key create"), 2);

    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return fail(error, 1);
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(parser.value(database), config, &error))
        return fail(error, 2);
    storage::OpenOptions options;
    options.readOnly = action == QLatin1String("list");
    if (!storage::Database::open(config.databaseFile(), CONNECTION, options, &error))
        return fail(error, 1);
    struct Close
    {
        ~Close() { storage::Database::close(CONNECTION); }
    } closer;
    const QSqlDatabase db = storage::Database::get(CONNECTION);

    if (action == QLatin1String("list")) {
        const QList<storage::ApiKeyInfo> keys = storage::ApiKeyStore::list(db, &error);
        if (!error.isEmpty())
            return fail(error, 1);
        std::printf("%-5s %-24s %-9s %-20s %s\n", "ID", "NAME", "SCOPE", "CREATED (UTC)", "REVOKED (UTC)");
        for (const storage::ApiKeyInfo &k : keys)
            std::printf("%-5lld %-24s %-9s %-20s %s\n", static_cast<long long>(k.id), qPrintable(k.name),
                        qPrintable(storage::apiScopeName(k.scope)), qPrintable(devicetime::formatUtcIso(k.createdMs)),
                        k.revokedMs ? qPrintable(devicetime::formatUtcIso(k.revokedMs)) : "-");
        return 0;
    }
    if (action == QLatin1String("create")) {
        QByteArray key;
        const QString name = pos.at(1).trimmed();
        const qint64 id = storage::ApiKeyStore::create(db, name, *chosenScope, &key, &error);
        audit(QStringLiteral("create API key"), name, storage::apiScopeName(*chosenScope),
              id ? QStringLiteral("key %1").arg(id) : error);
        if (!id)
            return fail(error, 1);
        // The key on stdout alone (for a script: KEY=$(termdesk api-key create ...)); the rest on stderr.
        std::printf("%s\n", key.constData());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "termdesk: API key %lld '%s' (scope %s) created. It is shown this once: only its hash is "
                     "stored. Send it as 'Authorization: Bearer KEY'.\n",
                     static_cast<long long>(id), qPrintable(name), qPrintable(storage::apiScopeName(*chosenScope)));
        return 0;
    }
    storage::ApiKeyInfo revoked;
    const bool done = storage::ApiKeyStore::revoke(db, pos.at(1), &revoked, &error);
    audit(QStringLiteral("revoke API key"), done ? revoked.name : pos.at(1), {}, done ? QStringLiteral("ok") : error);
    if (!done)
        return fail(error, 1);
    std::printf("API key %lld '%s' revoked\n", static_cast<long long>(revoked.id), qPrintable(revoked.name));
    return 0;
}

} // namespace termdesk::cli
