// SPDX-License-Identifier: GPL-3.0-or-later
#include "userscommand.h"

#include "clierror.h"

#include "rostercommand.h"

#include "databaseoption.h"
#include "service/rostercsv.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <cstdio>
#include <functional>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-cli-users");

bool openDb(const QString &dataDirOption, const QString &databaseArg)
{
    QString error;
    const QString dir = Settings::resolveDataDir(dataDirOption, &error);
    if (dir.isEmpty()) {
        fail(error, 1);
        return false;
    }
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(databaseArg, config, &error)) {
        fail(error, 2);
        return false;
    }
    if (!storage::Database::open(config.databaseFile(), CONNECTION, storage::OpenOptions{}, &error)) {
        fail(error, 1);
        return false;
    }
    return true;
}

void audit(const QString &action, const QString &target, const QString &detail, const QString &result)
{
    storage::AuditLog::record(storage::Database::get(CONNECTION),
                              storage::AuditLog::currentActor(QStringLiteral("cli")), action, target, detail, result);
}

int exportUsers(const QString &file, bool rawText)
{
    const bool toStdout = file == QLatin1String("-");
    QString error;
    qint64 rows = -1;
    if (toStdout) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write to stdout: %1").arg(out.errorString()), 1);
        rows = service::RosterCsv::exportTo(storage::Database::get(CONNECTION), out, &error, rawText);
        out.flush();
    } else {
        // Written whole or not at all: a failed export leaves no half file behind.
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write %1: %2").arg(file, out.errorString()), 1);
        rows = service::RosterCsv::exportTo(storage::Database::get(CONNECTION), out, &error, rawText);
        if (rows >= 0 && !out.commit()) {
            error = out.errorString();
            rows = -1;
        }
    }
    audit(QStringLiteral("export users"), file, rows >= 0 ? QStringLiteral("%1 users").arg(rows) : QString(),
          rows >= 0 ? QStringLiteral("ok") : error);
    if (rows < 0)
        return fail(error, 1);
    std::fprintf(stderr, "termdesk: exported %lld users\n", static_cast<long long>(rows));
    return 0;
}

int importUsers(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        audit(QStringLiteral("import users"), file, {}, in.errorString());
        return fail(QStringLiteral("cannot read %1: %2").arg(file, in.errorString()), 1);
    }
    const QByteArray text = in.readAll();
    const service::RosterImportResult r = service::RosterCsv::import(storage::Database::get(CONNECTION), text);
    const QString summary =
        QStringLiteral("imported %1, updated %2, skipped %3").arg(r.imported).arg(r.updated).arg(r.skipped);
    audit(QStringLiteral("import users"), file, r.ok ? summary : QString(), r.ok ? QStringLiteral("ok") : r.error);
    if (!r.ok)
        return fail(QStringLiteral("%1: %2 (nothing imported)").arg(file, r.error), 1);
    for (const service::RosterIssue &issue : r.issues)
        std::fprintf(stderr, "termdesk: %s:%d: skipped: %s\n", qPrintable(file), issue.line, qPrintable(issue.reason));
    std::printf("%s%s\n", qPrintable(summary),
                r.unchanged > 0 ? qPrintable(QStringLiteral(", unchanged %1").arg(r.unchanged)) : "");
    return 0;
}

} // namespace

