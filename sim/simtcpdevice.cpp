// SPDX-License-Identifier: GPL-3.0-or-later
#include "simtcpdevice.h"

#include "punchchoice.h"

#include "tcpframe.h"

#include <QDate>
#include <QDateTime>
#include <QTime>

#include <algorithm>
#include <array>
#include <limits>

namespace termdesk::sim {
namespace {

namespace v1 = termdesk::tcp::v1;

constexpr qint64 SECONDS_PER_DAY = 86400;
constexpr qint64 JULIAN_DAY_2020 = 2458850; // 2020-01-01
constexpr int DEFAULT_USER_PAGE = 100;
constexpr int MAX_USER_PAGE = 1000;
constexpr int DEFAULT_PUNCH_PAGE = 500;
constexpr int MAX_PUNCH_PAGE = TcpTerminalOptions::MAX_PUNCHES_PER_REPORT;
constexpr size_t MAX_RESPONSE_BYTES = 60000; // under the 65535-byte body limit, with room for the rest

// FNV-1a over the UTF-8 code: stable across runs and Qt versions.
quint32 stableHash(const QString &text)
{
    quint32 h = 2166136261u;
    for (const char c : text.toUtf8()) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    return h;
}

// SplitMix64: a per-user generator that costs nothing to seed (QRandomGenerator seeds a whole Mersenne
// Twister, far too slow for millions of users).
class UserRng
{
public:
    explicit UserRng(quint64 seed) : m_state(seed) {}
    quint32 bounded(quint32 n) { return quint32((next() >> 32) % n); }

private:
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    quint64 m_state;
};

QByteArray randomBytes(UserRng &rng, int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (char &c : b)
        c = char(rng.bounded(256));
    return b;
}

} // namespace

template <typename Add> quint32 SimTcpDevice::populationCredentials(quint32 enrollId, Add &&add) const
{
    UserRng u((quint64(m_seed) << 32) ^ enrollId);
    const quint32 admin = (enrollId == 1 || u.bounded(50) == 0) ? 1 : 0;
    bool any = false;
    if (m_faceModel) {
        if (u.bounded(100) < 92) {
            add(50u);
            any = true;
        }
        if (u.bounded(100) < 20) {
            add(0u);
            any = true;
        }
    } else {
        add(0u);
        any = true;
        if (u.bounded(100) < 40)
            add(1u);
    }
    if (u.bounded(100) < 15) {
        add(10u);
        any = true;
    }
    if (u.bounded(100) < 40 || !any)
        add(11u);
    return admin;
}

SimTcpDevice::SimTcpDevice(const TcpTerminalOptions &options)
    : m_code(options.code), m_model(options.model.isEmpty() ? QStringLiteral("TcpFace") : options.model),
      m_seed(options.seed), m_population(quint32(std::max(1, options.users))), m_doorEventRate(options.doorEvents),
      m_liveClock(options.liveClock), m_rng(options.seed ^ stableHash(options.code) ^ 0x5bd1e995u)
{
    m_faceModel = m_model.contains(QLatin1String("face"), Qt::CaseInsensitive);
    QRandomGenerator id(options.seed * 2654435761u + stableHash(options.code));
    m_terminalId = (stableHash(options.code) ^ (options.seed * 2246822519u)) & 0xffffffu;
    if (m_terminalId == 0)
        m_terminalId = 1;
    static constexpr std::array userSizes{1000u, 3000u, 5000u, 10000u, 30000u, 100000u};
    m_userCapacity = userSizes.back();
    for (const quint32 size : userSizes) {
        if (size >= m_population && id.bounded(3) != 0) {
            m_userCapacity = size;
            break;
        }
    }
    m_userCapacity = std::max(m_userCapacity, m_population);
    static constexpr std::array logSizes{100000u, 200000u, 500000u, 1000000u};
    m_logCapacity = logSizes[id.bounded(int(logSizes.size()))];
    m_logBase = id.bounded(m_logCapacity / 10);
    m_battery = 40 + id.bounded(61);
    m_thermometer = m_faceModel && id.bounded(2) == 0;
    m_firmware = m_faceModel
                     ? QStringLiteral("TF-%1.%2").arg(id.bounded(3) + 2).arg(id.bounded(100), 2, 10, QLatin1Char('0'))
                     : QStringLiteral("TP-%1.%2").arg(id.bounded(2) + 1).arg(id.bounded(100), 2, 10, QLatin1Char('0'));

    m_userModes.reserve(m_population);
    for (quint32 enrollId = 1; enrollId <= m_population; ++enrollId) {
        quint8 modes = 0;
        populationCredentials(enrollId, [&](quint32 backupNum) {
            if (backupNum < 10) {
                modes |= FINGER;
                ++m_fpsUsed;
            } else if (backupNum == 10) {
                modes |= PASSWORD;
            } else if (backupNum == 11) {
                modes |= CARD;
                ++m_cardsUsed;
            } else {
                modes |= FACE;
            }
        });
        m_userModes.append(modes);
    }
    m_nextTime = m_liveClock ? terminalTime() : terminalTime() - quint32(SECONDS_PER_DAY);
}

v1::User SimTcpDevice::populationUser(quint32 enrollId) const
{
    v1::User user;
    user.set_enroll_id(enrollId);
    user.set_name(QStringLiteral("User %1").arg(enrollId).toStdString());
    user.set_admin(populationCredentials(enrollId, [&](quint32 backupNum) {
        // The data has its own generator, so that counting credentials does not need it.
        UserRng d(((quint64(m_seed) << 32) ^ enrollId) * 131 + backupNum + 1);
        QByteArray data;
        if (backupNum < 10)
            data = randomBytes(d, 48); // a fingerprint template
        else if (backupNum == 10)
            data = QByteArray::number(1000 + d.bounded(9000));
        else if (backupNum == 11)
            data = QByteArray::number(10000000 + d.bounded(89999999));
        else
            data = QByteArray("\xff\xd8\xff\xe0", 4) + randomBytes(d, 28); // a (very small) JPEG photo
        v1::Credential *c = user.add_credentials();
        c->set_backup_num(backupNum);
        c->set_data(data.toStdString());
    }));
    return user;
}

std::optional<v1::User> SimTcpDevice::userAt(quint32 enrollId) const
{
    if (const auto it = m_upserted.find(enrollId); it != m_upserted.end())
        return it->second;
    if (enrollId >= 1 && enrollId <= m_population && !m_deleted.contains(enrollId))
        return populationUser(enrollId);
    return std::nullopt;
}

void SimTcpDevice::count(const v1::User &user, int sign)
{
    for (const v1::Credential &c : user.credentials()) {
        if (c.backup_num() < 10)
            m_fpsUsed += sign;
        else if (c.backup_num() == 11)
            m_cardsUsed += sign;
    }
}

qsizetype SimTcpDevice::userCount() const
{
    const auto extra = std::distance(m_upserted.upper_bound(m_population), m_upserted.end());
    return qsizetype(m_population) - qsizetype(m_deleted.size()) + qsizetype(extra);
}

int SimTcpDevice::appendUsers(google::protobuf::RepeatedPtrField<v1::User> *out, qsizetype offset, int limit,
                              size_t maxBytes) const
{
    int added = 0;
    size_t bytes = 0;
    auto append = [&](const v1::User &u) {
        const size_t size = u.ByteSizeLong() + 4; // + tag and length
        if (added > 0 && bytes + size > maxBytes)
            return false;
        *out->Add() = u;
        bytes += size;
        ++added;
        return added < limit;
    };
    const qsizetype populationPresent = qsizetype(m_population) - qsizetype(m_deleted.size());
    if (offset < populationPresent) {
        // The (offset+1)-th enrollid of 1..population that is not deleted.
        qint64 enrollId = offset + 1;
        for (const quint32 d : m_deleted) {
            if (d <= enrollId)
                ++enrollId;
            else
                break;
        }
        for (; enrollId <= qint64(m_population); ++enrollId) {
            const auto u = userAt(quint32(enrollId));
            if (u && !append(*u))
                return added;
        }
        offset = populationPresent;
    }
    auto it = m_upserted.upper_bound(m_population);
    for (qsizetype skip = offset - populationPresent; skip > 0 && it != m_upserted.end(); --skip)
        ++it;
    for (; it != m_upserted.end(); ++it) {
        if (!append(it->second))
            break;
    }
    return added;
}

QList<SimUser> SimTcpDevice::users() const
{
    google::protobuf::RepeatedPtrField<v1::User> all;
    appendUsers(&all, 0, std::numeric_limits<int>::max(), std::numeric_limits<size_t>::max());
    QList<SimUser> out;
    for (const v1::User &u : all) {
        SimUser s;
        s.enrollId = u.enroll_id();
        s.name = QString::fromStdString(u.name());
        s.admin = int(u.admin());
        s.enabled = !u.disabled();
        for (const v1::Credential &c : u.credentials()) {
            const QByteArray bytes = QByteArray::fromStdString(c.data());
            const int b = int(c.backup_num());
            s.credentials.insert(b, b <= 9               ? QString::fromLatin1(bytes.toHex())
                                    : b == 10 || b == 11 ? QString::fromUtf8(bytes).trimmed()
                                                         : QString::fromLatin1(bytes.toBase64()));
        }
        out.append(s);
    }
    return out;
}

void SimTcpDevice::appendRecord(TcpLogRecord record)
{
    if (m_liveClock)
        m_nextTime = std::max(m_nextTime, terminalTime());
    record.time = m_nextTime++; // strictly increasing: (code, enrollid, time, ...) never repeats
    m_log.append(record);
    if (record.isDoorEvent())
        ++m_doorEvents;
    else
        ++m_attendance;
}

void SimTcpDevice::generatePunches(int n)
{
    for (int i = 0; i < n; ++i) {
        const PunchChoice c = choosePunch(m_rng, m_population, m_userModes, m_thermometer);
        TcpLogRecord r{};
        r.enrollId = c.enrollId;
        r.mode = c.mode;
        r.inOut = c.inOut;
        r.event = 0;
        r.tempTenths = c.tempTenths;
        appendRecord(r);
        if (m_doorEventRate > 0 && m_rng.generateDouble() < m_doorEventRate)
            addDoorEvent(int(m_rng.bounded(3))); // closed, opened, opened by the exit button
    }
}

void SimTcpDevice::addDoorEvent(int event)
{
    TcpLogRecord r{};
    r.event = quint8(event);
    appendRecord(r);
}

PunchKey SimTcpDevice::key(const TcpLogRecord &r) const
{
    return PunchKey{m_code, r.enrollId, formatUtc(r.time), r.mode, r.inOut, r.event, true};
}

void SimTcpDevice::toProto(const TcpLogRecord &r, v1::Punch *p) const
{
    p->set_enroll_id(quint32(r.enrollId));
    p->set_time(r.time);
    p->set_verify_mode(r.mode);
    p->set_in_out(r.inOut);
    p->set_event(r.event);
    if (r.tempTenths != 0)
        p->set_temperature(float(r.tempTenths) / 10.0f);
}

void SimTcpDevice::fillStatus(v1::DeviceStatus *s, qsizetype undelivered) const
{
    s->set_model(m_model.toStdString());
    s->set_firmware(m_firmware.toStdString());
    s->set_user_capacity(m_userCapacity);
    s->set_users_used(quint32(userCount()));
    s->set_fp_capacity(m_userCapacity);
    s->set_fps_used(quint32(std::max<qint64>(0, m_fpsUsed)));
    s->set_card_capacity(m_userCapacity);
    s->set_cards_used(quint32(std::max<qint64>(0, m_cardsUsed)));
    s->set_log_capacity(m_logCapacity);
    s->set_logs_used(m_logBase + quint32(m_log.size()));
    s->set_new_logs(quint32(undelivered));
    s->set_battery_percent(m_battery);
}

qint64 SimTcpDevice::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_clockOffsetMs;
}

