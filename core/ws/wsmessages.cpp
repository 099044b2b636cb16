// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsmessages.h"

#include "jsonlenient.h"
#include "util/devicetime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace termdesk::ws {
namespace {

std::optional<qint64> intKey(const QJsonObject &o, const char *key)
{
    const auto it = o.constFind(QLatin1String(key));
    return it == o.constEnd() ? std::nullopt : toInt(*it);
}

QString textKey(const QJsonObject &o, const char *key)
{
    const auto it = o.constFind(QLatin1String(key));
    return it == o.constEnd() ? QString() : toText(*it).trimmed();
}

TerminalInfo decodeDevinfo(const QJsonObject &msg)
{
    TerminalInfo i;
    const QJsonObject d = msg.value(QLatin1String("devinfo")).toObject();
    i.model = textKey(d, "modelname");
    i.firmware = textKey(d, "firmware");
    i.cpuSerial = textKey(msg, "cpusn");
    if (i.cpuSerial.isEmpty())
        i.cpuSerial = textKey(d, "cpusn");
    i.mac = textKey(d, "mac");
    i.fpAlgorithm = textKey(d, "fpalgo");
    i.deviceTime = textKey(d, "time");
    i.userCapacity = intKey(d, "usersize");
    i.usersUsed = intKey(d, "useduser");
    i.fpCapacity = intKey(d, "fpsize");
    i.fpsUsed = intKey(d, "usedfp");
    i.faceCapacity = intKey(d, "facesize");
    i.facesUsed = intKey(d, "usedface");
    i.palmCapacity = intKey(d, "palmsize");
    i.palmsUsed = intKey(d, "usedpalm");
    i.cardCapacity = intKey(d, "cardsize");
    i.cardsUsed = intKey(d, "usedcard");
    i.pwdCapacity = intKey(d, "pwdsize");
    i.pwdsUsed = intKey(d, "usedpwd");
    i.logCapacity = intKey(d, "logsize");
    i.logsUsed = intKey(d, "usedlog");
    i.newLogs = intKey(d, "usednewlog");
    i.batteryPercent = intKey(d, "battery");
    if (!d.isEmpty())
        i.rawJson = QJsonDocument(d).toJson(QJsonDocument::Compact);
    return i;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void decodeRecord(const QJsonValue &value, bool keepPhotos, DecodedMessage &out)
{
    if (!value.isObject()) {
        out.quarantined.append({QStringLiteral("record is not an object"),
                                QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)});
        return;
    }
    const QJsonObject r = value.toObject();
    const std::optional<qint64> enroll = intKey(r, "enrollid");
    std::optional<devicetime::LocalTime> local = devicetime::normaliseLocal(textKey(r, "time"));
    if (!enroll || *enroll < 0 || !local) {
        out.quarantined.append({!enroll || *enroll < 0 ? QStringLiteral("missing or non-numeric enrollid")
                                                       : QStringLiteral("unreadable time"),
                                compact(redacted(r))});
        return;
    }
    Punch p;
    p.enrollId = *enroll;
    p.localTime = std::move(local->text);
    p.localEpoch = local->epoch;
    p.verifyMode = static_cast<int>(intKey(r, "mode").value_or(0));
    p.inOut = static_cast<int>(intKey(r, "inout").value_or(0));
    p.event = static_cast<int>(intKey(r, "event").value_or(0));
    if (const auto t = toDouble(r.value(QLatin1String("temp"))))
        p.temperature = normaliseTemperature(*t);
    p.name = textKey(r, "name");
    if (keepPhotos)
        p.photo = r.value(QLatin1String("image")).toString().toLatin1();
    out.punches.append(std::move(p));
}

} // namespace