int runUsers(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The central roster (docs/roster.md).\n"
                       "  export FILE|-   enroll_id,name,admin,enabled,fingerprints,has_password,has_card,faces,"
                       "has_photo,terminals (counts and flags only, never credential data)\n"
                       "  import FILE     enroll_id,name[,admin][,enabled]: creates missing users, updates the others\n"
                       "  compare --terminal SN [--state S]  roster vs terminal per user: same, different, "
                       "only-in-roster, only-on-terminal (exit 0 in sync, 3 differences)\n"
                       "  enable|disable --users 1,2,3       in the roster and on every terminal holding them\n"
                       "  delete --users 1,2,3 --yes         from the roster and from every terminal holding them\n"
                       "  progress [--limit N]               the newest pushes, copies, enables, deletes\n"
                       "  retry ORIGIN                       queue the failed commands of one of them again"));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption terminal(QStringLiteral("terminal"), QStringLiteral("compare: the terminal."),
                                      QStringLiteral("SN"));
    const QCommandLineOption state(QStringLiteral("state"), QStringLiteral("compare: only users in this state."),
                                   QStringLiteral("STATE"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("enable, disable, delete: enroll ids."),
                                   QStringLiteral("IDS"));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("delete: confirm."));
    const QCommandLineOption rawText(QStringLiteral("raw-text"),
                                     QStringLiteral("export: names as stored, without the ' put in front of =, +, "
                                                    "-, @, TAB or CR (for programs, never for a spreadsheet)."));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("progress: at most N groups (default 10)."),
                                   QStringLiteral("N"), QStringLiteral("10"));
    parser.addOptions({dataDir, database, terminal, state, users, yes, limit, rawText});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("export, import, compare, enable, disable, delete, progress, retry"));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("export / import: the CSV file (export: - for "
                                                                        "stdout); retry: the origin"));
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    auto withDb = [&](const std::function<int(QSqlDatabase)> &run) {
        if (!openDb(parser.value(dataDir), parser.value(database)))
            return 1;
        const int rc = run(storage::Database::get(CONNECTION));
        storage::Database::close(CONNECTION);
        return rc;
    };
    if (action == QLatin1String("compare")) {
        const QString sn = parser.value(terminal).trimmed();
        if (sn.isEmpty() || pos.size() != 1)
            return fail(QStringLiteral("users compare: use 'users compare --terminal SN [--state S]'"), 2);
        return withDb([&](QSqlDatabase db) { return compareUsers(db, sn, parser.value(state)); });
    }
    if (action == QLatin1String("enable") || action == QLatin1String("disable") || action == QLatin1String("delete")) {
        QList<qint64> ids;
        if (!parseIds(parser.value(users), &ids))
            return 2;
        if (ids.isEmpty() || pos.size() != 1)
            return fail(QStringLiteral("users %1: use 'users %1 --users 1,2,3'").arg(action), 2);
        if (action == QLatin1String("delete") && !parser.isSet(yes))
            return fail(QStringLiteral("users delete removes the users from the roster and from every terminal: add "
                                       "--yes to confirm"),
                        2);
        return withDb([&](QSqlDatabase db) { return changeUsers(db, action, ids); });
    }
    if (action == QLatin1String("progress")) {
        bool ok = false;
        const int n = parser.value(limit).toInt(&ok);
        if (!ok || n <= 0)
            return fail(QStringLiteral("--limit: '%1' is not a positive number").arg(parser.value(limit)), 2);
        return withDb([&](QSqlDatabase db) { return showProgress(db, n); });
    }
    if (action == QLatin1String("retry")) {
        if (pos.size() != 2)
            return fail(QStringLiteral("users retry: name the origin (see termdesk users progress)"), 2);
        return withDb([&](QSqlDatabase db) { return retryFailed(db, pos.at(1)); });
    }
    if (pos.size() != 2 || (action != QLatin1String("export") && action != QLatin1String("import")))
        return fail(QStringLiteral("users: use 'users export FILE|-', 'users import FILE', 'users compare --terminal "
                                   "SN', 'users enable|disable|delete --users 1,2,3' (see termdesk users --help)"),
                    2);
    const bool isExport = action == QLatin1String("export");
    if (!isExport && pos.at(1) == QLatin1String("-"))
        return fail(QStringLiteral("users import: name a file"), 2);
    if (!openDb(parser.value(dataDir), parser.value(database)))
        return 1;
    const int rc = isExport ? exportUsers(pos.at(1), parser.isSet(rawText)) : importUsers(pos.at(1));
    storage::Database::close(CONNECTION);
    return rc;
}

} // namespace termdesk::cli
