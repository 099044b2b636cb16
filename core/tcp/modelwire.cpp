// SPDX-License-Identifier: GPL-3.0-or-later
// The model's TCP types from and to protobuf messages (docs/protocol-tcp.md "Bodies").
#include "modelwire.h"

#include "protobufbody.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace termdesk::tcp::wire {

namespace {

std::optional<qint64> capacity(quint32 v)
{
    // A capacity of 0 means "not reported" (proto3 cannot tell absent from 0).
    return v == 0 ? std::nullopt : std::optional<qint64>(v);
}

/// A float °C from the wire as the double a person would write: 36.6f becomes 36.6, not
/// 36.59999847. 0 (not measured) and non-finite values become "not measured".
std::optional<double> temperatureFromWire(float f)
{
    if (f == 0.0f || !std::isfinite(f))
        return std::nullopt;
    char buf[64];
    const auto printed = std::to_chars(buf, buf + sizeof buf, f); // shortest text that reads back as f
    double d = double(f);
    if (printed.ec == std::errc()) {
        double shortest = 0;
        const auto read = std::from_chars(buf, printed.ptr, shortest);
        if (read.ec == std::errc() && float(shortest) == f)
            d = shortest;
    }
    return d;
}

} // namespace

TerminalInfo statusFromWire(const pb::DeviceStatus &s)
{
    TerminalInfo i;
    i.model = cleanText(s.model());
    i.firmware = cleanText(s.firmware());
    i.userCapacity = capacity(s.user_capacity());
    i.usersUsed = s.users_used();
    i.fpCapacity = capacity(s.fp_capacity());
    i.fpsUsed = s.fps_used();
    i.cardCapacity = capacity(s.card_capacity());
    i.cardsUsed = s.cards_used();
    i.logCapacity = capacity(s.log_capacity());
    i.logsUsed = s.logs_used();
    i.newLogs = s.new_logs();
    // 0 % would be a dead terminal that cannot report: 0 means mains powered / not reported.
    i.batteryPercent = capacity(s.battery_percent());

    // Everything the terminal reported, as sent (field names of the .proto).
    QJsonObject raw;
    raw.insert(QLatin1String("model"), fromWire(s.model()));
    raw.insert(QLatin1String("firmware"), fromWire(s.firmware()));
    raw.insert(QLatin1String("user_capacity"), qint64(s.user_capacity()));
    raw.insert(QLatin1String("users_used"), qint64(s.users_used()));
    raw.insert(QLatin1String("fp_capacity"), qint64(s.fp_capacity()));
    raw.insert(QLatin1String("fps_used"), qint64(s.fps_used()));
    raw.insert(QLatin1String("card_capacity"), qint64(s.card_capacity()));
    raw.insert(QLatin1String("cards_used"), qint64(s.cards_used()));
    raw.insert(QLatin1String("log_capacity"), qint64(s.log_capacity()));
    raw.insert(QLatin1String("logs_used"), qint64(s.logs_used()));
    raw.insert(QLatin1String("new_logs"), qint64(s.new_logs()));
    raw.insert(QLatin1String("battery_percent"), qint64(s.battery_percent()));
    i.rawJson = QJsonDocument(raw).toJson(QJsonDocument::Compact);
    return i;
}

TcpUser userFromWire(const pb::User &u)
{
    TcpUser t;
    t.enrollId = u.enroll_id();
    t.name = cleanText(u.name());
    t.admin = static_cast<int>(u.admin());
    t.disabled = u.disabled();
    t.credentials.reserve(u.credentials_size());
    for (const pb::Credential &c : u.credentials())
        t.credentials.append(
            {static_cast<int>(c.backup_num()), QByteArray(c.data().data(), qsizetype(c.data().size()))});
    return t;
}

bool userToWire(const TcpUser &t, pb::User *u)
{
    if (!isWireEnrollId(t.enrollId))
        return false;
    u->set_enroll_id(quint32(t.enrollId));
    u->set_name(toWire(t.name));
    u->set_admin(static_cast<quint32>(t.admin));
    u->set_disabled(t.disabled);
    for (const auto &[backupNum, data] : t.credentials) {
        if (backupNum < 0)
            return false;
        pb::Credential *c = u->add_credentials();
        c->set_backup_num(quint32(backupNum));
        c->set_data(std::string(data.constData(), size_t(data.size())));
    }
    return true;
}

TcpPunch punchFromWire(const pb::Punch &p)
{
    TcpPunch t;
    t.enrollId = p.enroll_id();
    t.utcSeconds2020 = p.time();
    t.verifyMode = static_cast<int>(p.verify_mode());
    t.inOut = static_cast<int>(p.in_out());
    t.event = static_cast<int>(p.event());
    t.temperature = temperatureFromWire(p.temperature());
    return t;
}

TcpAlarm alarmFromWire(const pb::Alarm &a)
{
    return {a.code(), cleanText(a.text()), a.time()};
}

pb::ReadTarget targetToWire(ReadTarget t)
{
    switch (t) {
    case ReadTarget::DeviceStatus:
        return pb::DEVICE_STATUS;
    case ReadTarget::Users:
        return pb::USERS;
    case ReadTarget::Punches:
        return pb::PUNCHES;
    }
    return pb::DEVICE_STATUS;
}

} // namespace termdesk::tcp::wire
