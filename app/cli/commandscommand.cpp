// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandscommand.h"

#include "clierror.h"

#include "rostercommand.h"

#include "databaseoption.h"
#include "model/commandstate.h"
#include "service/rosterops.h"
#include "service/rosterpush.h"
#include "service/terminalactions.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "util/devicetime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-cli-commands");

/// Opens the database of --data-dir (or the default one); false with a message printed.
bool openDb(const QString &dataDirOption, const QString &databaseArg, bool readOnly)
{
    QString error;
    const QString dir = Settings::resolveDataDir(dataDirOption, &error);
    if (dir.isEmpty()) {
        fail(error, 1);
        return false;
    }
    storage::OpenOptions options;
    options.readOnly = readOnly;
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(databaseArg, config, &error)) {
        fail(error, 2);
        return false;
    }
    if (!storage::Database::open(config.databaseFile(), CONNECTION, options, &error)) {
        fail(error, 1);
        return false;
    }
    return true;
}

/// A day given on the command line (YYYY-MM-DD); nullopt with a message naming the option.
std::optional<QDate> parseDay(const QString &text, QString *error, const char *option)
{
    const QDate d = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
    if (!d.isValid()) {
        *error = QStringLiteral("--%1: '%2' is not a date (YYYY-MM-DD)").arg(QLatin1String(option), text);
        return std::nullopt;
    }
    return d;
}

/// The roster operations `termdesk command` also takes (service::RosterOps; docs/roster.md). The
/// device commands are service::TerminalActions, shared with the console.
const std::pair<const char *, const char *> ROSTER_ACTIONS[] = {
    {"push-users", "send users and their credentials from the roster (--all or --users 1,2,3; docs/roster.md)"},
    {"copy-users", "copy users from the terminal --from (all, or --users 1,2,3) to this one, from the roster "
                   "(docs/roster.md)"},
};

/// A payload fit for the screen: credential data (push-users' "record" / "data", cards,
/// passwords, photos) replaced by its length.
QJsonValue redactedPayload(const QJsonValue &v, const QString &key = {})
{
    static const QStringList secret = {QStringLiteral("record"), QStringLiteral("data"), QStringLiteral("image"),
                                       QStringLiteral("pwd"),    QStringLiteral("card"), QStringLiteral("pin")};
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = redactedPayload(it.value(), it.key());
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue e : v.toArray())
            a.append(e.isObject() || e.isArray() ? redactedPayload(e) : e);
        return a;
    }
    if (secret.contains(key) && (v.isString() || v.isDouble())) {
        const qsizetype n = v.isString() ? v.toString().size() : QString::number(v.toInteger()).size();
        return QStringLiteral("<redacted %1 chars>").arg(n);
    }
    return v;
}

QString redactedPayload(const QString &payload)
{
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toUtf8());
    if (!doc.isObject())
        return payload;
    return QString::fromUtf8(QJsonDocument(redactedPayload(doc.object()).toObject()).toJson(QJsonDocument::Compact));
}

} // namespace

