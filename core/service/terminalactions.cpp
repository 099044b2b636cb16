// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalactions.h"

#include "storage/auditlog.h"
#include "storage/commandstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace termdesk::service {
namespace {

qint64 dayStartMs(const QDate &day)
{
    return QDateTime(day, QTime(0, 0), Qt::LocalTime).toMSecsSinceEpoch();
}

QJsonObject tcpPayload(const QString &name, const ActionOptions &o)
{
    QJsonObject p;
    if (name == QLatin1String("settime")) {
        p.insert(QStringLiteral("set_time_ms"), QStringLiteral("now")); // the server's clock at send time
    } else if (name == QLatin1String("opendoor")) {
        p.insert(QStringLiteral("open_door"), true);
    } else if (name == QLatin1String("reboot")) {
        p.insert(QStringLiteral("reboot"), true);
    } else if (name == QLatin1String("clear-punches")) {
        p.insert(QStringLiteral("clear_punches"), true);
    } else if (name == QLatin1String("delete-users")) {
        QJsonArray ids;
        for (qint64 id : o.users)
            ids.append(id);
        p.insert(QStringLiteral("delete"), ids);
    } else if (name == QLatin1String("read-status") || name == QLatin1String("capacity")) {
        p.insert(QStringLiteral("target"), QStringLiteral("status")); // TCP's DeviceStatus holds both
    } else if (name == QLatin1String("pull-users")) {
        p.insert(QStringLiteral("target"), QStringLiteral("users"));
    } else { // pull-logs
        p.insert(QStringLiteral("target"), QStringLiteral("punches"));
        if (o.from)
            p.insert(QStringLiteral("from_ms"), dayStartMs(*o.from));
        if (o.to)
            p.insert(QStringLiteral("to_ms"), dayStartMs(o.to->addDays(1)) - 1000);
    }
    return p;
}

QJsonObject wsPayload(const TerminalAction &action, const ActionOptions &o)
{
    const QString cmd = QLatin1String(action.wsCmd);
    QJsonObject p{{QStringLiteral("cmd"), cmd}};
    if (cmd == QLatin1String("settime")) {
        p.insert(QStringLiteral("cloudtime"), QStringLiteral("now")); // the server's time at send time
    } else if (cmd == QLatin1String("getuserlist")) {
        p.insert(QStringLiteral("stn"), true);
        p.insert(QStringLiteral("_then"), QStringLiteral("getuserinfo"));
    } else if (cmd == QLatin1String("getnewlog")) {
        if (o.from || o.to) {
            p.insert(QStringLiteral("cmd"), QStringLiteral("getalllog"));
            if (o.from)
                p.insert(QStringLiteral("from"), o.from->toString(QStringLiteral("yyyy-MM-dd")));
            if (o.to)
                p.insert(QStringLiteral("to"), o.to->toString(QStringLiteral("yyyy-MM-dd")));
        }
        p.insert(QStringLiteral("stn"), true);
    }
    return p;
}

} // namespace