quint32 SimTcpDevice::terminalTime() const
{
    return TcpFrame::toSeconds2020(nowMs());
}

void SimTcpDevice::read(const v1::ReadRequest &request, v1::ReadResponse *response, qsizetype undelivered) const
{
    response->set_sequence(request.sequence());
    response->set_ok(true);
    switch (request.target()) {
    case v1::DEVICE_STATUS:
        fillStatus(response->mutable_status(), undelivered);
        return;
    case v1::USERS: {
        const int limit =
            request.limit() == 0 ? DEFAULT_USER_PAGE : int(std::min<quint32>(request.limit(), MAX_USER_PAGE));
        const qsizetype offset = qsizetype(request.offset());
        const int n = appendUsers(response->mutable_users(), offset, limit, MAX_RESPONSE_BYTES);
        response->set_more(offset + n < userCount());
        return;
    }
    case v1::PUNCHES: {
        const int limit =
            request.limit() == 0 ? DEFAULT_PUNCH_PAGE : int(std::min<quint32>(request.limit(), MAX_PUNCH_PAGE));
        auto byTime = [](const TcpLogRecord &r, quint32 t) { return r.time < t; };
        const auto first = std::lower_bound(m_log.cbegin(), m_log.cend(), request.from_time(), byTime);
        auto last = m_log.cend();
        if (request.to_time() != 0)
            last = std::upper_bound(first, m_log.cend(), request.to_time(),
                                    [](quint32 t, const TcpLogRecord &r) { return t < r.time; });
        const qsizetype available = std::max<qsizetype>(0, (last - first) - qsizetype(request.offset()));
        const qsizetype n = std::min<qsizetype>(available, limit);
        for (auto it = first + std::min<qsizetype>(request.offset(), last - first), end = it + n; it != end; ++it)
            toProto(*it, response->add_punches());
        response->set_more(n < available);
        return;
    }
    default:
        response->set_ok(false);
        response->set_error("unknown read target " + std::to_string(int(request.target())));
        return;
    }
}

