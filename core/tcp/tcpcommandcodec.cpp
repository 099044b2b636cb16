// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpcommandcodec.h"

#include "framecodec.h"
#include "model/credentialkind.h"
#include "util/devicetime.h"

#include <QJsonArray>

namespace termdesk::tcp::commands {
namespace {

/// The users of an `upsert`; an error names the first credential that cannot be sent.
QString readUpserts(const QJsonArray &upserts, QList<TcpUser> &out)
{
    for (const QJsonValue v : upserts) {
        const QJsonObject o = v.toObject();
        TcpUser u;
        u.enrollId = o.value(QLatin1String("enroll_id")).toInteger();
        u.name = o.value(QLatin1String("name")).toString();
        u.admin = static_cast<int>(o.value(QLatin1String("admin")).toInteger());
        u.disabled = o.value(QLatin1String("disabled")).toBool();
        for (const QJsonValue c : o.value(QLatin1String("credentials")).toArray()) {
            const QJsonObject co = c.toObject();
            const int backupNum = static_cast<int>(co.value(QLatin1String("backup_num")).toInteger(-1));
            auto data = QByteArray::fromBase64Encoding(co.value(QLatin1String("data")).toString().toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
            if (backupNum < 0 || !data)
                return QStringLiteral("upsert: a credential of user %1 has no backup_num or its data is not base64")
                    .arg(u.enrollId);
            u.credentials.append({backupNum, data.decoded});
        }
        out.append(std::move(u));
    }
    return {};
}

} // namespace

WriteBuild buildWrite(const QJsonObject &payload, quint32 sequence, qint64 nowMs)
{
    WriteBuild b;
    TcpWriteRequest &w = b.request;
    w.sequence = sequence;
    const QJsonValue setTime = payload.value(QLatin1String("set_time_ms"));
    w.setTimeMs = setTime.isString() && setTime.toString() == QLatin1String("now") ? nowMs : setTime.toInteger();
    w.clearPunches = payload.value(QLatin1String("clear_punches")).toBool();
    w.openDoor = payload.value(QLatin1String("open_door")).toBool();
    w.reboot = payload.value(QLatin1String("reboot")).toBool();
    for (const QJsonValue v : payload.value(QLatin1String("delete")).toArray())
        w.deleteEnrollIds.append(v.toInteger());
    b.error = readUpserts(payload.value(QLatin1String("upsert")).toArray(), w.upsertUsers);
    if (!b.error.isEmpty())
        return b;
    const QByteArray body = encodeWriteRequest(w);
    if (body.isEmpty()) {
        b.error = QStringLiteral("request cannot be encoded (an enroll id outside 0..4294967295 or a negative "
                                 "backup_num)");
    } else if (body.size() > FRAME_MAX_BODY) {
        b.error = w.upsertUsers.size() == 1
                      ? QStringLiteral("user %1 alone does not fit in one request (%2 bytes, at most %3)")
                            .arg(w.upsertUsers.first().enrollId)
                            .arg(body.size())
                            .arg(FRAME_MAX_BODY)
                      : QStringLiteral("request does not fit in one frame (%1 bytes, at most %2)")
                            .arg(body.size())
                            .arg(FRAME_MAX_BODY);
    } else {
        b.body = body;
    }
    return b;
}

ReadPlan readPlan(const QJsonObject &payload)
{
    ReadPlan p;
    p.targetName = payload.value(QLatin1String("target")).toString();
    if (p.targetName == QLatin1String("status"))
        p.target = ReadTarget::DeviceStatus;
    else if (p.targetName == QLatin1String("users"))
        p.target = ReadTarget::Users;
    else if (p.targetName == QLatin1String("punches"))
        p.target = ReadTarget::Punches;
    const qint64 fromMs = payload.value(QLatin1String("from_ms")).toInteger();
    const qint64 toMs = payload.value(QLatin1String("to_ms")).toInteger();
    p.fromTime = fromMs > 0 ? toTerminalTime(fromMs) : 0;
    p.toTime = toMs > 0 ? toTerminalTime(toMs) : 0;
    p.offset = static_cast<quint32>(payload.value(QLatin1String("offset")).toInteger());
    p.limit = static_cast<quint32>(payload.value(QLatin1String("limit")).toInteger());
    return p;
}

TcpReadRequest readRequest(const ReadPlan &plan, quint32 sequence, quint32 offset)
{
    TcpReadRequest r;
    r.sequence = sequence;
    r.target = plan.target.value_or(ReadTarget::DeviceStatus);
    r.fromTime = plan.fromTime;
    r.toTime = plan.toTime;
    r.offset = offset;
    r.limit = plan.limit;
    return r;
}

QString credentialText(int backupNum, const QByteArray &data)
{
    const CredentialKind kind = credentialKind(backupNum);
    if (kind == CredentialKind::Fingerprint)
        return QString::fromLatin1(data.toHex());
    if (kind == CredentialKind::Password || kind == CredentialKind::Card)
        return QString::fromUtf8(data).trimmed();
    return QString::fromLatin1(data.toBase64());
}

QList<CredentialRecord> credentialsOf(const QList<TcpUser> &users)
{
    QList<CredentialRecord> out;
    for (const TcpUser &u : users) {
        if (u.credentials.isEmpty()) {
            out.append(CredentialRecord{u.enrollId, u.name, u.admin, -1, {}, !u.disabled});
            continue;
        }
        for (const auto &[backupNum, data] : u.credentials)
            out.append(
                CredentialRecord{u.enrollId, u.name, u.admin, backupNum, credentialText(backupNum, data), !u.disabled});
    }
    return out;
}

QList<Punch> toPunches(const QList<TcpPunch> &punches, std::optional<int> terminalOffsetMin)
{
    QList<Punch> out;
    out.reserve(punches.size());
    for (const TcpPunch &p : punches) {
        const qint64 utcMs = fromTerminalTime(p.utcSeconds2020);
        const int offset = terminalOffsetMin ? *terminalOffsetMin : devicetime::systemOffsetAtUtc(utcMs);
        Punch punch;
        punch.enrollId = p.enrollId;
        punch.localEpoch = utcMs / 1000 + offset * 60;
        punch.localTime = devicetime::formatLocal(*punch.localEpoch);
        punch.verifyMode = p.verifyMode;
        punch.inOut = p.inOut;
        punch.event = p.event;
        punch.temperature = p.temperature;
        punch.utcOffsetMin = offset;
        out.append(std::move(punch));
    }
    return out;
}

} // namespace termdesk::tcp::commands