const QList<TerminalAction> &TerminalActions::all()
{
    constexpr CommandKind R = CommandKind::TcpRead, W = CommandKind::TcpWrite;
    constexpr std::nullopt_t WS_ONLY = std::nullopt;
    // The console's menu shows the rows with a menu label in this order (the dangerous ones in its
    // Erase submenu). QT_TRANSLATE_NOOP marks the labels for lupdate, which reads this file for the
    // console's catalogues (ui/CMakeLists.txt); the contexts are TerminalAction::menuContext / queueContext.
    static const QList<TerminalAction> table = {
        {"settime", W, "settime", nullptr, "set the terminal's clock to the server's",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Sync &time"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Set the clock")},
        {"gettime", WS_ONLY, "gettime", nullptr, "read the terminal's clock into its drift (WebSocket)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Read the &clock"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Read the clock")},
        {"pull-logs", R, "getnewlog", nullptr,
         "read punches and store the missing ones (WebSocket: getnewlog; --from/--to: getalllog)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Pull new &logs"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Pull new logs")},
        {"pull-users", R, "getuserlist", nullptr,
         "read every user and credential into the roster (WebSocket: then one getuserinfo each)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Pull &users"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Pull users")},
        {"read-status", R, "getdevinfo", nullptr,
         "read the terminal's status (TCP: capacities, usage; WebSocket: getdevinfo parameters)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Read &status"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Read the status")},
        {"capacity", R, "getdevcap", nullptr,
         "read capacities and usage (TCP: the device status, as read-status; WebSocket: getdevcap)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Read c&apacities"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Read capacities")},
        {"opendoor", W, "opendoor", nullptr, "open the door",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "&Open door"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Open door")},
        {"reboot", W, "reboot", nullptr, "restart the terminal",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Re&boot…"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Restart")},
        {"cleanlog", WS_ONLY, "cleanlog", "erases the terminal's logs",
         "erase the terminal's logs (WebSocket, needs --yes)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Erase the &logs…"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Erase the logs")},
        {"clear-punches", W, nullptr, "erases the terminal's punch memory",
         "erase the punches stored on the terminal (TCP, needs --yes)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Erase the &punches…"), nullptr},
        {"cleanuser", WS_ONLY, "cleanuser", "deletes every user on the terminal",
         "delete every user on the terminal (WebSocket, needs --yes)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "Delete every &user…"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Delete every user")},
        {"initsys", WS_ONLY, "initsys", "deletes every user and log on the terminal",
         "delete every user and log, keep the settings (WebSocket, needs --yes)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "&Initialize (users and logs)…"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Delete every user and log")},
        {"cleanadmin", WS_ONLY, "cleanadmin", "demotes every administrator",
         "make every administrator a normal user (WebSocket, needs --yes)",
         QT_TRANSLATE_NOOP("termdesk::ui::TerminalCommands", "&Demote every administrator…"),
         QT_TRANSLATE_NOOP("termdesk::ui::CommandTableModel", "Demote every administrator")},
        // Needs the enroll ids: queued from the Users view and the command line, not from the menu.
        {"delete-users", W, nullptr, nullptr, "delete users from the terminal (TCP, --users 1,2,3)", nullptr, nullptr},
    };
    return table;
}

const TerminalAction *TerminalActions::findWs(QStringView cmd)
{
    for (const TerminalAction &a : all()) {
        if (a.wsCmd && cmd == QLatin1String(a.wsCmd))
            return &a;
    }
    return nullptr;
}

const TerminalAction *TerminalActions::find(const QString &name)
{
    for (const TerminalAction &a : all()) {
        if (name == QLatin1String(a.name))
            return &a;
    }
    return nullptr;
}

qint64 TerminalActions::queue(QSqlDatabase db, const QString &sn, const TerminalAction &action,
                              const ActionOptions &options, const QString &origin, QString *error, bool *usageError)
{
    bool ignored = false;
    bool &usage = usageError ? *usageError : ignored;
    usage = false;
    const QString name = QLatin1String(action.name);
    if (options.from && options.to && *options.from > *options.to) {
        *error = QStringLiteral("the first day is after the last day");
        usage = true;
        return 0;
    }
    if (name == QLatin1String("delete-users") && options.users.isEmpty()) {
        *error = QStringLiteral("delete-users needs the enroll ids");
        usage = true;
        return 0;
    }
    QString protocol;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT protocol FROM terminals WHERE sn = ?"));
        q.addBindValue(sn);
        if (q.exec() && q.next())
            protocol = q.value(0).toString();
    }
    if (protocol.isEmpty()) {
        *error = QStringLiteral("no terminal with serial %1").arg(sn);
        return 0;
    }
    const bool tcp = protocol == QLatin1String("tcp");
    if (!action.supports(tcp)) {
        *error = tcp ? QStringLiteral("%1 is a TCP terminal: %2 is for WebSocket terminals").arg(sn, name)
                     : QStringLiteral("%1 is a WebSocket terminal: %2 is for TCP terminals").arg(sn, name);
        usage = true;
        return 0;
    }
    QString kind;
    QJsonObject payload;
    if (tcp) {
        kind = termdesk::name(*action.tcpKind);
        payload = tcpPayload(name, options);
    } else {
        payload = wsPayload(action, options);
        kind = wsKind(payload.value(QLatin1String("cmd")).toString());
    }
    const qint64 id = storage::CommandStore::enqueue(
        db, sn, tcp ? QStringLiteral("tcp") : QStringLiteral("ws"), kind,
        QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)), origin, error);
    storage::AuditLog::record(db, storage::AuditLog::currentActor(origin), QStringLiteral("queue command"), sn,
                              QStringLiteral("%1 %2").arg(name, kind),
                              id == 0 ? *error : QStringLiteral("command %1").arg(id));
    return id;
}

} // namespace termdesk::service