SimTcpDevice::WriteOutcome SimTcpDevice::write(const v1::WriteRequest &request, v1::WriteResponse *response,
                                               qsizetype delivered)
{
    response->set_sequence(request.sequence());
    // Validate everything first: a refused request changes nothing.
    for (const v1::User &u : request.upsert_users()) {
        if (u.enroll_id() == 0) {
            response->set_ok(false);
            response->set_error("upsert_users: enroll_id 0 is not a user");
            return {};
        }
    }
    if (request.set_time_ms() < 0) {
        response->set_ok(false);
        response->set_error("set_time_ms before 1970");
        return {};
    }
    WriteOutcome out;
    for (const v1::User &u : request.upsert_users()) {
        if (const auto old = userAt(u.enroll_id()))
            count(*old, -1);
        m_upserted[u.enroll_id()] = u;
        m_deleted.erase(u.enroll_id());
        count(u, +1);
    }
    for (const quint32 enrollId : request.delete_enroll_ids()) {
        if (const auto old = userAt(enrollId))
            count(*old, -1);
        m_upserted.erase(enrollId);
        if (enrollId >= 1 && enrollId <= m_population)
            m_deleted.insert(enrollId);
    }
    if (request.set_time_ms() != 0)
        m_clockOffsetMs = request.set_time_ms() - QDateTime::currentMSecsSinceEpoch();
    if (request.clear_punches() && delivered > m_cleared) {
        m_log.remove(0, delivered - m_cleared); // the device keeps what it has not reported yet
        m_cleared = delivered;
    }
    if (request.open_door()) {
        addDoorEvent(3); // opened by software
        out.logChanged = true;
    }
    out.reboot = request.reboot();
    response->set_ok(true);
    return out;
}

QString SimTcpDevice::formatUtc(quint32 seconds2020)
{
    const qint64 days = qint64(seconds2020) / SECONDS_PER_DAY;
    const qint64 secs = qint64(seconds2020) % SECONDS_PER_DAY;
    const QDate date = QDate::fromJulianDay(JULIAN_DAY_2020 + days);
    const QTime time = QTime::fromMSecsSinceStartOfDay(int(secs * 1000));
    return date.toString(QStringLiteral("yyyy-MM-dd")) + u' ' + time.toString(QStringLiteral("HH:mm:ss"));
}

} // namespace termdesk::sim
