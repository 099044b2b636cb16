// SPDX-License-Identifier: GPL-3.0-or-later
// Protobuf bodies of the TCP binary protocol ↔ core model (docs/protocol-tcp.md "Bodies").
// The only translation unit that sees the generated classes.
#include "tcpbodies.h"

#include "terminal.pb.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>
#if GOOGLE_PROTOBUF_VERSION < 4022000
#include <google/protobuf/stubs/logging.h>
#define TERMDESK_PROTOBUF_LOG_HANDLER 1
#endif

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStringDecoder>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace termdesk::tcp {

namespace pb = termdesk::tcp::v1;

namespace {

Q_LOGGING_CATEGORY(lcBodies, "termdesk.tcp.bodies", QtWarningMsg)

constexpr quint32 U32_MAX = std::numeric_limits<quint32>::max();

#ifdef TERMDESK_PROTOBUF_LOG_HANDLER
/// libprotobuf writes its complaints (e.g. invalid UTF-8 in a string field) to stderr; a hostile
/// peer could fill it. The caller logs the protocol error itself, so they go to debug output.
void protobufLog(google::protobuf::LogLevel level, const char *file, int line, const std::string &message)
{
    if (level >= google::protobuf::LOGLEVEL_FATAL)
        qCCritical(lcBodies, "libprotobuf %s:%d: %s", file, line, message.c_str());
    else
        qCDebug(lcBodies, "libprotobuf %s:%d: %s", file, line, message.c_str());
}
#endif

void routeProtobufLogs()
{
#ifdef TERMDESK_PROTOBUF_LOG_HANDLER
    static const bool routed = [] {
        google::protobuf::SetLogHandler(&protobufLog);
        return true;
    }();
    Q_UNUSED(routed);
#endif
}

/// libprotobuf keeps a known field that arrives with another (valid) wire type as an unknown
/// field and leaves the field at its default: an enroll_id sent as a string would become 0, a
/// door event. We refuse such a body instead. Packed / unpacked repeated scalars are parsed by
/// libprotobuf itself and never land here.
bool hasMistypedKnownField(const google::protobuf::Message &m)
{
    const google::protobuf::Reflection *reflection = m.GetReflection();
    const google::protobuf::Descriptor *descriptor = m.GetDescriptor();
    const google::protobuf::UnknownFieldSet &unknown = reflection->GetUnknownFields(m);
    for (int i = 0; i < unknown.field_count(); ++i) {
        if (descriptor->FindFieldByNumber(unknown.field(i).number()))
            return true;
    }
    std::vector<const google::protobuf::FieldDescriptor *> fields;
    reflection->ListFields(m, &fields);
    for (const google::protobuf::FieldDescriptor *f : fields) {
        if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE)
            continue;
        if (f->is_repeated()) {
            const int n = reflection->FieldSize(m, f);
            for (int j = 0; j < n; ++j) {
                if (hasMistypedKnownField(reflection->GetRepeatedMessage(m, f, j)))
                    return true;
            }
        } else if (hasMistypedKnownField(reflection->GetMessage(m, f))) {
            return true;
        }
    }
    return false;
}

/// Parses `body` into `m`; false when it is not a valid message of that type: libprotobuf's
/// verdict (truncated varint, length past the end, invalid wire type, unmatched group, invalid
/// UTF-8 in a string field...) plus a known field with the wrong wire type (see above).
/// Unknown field numbers are accepted (proto3).
template <typename Message> bool parseInto(Message &m, QByteArrayView body)
{
    routeProtobufLogs();
    if (body.size() > qsizetype(std::numeric_limits<int>::max()))
        return false;
    if (!m.ParseFromArray(body.isEmpty() ? "" : body.data(), int(body.size())))
        return false;
    return !hasMistypedKnownField(m);
}

template <typename Message> QByteArray serialize(const Message &m)
{
    const size_t size = m.ByteSizeLong();
    if (size > size_t(std::numeric_limits<int>::max()))
        return {};
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (!m.SerializeToArray(out.data(), int(size)))
        return {};
    return out;
}

QString fromWire(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string toWire(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return std::string(utf8.constData(), size_t(utf8.size()));
}

bool isPadding(QChar c)
{
    return c.isNull() || c.isSpace();
}

/// NULs (C-string padding) and white space around the text dropped.
QString stripPadding(QString s)
{
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && isPadding(s.at(begin)))
        ++begin;
    while (end > begin && isPadding(s.at(end - 1)))
        --end;
    if (begin > 0 || end < s.size())
        s = s.mid(begin, end - begin);
    return s;
}

/// Text for display, from a protobuf string field.
QString cleanText(const std::string &wire)
{
    return stripPadding(fromWire(wire));
}

quint32 clampU32(qint64 v)
{
    return v < 0 ? 0 : v > qint64(U32_MAX) ? U32_MAX : quint32(v);
}

bool isWireEnrollId(qint64 id)
{
    return id >= 0 && id <= TCP_MAX_ENROLL_ID;
}

// ---- temperature ----

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

float temperatureToWire(const std::optional<double> &t)
{
    if (!t || !std::isfinite(*t))
        return 0.0f;
    const float f = float(*t);
    return std::isfinite(f) ? f : 0.0f;
}

// ---- DeviceStatus ----

std::optional<qint64> capacity(quint32 v)
{
    // A capacity of 0 means "not reported" (proto3 cannot tell absent from 0).
    return v == 0 ? std::nullopt : std::optional<qint64>(v);
}

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

// ---- User, Punch, Alarm ----

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

TcpAlarm alarmFromWire(const pb::Alarm &a)
{
    return {a.code(), cleanText(a.text()), a.time()};
}

void alarmToWire(const TcpAlarm &t, pb::Alarm *a)
{
    a->set_code(t.code);
    a->set_text(toWire(t.text));
    a->set_time(t.utcSeconds2020);
}

template <typename Repeated> QList<TcpUser> usersFromWire(const Repeated &users)
{
    QList<TcpUser> out;
    out.reserve(users.size());
    for (const pb::User &u : users)
        out.append(userFromWire(u));
    return out;
}

template <typename Repeated> QList<TcpPunch> punchesFromWire(const Repeated &punches)
{
    QList<TcpPunch> out;
    out.reserve(punches.size());
    for (const pb::Punch &p : punches)
        out.append(punchFromWire(p));
    return out;
}

// ---- ReadTarget ----

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

// ---- the terminal side ----

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
