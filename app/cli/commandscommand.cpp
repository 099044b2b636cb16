// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandscommand.h"

#include "settings/settings.h"
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

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "termdesk: %s\n", qPrintable(message));
    return code;
}

/// Opens the database of --data-dir (or the default one); false with a message printed.
bool openDb(const QString &dataDirOption, bool readOnly)
{
    QString error;
    const QString dir = Settings::resolveDataDir(dataDirOption, &error);
    if (dir.isEmpty()) {
        fail(error, 1);
        return false;
    }
    storage::OpenOptions options;
    options.readOnly = readOnly;
    if (!storage::Database::open(Settings(dir).engineConfig().databaseFile(), CONNECTION, options, &error)) {
        fail(error, 1);
        return false;
    }
    return true;
}

std::optional<qint64> dayStartUtcMs(const QString &text, bool endOfDay, QString *error, const char *option)
{
    const QDate d = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
    if (!d.isValid()) {
        *error = QStringLiteral("--%1: '%2' is not a date (YYYY-MM-DD)").arg(QLatin1String(option), text);
        return std::nullopt;
    }
    const QDateTime t(endOfDay ? d.addDays(1) : d, QTime(0, 0), Qt::LocalTime);
    return t.toMSecsSinceEpoch() - (endOfDay ? 1000 : 0);
}

struct Action
{
    const char *name;
    const char *kind;
    const char *help;
};

const Action ACTIONS[] = {
    {"settime", "tcp.write", "set the terminal's clock to the server's"},
    {"opendoor", "tcp.write", "open the door"},
    {"reboot", "tcp.write", "restart the terminal"},
    {"clear-punches", "tcp.write", "erase the punches stored on the terminal (needs --yes)"},
    {"delete-users", "tcp.write", "delete users from the terminal (--users 1,2,3)"},
    {"read-status", "tcp.read", "read capacities and usage"},
    {"pull-users", "tcp.read", "read every user and credential into the roster"},
    {"pull-logs", "tcp.read", "read punches (optionally --from/--to) and store the missing ones"},
};

} // namespace

int runCommand(QCoreApplication &app)
{
    QCommandLineParser parser;
    QString actionsHelp;
    for (const Action &a : ACTIONS)
        actionsHelp += QStringLiteral("\n  %1  %2").arg(QLatin1String(a.name), -14).arg(QLatin1String(a.help));
    parser.setApplicationDescription(QStringLiteral("Queue a command for a terminal. It is delivered when the terminal "
                                                    "is reachable (TCP terminals: right after their next heartbeat) "
                                                    "and survives restarts. Actions:") +
                                     actionsHelp);
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption terminal(QStringLiteral("terminal"), QStringLiteral("The terminal's serial or code."),
                                      QStringLiteral("SN"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("pull-logs: first day (YYYY-MM-DD)."),
                                  QStringLiteral("DATE"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("pull-logs: last day (YYYY-MM-DD)."),
                                QStringLiteral("DATE"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("delete-users: enroll ids, e.g. 1,2,3."),
                                   QStringLiteral("IDS"));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Confirm a destructive action."));
    const QCommandLineOption cancel(QStringLiteral("cancel"), QStringLiteral("Cancel a queued command."),
                                    QStringLiteral("ID"));
    parser.addOptions({dataDir, terminal, from, to, users, yes, cancel});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("what to do (see above)"));
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);

    if (parser.isSet(cancel)) {
        bool ok = false;
        const qint64 id = parser.value(cancel).toLongLong(&ok);
        if (!ok || id <= 0)
            return fail(QStringLiteral("--cancel: '%1' is not a command id").arg(parser.value(cancel)), 2);
        if (!openDb(parser.value(dataDir), false))
            return 1;
        QString error;
        const bool done = storage::CommandStore::cancel(storage::Database::get(CONNECTION), id, &error);
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
    const Action *action = nullptr;
    for (const Action &a : ACTIONS) {
        if (actionName == QLatin1String(a.name))
            action = &a;
    }
    if (!action)
        return fail(QStringLiteral("command: unknown action '%1' (see termdesk command --help)").arg(actionName), 2);
    const QString sn = parser.value(terminal).trimmed();
    if (sn.isEmpty())
        return fail(QStringLiteral("command: --terminal SN is required"), 2);

    QJsonObject payload;
    QString error;
    if (actionName == QLatin1String("settime")) {
        payload.insert(QStringLiteral("set_time_ms"), QStringLiteral("now"));
    } else if (actionName == QLatin1String("opendoor")) {
        payload.insert(QStringLiteral("open_door"), true);
    } else if (actionName == QLatin1String("reboot")) {
        payload.insert(QStringLiteral("reboot"), true);
    } else if (actionName == QLatin1String("clear-punches")) {
        if (!parser.isSet(yes))
            return fail(QStringLiteral("clear-punches erases the terminal's punch memory: add --yes to confirm"), 2);
        payload.insert(QStringLiteral("clear_punches"), true);
    } else if (actionName == QLatin1String("delete-users")) {
        QJsonArray ids;
        for (const QString &part : parser.value(users).split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok || id <= 0)
                return fail(QStringLiteral("--users: '%1' is not an enroll id").arg(part), 2);
            ids.append(id);
        }
        if (ids.isEmpty())
            return fail(QStringLiteral("delete-users needs --users 1,2,3"), 2);
        payload.insert(QStringLiteral("delete"), ids);
    } else if (actionName == QLatin1String("read-status")) {
        payload.insert(QStringLiteral("target"), QStringLiteral("status"));
    } else if (actionName == QLatin1String("pull-users")) {
        payload.insert(QStringLiteral("target"), QStringLiteral("users"));
    } else {
        payload.insert(QStringLiteral("target"), QStringLiteral("punches"));
        std::optional<qint64> fromMs, toMs;
        if (parser.isSet(from) && !(fromMs = dayStartUtcMs(parser.value(from), false, &error, "from")))
            return fail(error, 2);
        if (parser.isSet(to) && !(toMs = dayStartUtcMs(parser.value(to), true, &error, "to")))
            return fail(error, 2);
        if (fromMs && toMs && *fromMs > *toMs)
            return fail(QStringLiteral("--from is after --to"), 2);
        if (fromMs)
            payload.insert(QStringLiteral("from_ms"), *fromMs);
        if (toMs)
            payload.insert(QStringLiteral("to_ms"), *toMs);
    }

    if (!openDb(parser.value(dataDir), false))
        return 1;
    int rc = 0;
    {
        QSqlDatabase db = storage::Database::get(CONNECTION);
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT protocol, admission FROM terminals WHERE sn = ?"));
        q.addBindValue(sn);
        if (!q.exec() || !q.next()) {
            rc = fail(QStringLiteral("no terminal with serial %1 (see termdesk terminals)").arg(sn), 1);
        } else if (q.value(0).toString() != QLatin1String("tcp")) {
            rc = fail(
                QStringLiteral("%1 is a WebSocket terminal: this build queues commands for TCP terminals only").arg(sn),
                1);
        } else {
            q.finish();
            const qint64 id =
                storage::CommandStore::enqueue(db, sn, QStringLiteral("tcp"), QLatin1String(action->kind),
                                               QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)),
                                               QStringLiteral("cli"), &error);
            if (id == 0) {
                rc = fail(error, 1);
            } else {
                std::printf("%lld\n", static_cast<long long>(id));
                std::fprintf(stderr, "termdesk: command %lld queued for %s: %s\n", static_cast<long long>(id),
                             qPrintable(sn), action->name);
            }
        }
    }
    storage::Database::close(CONNECTION);
    return rc;
}

