// SPDX-License-Identifier: GPL-3.0-or-later
// The server's side of the TCP protocol bodies (docs/protocol-tcp.md "Bodies"): what a terminal sends
// (Report, the answers to our requests, the login code) parsed, what we send encoded. The protobuf
// plumbing is in protobufbody.cpp, the model ⇄ message conversions in modelwire.cpp; the terminal's
// side, which only the tests play, in tests/common/tcpterminalbodies.cpp.
#include "tcpbodies.h"

#include "modelwire.h"
#include "protobufbody.h"

#include <QStringDecoder>

namespace termdesk::tcp {

using namespace wire;

// ---- parsing (terminal → server) ----

std::optional<TcpReport> parseReport(QByteArrayView body)
{
    pb::Report m;
    if (!parseInto(m, body))
        return std::nullopt;
    TcpReport r;
    r.sequence = m.sequence();
    r.punches = punchesFromWire(m.punches());
    if (m.has_status())
        r.status = statusFromWire(m.status());
    r.alarms.reserve(m.alarms_size());
    for (const pb::Alarm &a : m.alarms())
        r.alarms.append(alarmFromWire(a));
    r.users = usersFromWire(m.users());
    return r;
}

std::optional<TcpReadResponse> parseReadResponse(QByteArrayView body)
{
    pb::ReadResponse m;
    if (!parseInto(m, body))
        return std::nullopt;
    TcpReadResponse r;
    r.sequence = m.sequence();
    r.ok = m.ok();
    r.error = cleanText(m.error());
    if (m.has_status())
        r.status = statusFromWire(m.status());
    r.users = usersFromWire(m.users());
    r.punches = punchesFromWire(m.punches());
    r.more = m.more();
    return r;
}

std::optional<TcpWriteResponse> parseWriteResponse(QByteArrayView body)
{
    pb::WriteResponse m;
    if (!parseInto(m, body))
        return std::nullopt;
    return TcpWriteResponse{m.sequence(), m.ok(), cleanText(m.error())};
}

// ---- encoding (server → terminal) ----

QByteArray encodeAck(qint32 sequence)
{
    pb::Ack m;
    m.set_sequence(sequence);
    return serialize(m);
}

QByteArray encodeServerTime(qint64 epochMs)
{
    pb::ServerTime m;
    m.set_epoch_ms(epochMs);
    return serialize(m);
}

QByteArray encodeServerAddress(const QString &hostPort)
{
    pb::ServerAddress m;
    m.set_address(toWire(hostPort));
    return serialize(m);
}

QByteArray encodeLoginReply(const TcpLoginReply &reply)
{
    pb::LoginReply m;
    m.set_accepted(reply.accepted);
    m.set_reason(toWire(reply.reason));
    m.set_terminal_id(reply.terminalId);
    m.set_server_time_ms(reply.serverTimeMs);
    return serialize(m);
}

QByteArray encodeReadRequest(const TcpReadRequest &request)
{
    pb::ReadRequest m;
    m.set_sequence(request.sequence);
    m.set_target(targetToWire(request.target));
    m.set_from_time(request.fromTime);
    m.set_to_time(request.toTime);
    m.set_offset(request.offset);
    m.set_limit(request.limit);
    return serialize(m);
}

QByteArray encodeWriteRequest(const TcpWriteRequest &request)
{
    pb::WriteRequest m;
    m.set_sequence(request.sequence);
    for (const TcpUser &u : request.upsertUsers) {
        if (!userToWire(u, m.add_upsert_users()))
            return {};
    }
    for (const qint64 id : request.deleteEnrollIds) {
        if (!isWireEnrollId(id))
            return {};
        m.add_delete_enroll_ids(quint32(id));
    }
    m.set_set_time_ms(request.setTimeMs);
    m.set_clear_punches(request.clearPunches);
    m.set_open_door(request.openDoor);
    m.set_reboot(request.reboot);
    return serialize(m);
}

std::optional<QString> parseLoginCode(QByteArrayView body)
{
    if (body.isEmpty() || body.size() > TCP_MAX_CODE_BYTES)
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString code = stripPadding(decoder.decode(body));
    if (decoder.hasError())
        return std::nullopt;
    if (code.isEmpty())
        return std::nullopt;
    for (const QChar c : code) {
        if (c.category() == QChar::Other_Control)
            return std::nullopt;
    }
    return code;
}

} // namespace termdesk::tcp
