// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal's side of the TCP protocol bodies, for the tests (tcpterminalbodies.h), written with
// the product's protobuf plumbing and model conversions (core/tcp/protobufbody.h, modelwire.h).
#include "tcpterminalbodies.h"

#include "tcp/modelwire.h"
#include "tcp/protobufbody.h"

#include <cmath>

namespace termdesk::tcp {

using namespace wire;

namespace {

float temperatureToWire(const std::optional<double> &t)
{
    if (!t || !std::isfinite(*t))
        return 0.0f;
    const float f = float(*t);
    return std::isfinite(f) ? f : 0.0f;
}

void statusToWire(const TerminalInfo &i, pb::DeviceStatus *s)
{
    s->set_model(toWire(i.model));
    s->set_firmware(toWire(i.firmware));
    s->set_user_capacity(clampU32(i.userCapacity.value_or(0)));
    s->set_users_used(clampU32(i.usersUsed.value_or(0)));
    s->set_fp_capacity(clampU32(i.fpCapacity.value_or(0)));
    s->set_fps_used(clampU32(i.fpsUsed.value_or(0)));
    s->set_card_capacity(clampU32(i.cardCapacity.value_or(0)));
    s->set_cards_used(clampU32(i.cardsUsed.value_or(0)));
    s->set_log_capacity(clampU32(i.logCapacity.value_or(0)));
    s->set_logs_used(clampU32(i.logsUsed.value_or(0)));
    s->set_new_logs(clampU32(i.newLogs.value_or(0)));
    s->set_battery_percent(clampU32(i.batteryPercent.value_or(0)));
}

bool punchToWire(const TcpPunch &t, pb::Punch *p)
{
    if (!isWireEnrollId(t.enrollId))
        return false;
    p->set_enroll_id(quint32(t.enrollId));
    p->set_time(t.utcSeconds2020);
    p->set_verify_mode(static_cast<quint32>(t.verifyMode));
    p->set_in_out(static_cast<quint32>(t.inOut));
    p->set_event(static_cast<quint32>(t.event));
    p->set_temperature(temperatureToWire(t.temperature));
    return true;
}

void alarmToWire(const TcpAlarm &t, pb::Alarm *a)
{
    a->set_code(t.code);
    a->set_text(toWire(t.text));
    a->set_time(t.utcSeconds2020);
}

std::optional<ReadTarget> targetFromWire(int t)
{
    switch (t) {
    case pb::DEVICE_STATUS:
        return ReadTarget::DeviceStatus;
    case pb::USERS:
        return ReadTarget::Users;
    case pb::PUNCHES:
        return ReadTarget::Punches;
    default:
        return std::nullopt; // proto3 enums are open: an unknown target parses, we refuse it
    }
}

} // namespace

QByteArray encodeReport(const TcpReport &report)
{
    pb::Report m;
    m.set_sequence(report.sequence);
    for (const TcpPunch &p : report.punches) {
        if (!punchToWire(p, m.add_punches()))
            return {};
    }
    if (report.status)
        statusToWire(*report.status, m.mutable_status());
    for (const TcpAlarm &a : report.alarms)
        alarmToWire(a, m.add_alarms());
    for (const TcpUser &u : report.users) {
        if (!userToWire(u, m.add_users()))
            return {};
    }
    return serialize(m);
}

QByteArray encodeReadResponse(const TcpReadResponse &response)
{
    pb::ReadResponse m;
    m.set_sequence(response.sequence);
    m.set_ok(response.ok);
    m.set_error(toWire(response.error));
    if (response.status)
        statusToWire(*response.status, m.mutable_status());
    for (const TcpUser &u : response.users) {
        if (!userToWire(u, m.add_users()))
            return {};
    }
    for (const TcpPunch &p : response.punches) {
        if (!punchToWire(p, m.add_punches()))
            return {};
    }
    m.set_more(response.more);
    return serialize(m);
}

QByteArray encodeWriteResponse(const TcpWriteResponse &response)
{
    pb::WriteResponse m;
    m.set_sequence(response.sequence);
    m.set_ok(response.ok);
    m.set_error(toWire(response.error));
    return serialize(m);
}

std::optional<qint32> parseAck(QByteArrayView body)
{
    pb::Ack m;
    if (!parseInto(m, body))
        return std::nullopt;
    return m.sequence();
}

std::optional<qint64> parseServerTime(QByteArrayView body)
{
    pb::ServerTime m;
    if (!parseInto(m, body))
        return std::nullopt;
    return m.epoch_ms();
}

std::optional<QString> parseServerAddress(QByteArrayView body)
{
    pb::ServerAddress m;
    if (!parseInto(m, body))
        return std::nullopt;
    return fromWire(m.address());
}

std::optional<TcpLoginReply> parseLoginReply(QByteArrayView body)
{
    pb::LoginReply m;
    if (!parseInto(m, body))
        return std::nullopt;
    return TcpLoginReply{m.accepted(), fromWire(m.reason()), m.terminal_id(), m.server_time_ms()};
}

std::optional<TcpReadRequest> parseReadRequest(QByteArrayView body)
{
    pb::ReadRequest m;
    if (!parseInto(m, body))
        return std::nullopt;
    const std::optional<ReadTarget> target = targetFromWire(m.target());
    if (!target)
        return std::nullopt;
    return TcpReadRequest{m.sequence(), *target, m.from_time(), m.to_time(), m.offset(), m.limit()};
}

std::optional<TcpWriteRequest> parseWriteRequest(QByteArrayView body)
{
    pb::WriteRequest m;
    if (!parseInto(m, body))
        return std::nullopt;
    TcpWriteRequest r;
    r.sequence = m.sequence();
    r.upsertUsers = usersFromWire(m.upsert_users());
    r.deleteEnrollIds.reserve(m.delete_enroll_ids_size());
    for (const quint32 id : m.delete_enroll_ids())
        r.deleteEnrollIds.append(id);
    r.setTimeMs = m.set_time_ms();
    r.clearPunches = m.clear_punches();
    r.openDoor = m.open_door();
    r.reboot = m.reboot();
    return r;
}

} // namespace termdesk::tcp
