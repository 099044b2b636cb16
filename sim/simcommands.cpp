// SPDX-License-Identifier: GPL-3.0-or-later
#include "simcommands.h"

#include "simdevice.h"
#include "simjson.h"

#include <QHash>

#include <algorithm>

namespace termdesk::sim {
namespace {

enum class Command { GetNewLog, GetAllLog, GetUserList, SetTime, GetTime, GetDevInfo, SetDevInfo, OpenDoor, Reboot };

const QHash<QString, Command> &commandTable()
{
    static const QHash<QString, Command> table{
        {QStringLiteral("getnewlog"), Command::GetNewLog},     {QStringLiteral("getalllog"), Command::GetAllLog},
        {QStringLiteral("getuserlist"), Command::GetUserList}, {QStringLiteral("settime"), Command::SetTime},
        {QStringLiteral("gettime"), Command::GetTime},         {QStringLiteral("getdevinfo"), Command::GetDevInfo},
        {QStringLiteral("setdevinfo"), Command::SetDevInfo},   {QStringLiteral("opendoor"), Command::OpenDoor},
        {QStringLiteral("reboot"), Command::Reboot},
    };
    return table;
}

// stn: true (or absent) = first page, false = next page. Booleans and 0/1 both occur (§4.1).
bool isFirstPage(const QJsonObject &command)
{
    return jsonBool(command.value(QLatin1String("stn"))).value_or(true);
}

} // namespace

SimCommands::SimCommands(SimDevice &device, const Quirks &quirks)
    : m_device(device), m_quirks(quirks), m_parameters{{"deviceid", 1},    {"language", 0},   {"volume", 6},
                                                       {"screensaver", 0}, {"verifymode", 0}, {"sleep", 0},
                                                       {"userfpnum", 3},   {"loghint", 1000}, {"reverifytime", 0}}
{
}

SimCommands::Outcome SimCommands::handle(const QString &name, const QJsonObject &command, qsizetype firstUndelivered)
{
    Outcome out;
    const auto it = commandTable().constFind(name);
    if (it == commandTable().cend()) {
        JsonWriter w;
        begin(w, name, false);
        w.key("msg").string(QStringLiteral("can not find this command"));
        w.endObject();
        out.reply = w.take();
        return out;
    }
    switch (*it) {
    case Command::GetNewLog:
        out.reply = logPage(name, command, m_newLog, firstUndelivered);
        break;
    case Command::GetAllLog:
        out.reply = logPage(name, command, m_allLog, 0);
        break;
    case Command::GetUserList:
        out.reply = userPage(command);
        break;
    case Command::SetTime:
        out.reply = setTime(command);
        break;
    case Command::GetTime:
        out.reply = getTime();
        break;
    case Command::GetDevInfo:
        out.reply = devInfo();
        break;
    case Command::SetDevInfo:
        out.reply = setDevInfo(command);
        break;
    case Command::OpenDoor:
        // An access terminal logs the software opening as a door event (§4.20, §5.7 event 3).
        m_device.addDoorEvent(3);
        out.logChanged = true;
        out.reply = simple(name, true);
        break;
    case Command::Reboot:
        out.reboot = true; // §4.14: no reply, the socket drops
        break;
    }
    return out;
}

void SimCommands::begin(JsonWriter &w, const QString &name, bool result) const
{
    w.beginObject();
    w.key(m_quirks.cmdInsteadOfRet ? "cmd" : "ret").string(name);
    w.key("sn").string(m_device.sn());
    w.key("result").boolean(result);
}

QByteArray SimCommands::simple(const QString &name, bool result) const
{
    JsonWriter w;
    begin(w, name, result);
    if (!result)
        w.key("reason").number(1);
    w.endObject();
    return w.take();
}

bool SimCommands::matches(const LogPaging &p, qsizetype index) const
{
    const qint64 t = m_device.record(index).time;
    return (p.fromTime < 0 || t >= p.fromTime) && (p.toTime < 0 || t <= p.toTime);
}

QByteArray SimCommands::logPage(const QString &name, const QJsonObject &command, LogPaging &p, qsizetype newBegin)
{
    if (isFirstPage(command)) {
        p = LogPaging{};
        p.begin = newBegin;
        p.end = m_device.logSize(); // a snapshot: punches made while paging go out by sendlog
        if (name == QLatin1String("getalllog")) {
            const QString from = command.value(QLatin1String("from")).toString();
            const QString to = command.value(QLatin1String("to")).toString();
            if (!from.isEmpty()) {
                const auto day = SimDevice::parseDate(from);
                if (!day)
                    return simple(name, false);
                p.fromTime = *day;
            }
            if (!to.isEmpty()) {
                const auto day = SimDevice::parseDate(to);
                if (!day)
                    return simple(name, false);
                p.toTime = *day + 86399;
            }
        }
        p.cursor = p.begin;
        for (qsizetype i = p.begin; i < p.end; ++i)
            p.total += matches(p, i) ? 1 : 0;
    }
    JsonWriter w(m_quirks.trailingCommas);
    begin(w, name, true);
    QList<qsizetype> page;
    while (p.cursor < p.end && page.size() < LOG_PAGE) {
        if (matches(p, p.cursor))
            page.append(p.cursor);
        ++p.cursor;
    }
    if (page.isEmpty()) {
        w.key("count").number(0, m_quirks.numbersAsStrings);
        w.key("from").number(0);
        w.key("to").number(0);
    } else {
        // count is the total, as in the vendor document (§4.10); from/to are inclusive positions.
        w.key("count").number(p.total, m_quirks.numbersAsStrings);
        w.key("from").number(p.emitted);
        w.key("to").number(p.emitted + page.size() - 1);
    }
    w.key("record").beginArray();
    for (const qsizetype i : std::as_const(page))
        m_device.writeRecord(w, m_device.record(i), m_quirks.numbersAsStrings);
    w.endArray();
    w.endObject();
    p.emitted += page.size();
    return w.take();
}

QByteArray SimCommands::userPage(const QJsonObject &command)
{
    if (isFirstPage(command))
        m_userCursor = 0;
    const QList<UserCredential> &all = m_device.credentials();
    const qsizetype first = std::min(m_userCursor, all.size());
    const qsizetype n = std::min<qsizetype>(USER_PAGE, all.size() - first);
    m_userCursor = first + n;
    JsonWriter w(m_quirks.trailingCommas);
    begin(w, QStringLiteral("getuserlist"), true);
    w.key("count").number(n, m_quirks.numbersAsStrings);
    w.key("from").number(n > 0 ? first : 0);
    w.key("to").number(n > 0 ? first + n - 1 : 0);
    w.key("record").beginArray();
    for (qsizetype i = first; i < first + n; ++i) {
        const UserCredential &c = all.at(i);
        w.beginObject();
        w.key("enrollid").number(c.enrollId, m_quirks.numbersAsStrings);
        w.key("admin").number(c.admin);
        w.key("backupnum").number(c.backupNum);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

QByteArray SimCommands::setTime(const QJsonObject &command)
{
    const auto t = SimDevice::parseTime(command.value(QLatin1String("cloudtime")).toString());
    if (!t)
        return simple(QStringLiteral("settime"), false);
    m_device.setClock(*t);
    return simple(QStringLiteral("settime"), true);
}

QByteArray SimCommands::getTime() const
{
    JsonWriter w;
    begin(w, QStringLiteral("gettime"), true);
    w.key("time").string(SimDevice::formatTime(m_device.now()));
    w.endObject();
    return w.take();
}

QByteArray SimCommands::devInfo() const
{
    JsonWriter w;
    begin(w, QStringLiteral("getdevinfo"), true);
    for (const auto &[key, value] : m_parameters)
        w.key(key.constData()).value(value);
    w.endObject();
    return w.take();
}

QByteArray SimCommands::setDevInfo(const QJsonObject &command)
{
    for (auto it = command.begin(); it != command.end(); ++it) {
        const QByteArray key = it.key().trimmed().toUtf8();
        if (key == "cmd" || key == "sn")
            continue;
        auto found =
            std::find_if(m_parameters.begin(), m_parameters.end(), [&](const auto &p) { return p.first == key; });
        if (found != m_parameters.end())
            found->second = it.value();
        else
            m_parameters.append({key, it.value()});
    }
    return simple(QStringLiteral("setdevinfo"), true);
}

} // namespace termdesk::sim
