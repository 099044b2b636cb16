// SPDX-License-Identifier: GPL-3.0-or-later
#include "simcommands.h"

#include "simdevice.h"
#include "simjson.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace termdesk::sim {
namespace {

enum class Command {
    GetNewLog,
    GetAllLog,
    GetUserList,
    SetTime,
    GetTime,
    GetDevInfo,
    SetDevInfo,
    OpenDoor,
    Reboot,
    GetUserInfo,
    SetUserInfo,
    SetUserName,
    DeleteUser,
    EnableUser,
    CleanUser,
    CleanLog,
    InitSys,
    CleanAdmin,
    GetDevCap
};

const QHash<QString, Command> &commandTable()
{
    static const QHash<QString, Command> table{
        {QStringLiteral("getnewlog"), Command::GetNewLog},     {QStringLiteral("getalllog"), Command::GetAllLog},
        {QStringLiteral("getuserlist"), Command::GetUserList}, {QStringLiteral("settime"), Command::SetTime},
        {QStringLiteral("gettime"), Command::GetTime},         {QStringLiteral("getdevinfo"), Command::GetDevInfo},
        {QStringLiteral("setdevinfo"), Command::SetDevInfo},   {QStringLiteral("opendoor"), Command::OpenDoor},
        {QStringLiteral("reboot"), Command::Reboot},           {QStringLiteral("getuserinfo"), Command::GetUserInfo},
        {QStringLiteral("setuserinfo"), Command::SetUserInfo}, {QStringLiteral("setusername"), Command::SetUserName},
        {QStringLiteral("deleteuser"), Command::DeleteUser},   {QStringLiteral("enableuser"), Command::EnableUser},
        {QStringLiteral("cleanuser"), Command::CleanUser},     {QStringLiteral("cleanlog"), Command::CleanLog},
        {QStringLiteral("initsys"), Command::InitSys},         {QStringLiteral("cleanadmin"), Command::CleanAdmin},
        {QStringLiteral("getdevcap"), Command::GetDevCap},
    };
    return table;
}

// stn: true (or absent) = first page, false = next page. Booleans and 0/1 both occur (§4.1).
bool isFirstPage(const QJsonObject &command)
{
    return jsonBool(command.value(QLatin1String("stn"))).value_or(true);
}

bool isFingerprint(int backupNum)
{
    return backupNum >= 0 && backupNum <= 9;
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
    case Command::GetUserInfo:
        out.reply = getUserInfo(command);
        break;
    case Command::SetUserInfo:
        out.reply = setUserInfo(command);
        break;
    case Command::SetUserName:
        out.reply = setUserName(command);
        break;
    case Command::DeleteUser:
        out.reply = deleteUser(command);
        break;
    case Command::EnableUser: {
        const std::optional<qint64> id = jsonInteger(command.value(QLatin1String("enrollid")));
        const std::optional<qint64> flag = jsonInteger(command.value(QLatin1String("enflag")));
        std::optional<SimUser> u = id ? m_device.user(*id) : std::nullopt;
        if (!u || !flag) {
            out.reply = notFound(name, u.has_value() || !id);
            break;
        }
        u->enabled = *flag != 0;
        m_device.putUser(*u);
        out.reply = simple(name, true);
        break;
    }
    case Command::CleanUser:
        m_device.removeAllUsers();
        out.reply = simple(name, true);
        break;
    case Command::CleanLog:
        m_device.clearLog();
        out.reply = simple(name, true);
        break;
    case Command::InitSys: // users and logs go, the settings stay (§4.13)
        m_device.removeAllUsers();
        m_device.clearLog();
        out.reply = simple(name, true);
        break;
    case Command::CleanAdmin:
        for (SimUser u : m_device.users()) {
            if (u.admin != 0) {
                u.admin = 0;
                m_device.putUser(u);
            }
        }
        out.reply = simple(name, true);
        break;
    case Command::GetDevCap:
        out.reply = devCap();
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
        p.begin = std::max(newBegin, m_device.logCleared()); // cleanlog: the older records are gone
        p.end = m_device.logSize();                          // a snapshot: punches made while paging go out by sendlog
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

QByteArray SimCommands::notFound(const QString &name, bool missingParameter) const
{
    JsonWriter w;
    begin(w, name, false);
    if (missingParameter) {
        w.key("reason").number(1); // a missing or unreadable parameter (§5.10)
    } else {
        w.key("msg").string(QStringLiteral("can not find the user")); // §4.2 field note
    }
    w.endObject();
    return w.take();
}

QByteArray SimCommands::getUserInfo(const QJsonObject &command) const
{
    const QString name = QStringLiteral("getuserinfo");
    const std::optional<qint64> id = jsonInteger(command.value(QLatin1String("enrollid")));
    if (!id)
        return notFound(name, true); // TH900: missing enrollid → result:false, reason:1
    const std::optional<SimUser> u = m_device.user(*id);
    // Without backupnum TH900 answers fingerprint slot 0 (§4.2).
    const int backupNum = int(jsonInteger(command.value(QLatin1String("backupnum"))).value_or(0));
    if (!u || !u->credentials.contains(backupNum))
        return notFound(name, false);
    JsonWriter w(m_quirks.trailingCommas);
    begin(w, name, true);
    w.key("enrollid").number(u->enrollId, m_quirks.numbersAsStrings);
    w.key("name").string(u->name);
    w.key("backupnum").number(backupNum);
    w.key("admin").number(u->admin);
    if (m_device.isFaceModel())
        w.key("enable").number(u->enabled ? 1 : 0); // some firmware adds it (§4.2)
    const QString record = u->credentials.value(backupNum);
    if (backupNum == 10 || backupNum == 11)
        w.key("record").number(record.toLongLong()); // numbers for password and card (§4.2)
    else
        w.key("record").string(record);
    w.endObject();
    return w.take();
}

QByteArray SimCommands::setUserInfo(const QJsonObject &command)
{
    const QString name = QStringLiteral("setuserinfo");
    const std::optional<qint64> id = jsonInteger(command.value(QLatin1String("enrollid")));
    if (!id || *id <= 0)
        return notFound(name, true);
    std::optional<SimUser> u = m_device.user(*id);
    if (!u) {
        if (m_device.users().size() >= m_device.userCapacity())
            return simple(name, false); // full
        u = SimUser{};
        u->enrollId = *id;
    }
    if (command.contains(QLatin1String("name")))
        u->name = command.value(QLatin1String("name")).toString();
    if (const std::optional<qint64> admin = jsonInteger(command.value(QLatin1String("admin"))))
        u->admin = int(*admin);
    if (const std::optional<qint64> enable = jsonInteger(command.value(QLatin1String("enable"))))
        u->enabled = *enable != 0; // the extended form (§4.4)
    const std::optional<qint64> backupNum = jsonInteger(command.value(QLatin1String("backupnum")));
    const QJsonValue record = command.value(QLatin1String("record"));
    if (backupNum && !record.isUndefined() && !record.isNull()) {
        const int b = int(*backupNum);
        QString data;
        if (b == 10 || b == 11) {
            if (!record.isDouble()) // card and password must be JSON numbers (§4.3)
                return simple(name, false);
            data = QString::number(record.toInteger());
        } else {
            data = record.toString();
            if (data.isEmpty())
                return simple(name, false);
        }
        if (b == 50 || (b >= 20 && b <= 27)) {
            if (data.startsWith(QLatin1String("data:")))
                return simple(name, false); // an image that does not decode (§4.3 field bug)
            for (const SimUser &other : m_device.users()) {
                if (other.enrollId != u->enrollId && other.credentials.value(b) == data) {
                    JsonWriter w;
                    begin(w, name, false);
                    w.key("reason").number(12);
                    w.key("msg").string(QStringLiteral("face is double,id=%1").arg(other.enrollId));
                    w.endObject();
                    return w.take();
                }
            }
        }
        if (!isFingerprint(b) && b != 10 && b != 11 && b != 50 && !(b >= 20 && b <= 27))
            return simple(name, false);
        u->credentials.insert(b, data);
    }
    m_device.putUser(*u);
    JsonWriter w;
    begin(w, name, true);
    w.key("enrollid").number(u->enrollId);
    w.endObject();
    return w.take();
}

QByteArray SimCommands::setUserName(const QJsonObject &command)
{
    const QString name = QStringLiteral("setusername");
    const QJsonArray records = command.value(QLatin1String("record")).toArray();
    if (records.isEmpty() || records.size() > 50) // at most 50 per package (§4.7)
        return simple(name, false);
    for (const QJsonValue v : records) {
        const QJsonObject r = v.toObject();
        const std::optional<qint64> id = jsonInteger(r.value(QLatin1String("enrollid")));
        if (!id || *id <= 0)
            return simple(name, false);
        SimUser u = m_device.user(*id).value_or(SimUser{*id, {}, 0, true, {}});
        u.name = r.value(QLatin1String("name")).toString();
        m_device.putUser(u);
    }
    return simple(name, true);
}

QByteArray SimCommands::deleteUser(const QJsonObject &command)
{
    const QString name = QStringLiteral("deleteuser");
    const std::optional<qint64> id = jsonInteger(command.value(QLatin1String("enrollid")));
    if (!id)
        return notFound(name, true);
    std::optional<SimUser> u = m_device.user(*id);
    if (!u)
        return notFound(name, false);
    const int b = int(jsonInteger(command.value(QLatin1String("backupnum"))).value_or(13));
    if (b == 13) {
        m_device.removeUser(*id); // fingerprints, password, card and name (§4.5)
        return simple(name, true);
    }
    if (b == 12) {
        for (int f = 0; f <= 9; ++f)
            u->credentials.remove(f);
    } else if (!u->credentials.remove(b)) {
        return notFound(name, false);
    }
    m_device.putUser(*u);
    return simple(name, true);
}

QByteArray SimCommands::devCap() const
{
    qint64 users = 0, fps = 0, cards = 0, pwds = 0, faces = 0;
    for (const SimUser &u : m_device.users()) {
        ++users;
        bool face = false;
        for (auto it = u.credentials.cbegin(); it != u.credentials.cend(); ++it) {
            fps += isFingerprint(it.key()) ? 1 : 0;
            cards += it.key() == 11 ? 1 : 0;
            pwds += it.key() == 10 ? 1 : 0;
            face = face || it.key() == 50 || (it.key() >= 20 && it.key() <= 27);
        }
        faces += face ? 1 : 0;
    }
    const qint64 cap = m_device.userCapacity();
    JsonWriter w;
    begin(w, QStringLiteral("getdevcap"), true);
    w.key("usersize").number(cap);
    w.key("facesize").number(m_device.isFaceModel() ? cap : 0);
    w.key("fpsize").number(cap);
    w.key("palmsize").number(0);
    w.key("cardsize").number(cap);
    w.key("pwdsize").number(cap);
    w.key("logsize").number(m_device.logCapacity());
    w.key("useduser").number(users);
    w.key("usedface").number(faces);
    w.key("usedfp").number(fps);
    w.key("usedpalm").number(0);
    w.key("usedcard").number(cards);
    w.key("usedpwd").number(pwds);
    w.key("usedlog").number(m_device.logsUsed());
    w.key("usednewlog").number(0);
    w.key("usedrtlog").number(0);
    w.endObject();
    return w.take();
}

} // namespace termdesk::sim