int runCommand(QCoreApplication &app)
{
    QCommandLineParser parser;
    QString actionsHelp;
    for (const service::TerminalAction &a : service::TerminalActions::all())
        actionsHelp += QStringLiteral("\n  %1  %2").arg(QLatin1String(a.name), -14).arg(QLatin1String(a.help));
    for (const auto &[name, help] : ROSTER_ACTIONS)
        actionsHelp += QStringLiteral("\n  %1  %2").arg(QLatin1String(name), -14).arg(QLatin1String(help));
    parser.setApplicationDescription(QStringLiteral("Queue a command for a terminal. It is delivered when the terminal "
                                                    "is reachable (TCP terminals: right after their next heartbeat; "
                                                    "WebSocket terminals: within a second when connected, else after "
                                                    "their next reg) and survives restarts. Actions:") +
                                     actionsHelp);
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption terminal(QStringLiteral("terminal"), QStringLiteral("The terminal's serial or code."),
                                      QStringLiteral("SN"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("pull-logs: first day (YYYY-MM-DD)."),
                                  QStringLiteral("DATE"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("pull-logs: last day (YYYY-MM-DD)."),
                                QStringLiteral("DATE"));
    const QCommandLineOption users(QStringLiteral("users"),
                                   QStringLiteral("delete-users, push-users: enroll ids, e.g. 1,2,3."),
                                   QStringLiteral("IDS"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("push-users: every user of the roster."));
    const QCommandLineOption source(QStringLiteral("from-terminal"),
                                    QStringLiteral("copy-users: the terminal to copy from (also --from)."),
                                    QStringLiteral("SN"));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Confirm a destructive action."));
    const QCommandLineOption cancel(QStringLiteral("cancel"), QStringLiteral("Cancel a queued command."),
                                    QStringLiteral("ID"));
    parser.addOptions({dataDir, database, terminal, from, to, users, all, yes, cancel, source});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("what to do (see above)"));
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);

    if (parser.isSet(cancel)) {
        bool ok = false;
        const qint64 id = parser.value(cancel).toLongLong(&ok);
        if (!ok || id <= 0)
            return fail(QStringLiteral("--cancel: '%1' is not a command id").arg(parser.value(cancel)), 2);
        if (!openDb(parser.value(dataDir), parser.value(database), false))
            return 1;
        QString error;
        const bool done = storage::CommandStore::cancel(storage::Database::get(CONNECTION), id, &error);
        storage::AuditLog::record(
            storage::Database::get(CONNECTION), storage::AuditLog::currentActor(QStringLiteral("cli")),
            QStringLiteral("cancel command"), QString::number(id), {}, done ? QStringLiteral("ok") : error);
        storage::Database::close(CONNECTION);
        if (!done)
            return fail(error, 1);
        std::printf("command %lld cancelled\n", static_cast<long long>(id));
        return 0;
    }

    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return fail(QStringLiteral("command: name one action (see termdesk command --help)"), 2);
    const QString actionName = pos.first();
    const service::TerminalAction *action = service::TerminalActions::find(actionName);
    const bool rosterAction = actionName == QLatin1String("push-users") || actionName == QLatin1String("copy-users");
    if (!action && !rosterAction)
        return fail(QStringLiteral("command: unknown action '%1' (see termdesk command --help)").arg(actionName), 2);
    const QString sn = parser.value(terminal).trimmed();
    if (sn.isEmpty())
        return fail(QStringLiteral("command: --terminal SN is required"), 2);

    if (action && action->danger && !parser.isSet(yes))
        return fail(QStringLiteral("%1 %2: add --yes to confirm").arg(actionName, QLatin1String(action->danger)), 2);

    // Everything that can be checked without the database first (usage errors exit with 2).
    QString error;
    service::ActionOptions options;
    if (actionName == QLatin1String("pull-logs")) {
        if (parser.isSet(from) && !(options.from = parseDay(parser.value(from), &error, "from")))
            return fail(error, 2);
        if (parser.isSet(to) && !(options.to = parseDay(parser.value(to), &error, "to")))
            return fail(error, 2);
        if (options.from && options.to && *options.from > *options.to)
            return fail(QStringLiteral("--from is after --to"), 2);
    }
    if (actionName == QLatin1String("push-users")) {
        if (parser.isSet(all) == parser.isSet(users))
            return fail(QStringLiteral("push-users needs either --all or --users 1,2,3"), 2);
        QList<qint64> ids;
        for (const QString &part : parser.value(users).split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok || id <= 0)
                return fail(QStringLiteral("--users: '%1' is not an enroll id").arg(part), 2);
            if (!ids.contains(id))
                ids.append(id);
        }
        if (parser.isSet(users) && ids.isEmpty())
            return fail(QStringLiteral("push-users needs --users 1,2,3"), 2);
        if (!openDb(parser.value(dataDir), parser.value(database), false))
            return 1;
        const int rc =
            reportOp(service::RosterOps::push(storage::Database::get(CONNECTION), sn, ids, QStringLiteral("cli")),
                     QStringLiteral("push-users to %1").arg(sn));
        storage::Database::close(CONNECTION);
        return rc;
    }
    if (actionName == QLatin1String("copy-users")) {
        // --from names the source terminal here (it is the first day for pull-logs)
        const QString src = (parser.isSet(source) ? parser.value(source) : parser.value(from)).trimmed();
        if (src.isEmpty())
            return fail(QStringLiteral("copy-users needs --from SN (the terminal to copy from)"), 2);
        QList<qint64> ids;
        if (!parseIds(parser.value(users), &ids))
            return 2;
        if (!openDb(parser.value(dataDir), parser.value(database), false))
            return 1;
        const int rc =
            reportOp(service::RosterOps::copy(storage::Database::get(CONNECTION), src, sn, ids, QStringLiteral("cli")),
                     QStringLiteral("copy-users %1 -> %2").arg(src, sn));
        storage::Database::close(CONNECTION);
        return rc;
    }
    if (actionName == QLatin1String("delete-users")) {
        for (const QString &part : parser.value(users).split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok || id <= 0)
                return fail(QStringLiteral("--users: '%1' is not an enroll id").arg(part), 2);
            options.users.append(id);
        }
        if (options.users.isEmpty())
            return fail(QStringLiteral("delete-users needs --users 1,2,3"), 2);
    }

    if (!openDb(parser.value(dataDir), parser.value(database), false))
        return 1;
    bool usage = false;
    const qint64 id = service::TerminalActions::queue(storage::Database::get(CONNECTION), sn, *action, options,
                                                      QStringLiteral("cli"), &error, &usage);
    storage::Database::close(CONNECTION);
    if (id == 0)
        return fail(usage ? error : error + QStringLiteral(" (see termdesk terminals)"), usage ? 2 : 1);
    std::printf("%lld\n", static_cast<long long>(id));
    std::fprintf(stderr, "termdesk: command %lld queued for %s: %s\n", static_cast<long long>(id), qPrintable(sn),
                 action->name);
    return 0;
}

