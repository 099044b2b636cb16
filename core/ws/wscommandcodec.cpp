// SPDX-License-Identifier: GPL-3.0-or-later
#include "wscommandcodec.h"

#include "jsonlenient.h"
#include "model/commandkind.h"
#include "wsmessages.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace termdesk::ws::commands {
namespace {

constexpr qsizetype MAX_SUMMARY_BYTES = 1024;

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

} // namespace

QString kindFor(const QString &name)
{
    return wsKind(name);
}

bool isPaged(QStringView name)
{
    return name == QLatin1String("getuserlist") || name == QLatin1String("getnewlog") ||
           name == QLatin1String("getalllog");
}

Request buildRequest(const QString &kind, const QByteArray &payload, const QString &cloudTimeNow)
{
    Request r;
    if (fromName<CommandKind>(kind) != CommandKind::WsCommand) { // a TCP kind, or one no CommandKind names
        r.error = QStringLiteral("not a WebSocket command: %1").arg(kind);
        return r;
    }
    r.name = wsCommand(kind).toString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (!payload.trimmed().isEmpty() && !doc.isObject()) {
        r.error = QStringLiteral("payload is not a JSON object");
        return r;
    }
    const QJsonObject in = doc.object();
    for (auto it = in.begin(); it != in.end(); ++it) {
        if (it.key().startsWith(u'_'))
            r.options.insert(it.key(), it.value());
        else
            r.message.insert(it.key(), it.value());
    }
    const QString cmd = r.message.value(QLatin1String("cmd")).toString();
    if (!cmd.isEmpty() && cmd != r.name) {
        r.error = QStringLiteral("payload cmd '%1' does not match kind %2").arg(cmd, kind);
        return r;
    }
    r.message.insert(QStringLiteral("cmd"), r.name);
    if (r.name == QLatin1String("settime") &&
        r.message.value(QLatin1String("cloudtime")).toString() == QLatin1String("now"))
        r.message.insert(QStringLiteral("cloudtime"), cloudTimeNow);
    if (isPaged(r.name))
        r.message.insert(QStringLiteral("stn"), true);
    return r;
}

bool answers(const QJsonObject &reply, const QString &name)
{
    const QString ret = reply.value(QLatin1String("ret")).toString().trimmed();
    if (!ret.isEmpty())
        return ret == name;
    if (reply.value(QLatin1String("cmd")).toString().trimmed() != name)
        return false;
    return reply.contains(QLatin1String("result")) || reply.contains(QLatin1String("record")) ||
           reply.contains(QLatin1String("count")) ||
           (name == QLatin1String("gettime") && reply.contains(QLatin1String("time")));
}

std::optional<QString> refusal(const QJsonObject &reply)
{
    const auto it = reply.constFind(QLatin1String("result"));
    if (it == reply.constEnd() || toBool(*it).value_or(true))
        return std::nullopt;
    QString why = QStringLiteral("terminal refused");
    const QString msg = textKey(reply, "msg");
    if (!msg.isEmpty())
        why += QStringLiteral(": ") + msg;
    const QString reason = textKey(reply, "reason");
    if (!reason.isEmpty())
        why += QStringLiteral(" (reason %1)").arg(reason);
    return why;
}

bool isEmptyPage(const QJsonObject &reply)
{
    if (intKey(reply, "count") == 0)
        return true;
    const QJsonValue record = reply.value(QLatin1String("record"));
    if (record.isArray())
        return record.toArray().isEmpty();
    return !record.isObject(); // a lone record object is a page of one
}

QList<CredentialRecord> listedCredentials(const QJsonObject &reply)
{
    QList<CredentialRecord> out;
    const QJsonValue record = reply.value(QLatin1String("record"));
    const QJsonArray entries = record.isArray() ? record.toArray() : QJsonArray{record};
    for (const QJsonValue &e : entries) {
        const QJsonObject o = e.toObject();
        const std::optional<qint64> enroll = intKey(o, "enrollid");
        if (!enroll || *enroll <= 0)
            continue;
        CredentialRecord c;
        c.enrollId = *enroll;
        if (const auto admin = intKey(o, "admin"))
            c.admin = static_cast<int>(*admin);
        c.backupNum = static_cast<int>(intKey(o, "backupnum").value_or(-1));
        out.append(c);
    }
    return out;
}

std::optional<CredentialRecord> userInfo(const QJsonObject &reply, const QJsonObject &request)
{
    const std::optional<qint64> enroll =
        intKey(reply, "enrollid") ? intKey(reply, "enrollid") : intKey(request, "enrollid");
    if (!enroll || *enroll <= 0)
        return std::nullopt;
    CredentialRecord c;
    c.enrollId = *enroll;
    c.name = textKey(reply, "name");
    if (const auto admin = intKey(reply, "admin"))
        c.admin = static_cast<int>(*admin);
    if (const auto enable = intKey(reply, "enable")) // firmware with the extended user switch
        c.enabled = *enable != 0;
    const std::optional<qint64> backup =
        intKey(reply, "backupnum") ? intKey(reply, "backupnum") : intKey(request, "backupnum");
    const QJsonValue record = reply.value(QLatin1String("record"));
    if (backup && *backup >= 0 && !record.isUndefined() && !record.isNull()) {
        c.backupNum = static_cast<int>(*backup);
        c.data = toText(record);
    }
    return c;
}

std::optional<TerminalInfo> capacities(const QJsonObject &reply)
{
    TerminalInfo i;
    i.userCapacity = intKey(reply, "usersize");
    i.usersUsed = intKey(reply, "useduser");
    i.fpCapacity = intKey(reply, "fpsize");
    i.fpsUsed = intKey(reply, "usedfp");
    i.faceCapacity = intKey(reply, "facesize");
    i.facesUsed = intKey(reply, "usedface");
    i.palmCapacity = intKey(reply, "palmsize");
    i.palmsUsed = intKey(reply, "usedpalm");
    i.cardCapacity = intKey(reply, "cardsize");
    i.cardsUsed = intKey(reply, "usedcard");
    i.pwdCapacity = intKey(reply, "pwdsize");
    i.pwdsUsed = intKey(reply, "usedpwd");
    i.logCapacity = intKey(reply, "logsize");
    i.logsUsed = intKey(reply, "usedlog");
    i.newLogs = intKey(reply, "usednewlog");
    i.batteryPercent = intKey(reply, "battery");
    for (const std::optional<qint64> *v :
         {&i.userCapacity, &i.usersUsed, &i.fpCapacity, &i.fpsUsed, &i.faceCapacity, &i.facesUsed, &i.palmCapacity,
          &i.palmsUsed, &i.cardCapacity, &i.cardsUsed, &i.pwdCapacity, &i.pwdsUsed, &i.logCapacity, &i.logsUsed,
          &i.newLogs, &i.batteryPercent}) {
        if (v->has_value())
            return i;
    }
    return std::nullopt;
}

QJsonObject answerSummary(const QJsonObject &reply)
{
    QJsonObject answer = reply;
    for (const char *key : {"ret", "cmd", "sn", "result"})
        answer.remove(QLatin1String(key));
    answer = redacted(answer);
    const qsizetype size = QJsonDocument(answer).toJson(QJsonDocument::Compact).size();
    if (size > MAX_SUMMARY_BYTES)
        return QJsonObject{{QStringLiteral("answer_bytes"), size}};
    return answer;
}

} // namespace termdesk::ws::commands