bool isServerCommandName(QStringView name)
{
    static const QSet<QString> names = {
        QStringLiteral("getuserlist"),    QStringLiteral("getuserinfo"),      QStringLiteral("setuserinfo"),
        QStringLiteral("deleteuser"),     QStringLiteral("getusername"),      QStringLiteral("setusername"),
        QStringLiteral("enableuser"),     QStringLiteral("cleanuser"),        QStringLiteral("getnewlog"),
        QStringLiteral("getalllog"),      QStringLiteral("cleanlog"),         QStringLiteral("initsys"),
        QStringLiteral("reboot"),         QStringLiteral("cleanadmin"),       QStringLiteral("settime"),
        QStringLiteral("gettime"),        QStringLiteral("setdevinfo"),       QStringLiteral("getdevinfo"),
        QStringLiteral("opendoor"),       QStringLiteral("setdevlock"),       QStringLiteral("getdevlock"),
        QStringLiteral("getuserlock"),    QStringLiteral("setuserlock"),      QStringLiteral("deleteuserlock"),
        QStringLiteral("cleanuserlock"),  QStringLiteral("disabledevice"),    QStringLiteral("enabledevice"),
        QStringLiteral("adduser"),        QStringLiteral("getdevcap"),        QStringLiteral("lockctrl"),
        QStringLiteral("getallusers"),    QStringLiteral("keypad"),           QStringLiteral("setuserprofile"),
        QStringLiteral("getuserprofile"), QStringLiteral("getquestionnaire"), QStringLiteral("setquestionnaire"),
        QStringLiteral("getholiday"),     QStringLiteral("setholiday"),       QStringLiteral("deleteholiday"),
        QStringLiteral("cleanholiday"),
    };
    return names.contains(name.toString());
}

std::optional<double> normaliseTemperature(double raw)
{
    if (!(raw > 0))
        return std::nullopt;
    if (raw > 1000)
        return raw / 100.0;
    if (raw > 100)
        return raw / 10.0;
    return raw;
}

QJsonObject redacted(const QJsonObject &object)
{
    static const QSet<QString> secretKeys = {QStringLiteral("image"), QStringLiteral("record"), QStringLiteral("pwd"),
                                             QStringLiteral("card"), QStringLiteral("pin")};
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue v = it.value();
        if (secretKeys.contains(it.key()) && !v.isArray() && !v.isObject() && !v.isNull()) {
            const qsizetype n = v.isString() ? v.toString().size() : toText(v).size();
            out.insert(it.key(), QStringLiteral("<redacted %1 chars>").arg(n));
        } else if (v.isArray()) {
            QJsonArray a;
            for (const QJsonValue &e : v.toArray())
                a.append(e.isObject() ? QJsonValue(redacted(e.toObject())) : e);
            out.insert(it.key(), a);
        } else if (v.isObject()) {
            out.insert(it.key(), redacted(v.toObject()));
        } else {
            out.insert(it.key(), v);
        }
    }
    return out;
}

DecodedMessage decodeMessage(const QJsonObject &o, bool keepPhotos)
{
    DecodedMessage m;
    m.sn = textKey(o, "sn");
    const QString cmd = o.value(QLatin1String("cmd")).toString().trimmed();
    const QString ret = o.value(QLatin1String("ret")).toString().trimmed();
    if (cmd.isEmpty()) {
        m.kind = ret.isEmpty() ? MessageKind::Invalid : MessageKind::Reply;
        m.name = ret;
        return m;
    }
    m.name = cmd;
    if (cmd == QLatin1String("reg")) {
        m.kind = MessageKind::Reg;
        m.info = decodeDevinfo(o);
    } else if (cmd == QLatin1String("sendlog")) {
        m.kind = MessageKind::SendLog;
        m.count = o.value(QLatin1String("count"));
        m.logIndex = o.value(QLatin1String("logindex"));
        const QJsonValue records = o.value(QLatin1String("record"));
        if (records.isArray()) {
            const QJsonArray a = records.toArray();
            m.punches.reserve(a.size());
            for (const QJsonValue &r : a)
                decodeRecord(r, keepPhotos, m);
        } else if (!records.isUndefined() && !records.isNull()) {
            decodeRecord(records, keepPhotos, m); // a lone object instead of an array
        }
    } else if (cmd == QLatin1String("senduser")) {
        m.kind = MessageKind::SendUser;
        const std::optional<qint64> enroll = intKey(o, "enrollid");
        if (enroll && *enroll >= 0) {
            CredentialRecord c;
            c.enrollId = *enroll;
            c.name = textKey(o, "name");
            if (const auto admin = intKey(o, "admin"))
                c.admin = static_cast<int>(*admin);
            const std::optional<qint64> backup = intKey(o, "backupnum");
            const QJsonValue record = o.value(QLatin1String("record"));
            if (backup && !record.isUndefined() && !record.isNull()) {
                c.backupNum = static_cast<int>(*backup);
                c.data = toText(record);
            }
            m.credential = c;
        } else {
            m.quarantined.append({QStringLiteral("senduser without a numeric enrollid"), compact(redacted(o))});
        }
    } else if (isServerCommandName(cmd)) {
        m.kind = MessageKind::Reply; // firmware that answers with "cmd" instead of "ret" (Part 2 §6.4)
    } else {
        m.kind = MessageKind::Push;
    }
    return m;
}

} // namespace termdesk::ws