int runCommandList(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List queued, sent and finished commands, newest first."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption terminal(QStringLiteral("terminal"), QStringLiteral("Only this terminal."),
                                      QStringLiteral("SN"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   QStringLiteral("Only this state: queued, sent, done, failed, expired, cancelled."),
                                   QStringLiteral("STATE"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N rows (default 100)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({dataDir, database, terminal, state, limit});
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);
    if (parser.isSet(state) && !fromName<CommandState>(parser.value(state))) {
        QStringList states;
        for (int s = 0; s <= int(lastCommandState); ++s)
            states.append(termdesk::name(CommandState(s)));
        return fail(QStringLiteral("--state: '%1' is not one of %2").arg(parser.value(state), states.join(u',')), 2);
    }
    bool ok = false;
    const int n = parser.value(limit).toInt(&ok);
    if (!ok || n <= 0)
        return fail(QStringLiteral("--limit: '%1' is not a positive number").arg(parser.value(limit)), 2);
    if (!openDb(parser.value(dataDir), parser.value(database), true))
        return 1;
    QString error;
    const QList<storage::CommandInfo> rows = storage::CommandStore::list(
        storage::Database::get(CONNECTION), parser.value(terminal).trimmed(), parser.value(state), n, &error);
    storage::Database::close(CONNECTION);
    if (!error.isEmpty())
        return fail(error, 1);
    std::printf("%-6s %-16s %-15s %-9s %5s %-20s %s\n", "ID", "TERMINAL", "KIND", "STATE", "TRIES", "UPDATED (UTC)",
                "DETAIL");
    for (const storage::CommandInfo &c : rows) {
        const QString detail = redactedPayload(c.payload) +
                               (c.result.isEmpty() ? QString() : QStringLiteral(" → ") + c.result) +
                               (c.reason.isEmpty() ? QString() : QStringLiteral(" (") + c.reason + u')');
        std::printf("%-6lld %-16s %-15s %-9s %5d %-20s %s\n", static_cast<long long>(c.id), qPrintable(c.terminalSn),
                    qPrintable(c.kind), qPrintable(c.state), c.tries, qPrintable(devicetime::formatUtcIso(c.updatedMs)),
                    qPrintable(detail));
    }
    return 0;
}

int runAuditList(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List operator actions (who, what, when, result), newest first."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N rows (default 100)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({dataDir, database, limit});
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);
    bool ok = false;
    const int n = parser.value(limit).toInt(&ok);
    if (!ok || n <= 0)
        return fail(QStringLiteral("--limit: '%1' is not a positive number").arg(parser.value(limit)), 2);
    if (!openDb(parser.value(dataDir), parser.value(database), true))
        return 1;
    QString error;
    const QList<storage::AuditEntry> rows = storage::AuditLog::recent(storage::Database::get(CONNECTION), n, &error);
    storage::Database::close(CONNECTION);
    if (!error.isEmpty())
        return fail(error, 1);
    std::printf("%-20s %-32s %-20s %-16s %s\n", "WHEN (UTC)", "WHO", "WHAT", "TARGET", "DETAIL / RESULT");
    for (const storage::AuditEntry &e : rows)
        std::printf("%-20s %-32s %-20s %-16s %s%s%s\n", qPrintable(devicetime::formatUtcIso(e.atMs)),
                    qPrintable(e.actor), qPrintable(e.action), qPrintable(e.target), qPrintable(e.detail),
                    e.detail.isEmpty() ? "" : " → ", qPrintable(e.result));
    return 0;
}

} // namespace termdesk::cli