int runCommandList(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List queued, sent and finished commands, newest first."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption terminal(QStringLiteral("terminal"), QStringLiteral("Only this terminal."),
                                      QStringLiteral("SN"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   QStringLiteral("Only this state: queued, sent, done, failed, expired, cancelled."),
                                   QStringLiteral("STATE"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N rows (default 100)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({dataDir, terminal, state, limit});
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);
    static const QStringList states = {QStringLiteral("queued"),  QStringLiteral("sent"),
                                       QStringLiteral("done"),    QStringLiteral("failed"),
                                       QStringLiteral("expired"), QStringLiteral("cancelled")};
    if (parser.isSet(state) && !states.contains(parser.value(state)))
        return fail(QStringLiteral("--state: '%1' is not one of %2").arg(parser.value(state), states.join(u',')), 2);
    bool ok = false;
    const int n = parser.value(limit).toInt(&ok);
    if (!ok || n <= 0)
        return fail(QStringLiteral("--limit: '%1' is not a positive number").arg(parser.value(limit)), 2);
    if (!openDb(parser.value(dataDir), true))
        return 1;
    QString error;
    const QList<storage::CommandInfo> rows = storage::CommandStore::list(
        storage::Database::get(CONNECTION), parser.value(terminal).trimmed(), parser.value(state), n, &error);
    storage::Database::close(CONNECTION);
    if (!error.isEmpty())
        return fail(error, 1);
    std::printf("%-6s %-16s %-10s %-9s %5s %-20s %s\n", "ID", "TERMINAL", "KIND", "STATE", "TRIES", "UPDATED (UTC)",
                "DETAIL");
    for (const storage::CommandInfo &c : rows) {
        const QString detail = c.payload + (c.result.isEmpty() ? QString() : QStringLiteral(" → ") + c.result) +
                               (c.reason.isEmpty() ? QString() : QStringLiteral(" (") + c.reason + u')');
        std::printf("%-6lld %-16s %-10s %-9s %5d %-20s %s\n", static_cast<long long>(c.id), qPrintable(c.terminalSn),
                    qPrintable(c.kind), qPrintable(c.state), c.tries, qPrintable(devicetime::formatUtcIso(c.updatedMs)),
                    qPrintable(detail));
    }
    return 0;
}

} // namespace termdesk::cli
