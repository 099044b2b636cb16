// SPDX-License-Identifier: GPL-3.0-or-later
#include "simdevice.h"

#include "punchchoice.h"

#include "simjson.h"

#include <QDate>
#include <QDateTime>
#include <QTime>

#include <algorithm>
#include <array>

namespace termdesk::sim {
namespace {

constexpr qint64 SECONDS_PER_DAY = 86400;
constexpr qint64 UNIX_EPOCH_JULIAN_DAY = 2440588;

// FNV-1a: a stable hash of the serial, so that two terminals with the same seed still differ.
quint32 stableHash(const QString &text)
{
    quint32 h = 2166136261u;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

QString hexDigits(QRandomGenerator &rng, int n)
{
    QString s;
    for (int i = 0; i < n; ++i)
        s.append(QChar::fromLatin1("0123456789ABCDEF"[rng.bounded(16)]));
    return s;
}

} // namespace

SimDevice::SimDevice(const TerminalOptions &options)
    : m_sn(options.sn), m_model(options.model.isEmpty() ? QStringLiteral("AiFace") : options.model),
      m_users(std::max(1, options.users)), m_doorEventRate(options.doorEvents), m_liveClock(options.liveClock),
      m_rng(options.seed ^ stableHash(options.sn)), m_seed(options.seed)
{
    m_faceModel = m_model.contains(QLatin1String("face"), Qt::CaseInsensitive) ||
                  m_model.startsWith(QLatin1String("ai"), Qt::CaseInsensitive);

    // Identity and capacities come from their own generator, so they do not depend on the punches.
    QRandomGenerator id(options.seed * 2654435761u + stableHash(options.sn));
    m_cpusn = hexDigits(id, 16);
    m_mac = QStringLiteral("00-01-A9-%1-%2-%3").arg(hexDigits(id, 2), hexDigits(id, 2), hexDigits(id, 2));
    static constexpr std::array userSizes{1000, 3000, 5000, 10000, 20000, 50000, 100000};
    m_userSize = userSizes.back();
    for (const int size : userSizes) {
        if (size >= m_users && id.bounded(3) != 0) {
            m_userSize = size;
            break;
        }
    }
    m_userSize = std::max(m_userSize, m_users);
    static constexpr std::array logSizes{100000, 200000, 500000, 1000000};
    m_logSize = logSizes[id.bounded(int(logSizes.size()))];
    m_logBase = id.bounded(m_logSize / 10); // records delivered before the simulation started
    m_thermometer = m_faceModel && id.bounded(2) == 0;
    if (m_faceModel) {
        static constexpr std::array faceFirmware{"ai806_f06v_v5.06", "AiF43V_v4.50", "ai518_f43h_v1.27",
                                                 "ai806_fp50h_v4.57"};
        m_firmware = QString::fromLatin1(faceFirmware[id.bounded(int(faceFirmware.size()))]);
    } else {
        static constexpr std::array fpFirmware{"th600w v6.1", "TH900_click V5.0"};
        m_firmware = QString::fromLatin1(fpFirmware[id.bounded(int(fpFirmware.size()))]);
    }

    // The user population: each user's credentials are a function of (seed, enrollid) only.
    m_userModes.reserve(m_users);
    for (int enrollId = 1; enrollId <= m_users; ++enrollId) {
        QRandomGenerator u(options.seed * 40503u + quint32(enrollId) * 2246822519u);
        const quint8 admin = (enrollId == 1 || u.bounded(50) == 0) ? 1 : 0;
        quint8 modes = 0;
        auto add = [&](quint8 bit, quint8 backupNum) {
            modes |= bit;
            m_credentials.append(UserCredential{enrollId, backupNum, admin});
        };
        if (m_faceModel) {
            if (u.bounded(100) < 92)
                add(FACE, 50);
            if (u.bounded(100) < 20)
                add(FINGER, 0);
        } else {
            add(FINGER, 0);
            if (u.bounded(100) < 40)
                add(FINGER, 1);
        }
        if (u.bounded(100) < 15)
            add(PASSWORD, 10);
        if (u.bounded(100) < 40 || modes == 0)
            add(CARD, 11);
        m_userModes.append(modes);
    }
    for (const UserCredential &c : std::as_const(m_credentials)) {
        if (c.backupNum < 10)
            ++m_usedFp;
        else if (c.backupNum == 10)
            ++m_usedPwd;
        else if (c.backupNum == 11)
            ++m_usedCard;
        else
            ++m_usedFace;
    }

    m_nextTime = m_liveClock ? now() : localWallClock() - SECONDS_PER_DAY;
}

void SimDevice::appendRecord(LogRecord record)
{
    if (m_liveClock)
        m_nextTime = std::max(m_nextTime, now());
    record.time = m_nextTime++; // strictly increasing: (sn, enrollid, time, ...) never repeats
    m_log.append(record);
    if (record.isDoorEvent())
        ++m_doorEvents;
    else
        ++m_attendance;
}

void SimDevice::generatePunches(int n)
{
    for (int i = 0; i < n; ++i) {
        const PunchChoice c = choosePunch(m_rng, m_users, m_userModes, m_thermometer);
        LogRecord r{};
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

void SimDevice::addDoorEvent(int event)
{
    LogRecord r{};
    r.enrollId = 0;
    r.event = quint8(event);
    appendRecord(r);
}

PunchKey SimDevice::key(const LogRecord &record) const
{
    return PunchKey{m_sn, record.enrollId, formatTime(record.time), record.mode, record.inOut, record.event};
}

void SimDevice::writeRecord(JsonWriter &w, const LogRecord &r, bool numbersAsStrings) const
{
    w.beginObject();
    w.key("enrollid").number(r.enrollId, numbersAsStrings);
    char time[TIME_TEXT_SIZE];
    formatTime(r.time, time);
    w.key("time").ascii(time, TIME_TEXT_SIZE);
    w.key("mode").number(r.mode, numbersAsStrings);
    w.key("inout").number(r.inOut, numbersAsStrings);
    w.key("event").number(r.event);
    if (r.tempTenths != 0)
        w.key("temp").decimal(r.tempTenths / 10.0, 1);
    if (m_faceModel && !r.isDoorEvent())
        w.key("verifymode").number(r.mode);
    w.endObject();
}

qint64 SimDevice::now() const
{
    return localWallClock() + m_clockOffset;
}

void SimDevice::setClock(qint64 deviceTime)
{
    m_clockOffset = deviceTime - localWallClock();
}

QByteArray SimDevice::regMessage(qsizetype undelivered) const
{
    JsonWriter w;
    w.beginObject();
    w.key("cmd").string(QStringLiteral("reg"));
    w.key("sn").string(m_sn);
    w.key("cpusn").string(m_cpusn);
    w.key("devinfo").beginObject();
    w.key("modelname").string(m_model);
    w.key("usersize").number(m_userSize);
    w.key("fpsize").number(m_userSize);
    w.key("cardsize").number(m_userSize);
    w.key("pwdsize").number(m_userSize);
    w.key("logsize").number(m_logSize);
    w.key("useduser").number(m_users);
    w.key("usedfp").number(m_usedFp);
    w.key("usedcard").number(m_usedCard);
    w.key("usedpwd").number(m_usedPwd);
    w.key("usedlog").number(m_logBase + m_log.size());
    w.key("usednewlog").number(undelivered);
    w.key("fpalgo").string(QStringLiteral("thbio3.0"));
    w.key("firmware").string(m_firmware);
    w.key("time").string(formatTime(now()));
    w.key("mac").string(m_mac);
    if (m_faceModel) {
        w.key("facesize").number(m_userSize);
        w.key("usedface").number(m_usedFace);
    }
    w.endObject();
    w.endObject();
    return w.take();
}

qint64 SimDevice::localWallClock()
{
    const QDateTime local = QDateTime::currentDateTime();
    return (local.date().toJulianDay() - UNIX_EPOCH_JULIAN_DAY) * SECONDS_PER_DAY +
           local.time().msecsSinceStartOfDay() / 1000;
}

QString SimDevice::formatTime(qint64 wallSeconds)
{
    char text[TIME_TEXT_SIZE];
    formatTime(wallSeconds, text);
    return QString::fromLatin1(text, TIME_TEXT_SIZE);
}

void SimDevice::formatTime(qint64 wallSeconds, char (&out)[TIME_TEXT_SIZE])
{
    const qint64 days =
        wallSeconds >= 0 ? wallSeconds / SECONDS_PER_DAY : (wallSeconds - SECONDS_PER_DAY + 1) / SECONDS_PER_DAY;
    const int secs = int(wallSeconds - days * SECONDS_PER_DAY);
    // Days since 1970-01-01 to a proleptic Gregorian date, counted in 400-year eras that start
    // on 1 March, so that the leap day is the last day of its year.
    const qint64 z = days + 719468; // days since 0000-03-01
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const int dayOfEra = int(z - era * 146097);                                                      // [0, 146096]
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365; // [0, 399]
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);            // [0, 365]
    const int monthFromMarch = (5 * dayOfYear + 2) / 153;                                            // [0, 11]
    const int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    const int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    const int year = int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
    auto put = [&out](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[at + i] = char('0' + value % 10);
    };
    put(0, std::clamp(year, 0, 9999), 4);
    out[4] = '-';
    put(5, month, 2);
    out[7] = '-';
    put(8, day, 2);
    out[10] = ' ';
    put(11, secs / 3600, 2);
    out[13] = ':';
    put(14, secs / 60 % 60, 2);
    out[16] = ':';
    put(17, secs % 60, 2);
}

std::optional<qint64> SimDevice::parseTime(const QString &text)
{
    // Strictly "yyyy-MM-dd HH:mm:ss" (§4.16): a locale or ISO string from a server is a bug to expose.
    if (text.size() != 19 || text.at(10) != u' ')
        return std::nullopt;
    const QDate date = QDate::fromString(text.left(10), QStringLiteral("yyyy-MM-dd"));
    const QTime time = QTime::fromString(text.mid(11), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return (date.toJulianDay() - UNIX_EPOCH_JULIAN_DAY) * SECONDS_PER_DAY + time.msecsSinceStartOfDay() / 1000;
}

std::optional<qint64> SimDevice::parseDate(const QString &text)
{
    // Documents show unpadded days ("2018-11-1"): accept both.
    const QDate date = QDate::fromString(text.trimmed(), QStringLiteral("yyyy-M-d"));
    if (!date.isValid())
        return std::nullopt;
    return (date.toJulianDay() - UNIX_EPOCH_JULIAN_DAY) * SECONDS_PER_DAY;
}

bool SimDevice::isPopulation(qint64 enrollId) const
{
    return !m_populationRemoved && enrollId >= 1 && enrollId <= m_users && !m_removed.count(enrollId);
}

SimUser SimDevice::populationUser(qint32 enrollId) const
{
    SimUser u;
    u.enrollId = enrollId;
    u.name =
        enrollId % 7 == 0 ? QStringLiteral("Usuario %1 Peña").arg(enrollId) : QStringLiteral("User %1").arg(enrollId);
    const auto first = std::lower_bound(m_credentials.cbegin(), m_credentials.cend(), enrollId,
                                        [](const UserCredential &c, qint32 id) { return c.enrollId < id; });
    for (auto it = first; it != m_credentials.cend() && it->enrollId == enrollId; ++it) {
        u.admin = it->admin;
        QRandomGenerator g(m_seed * 2654435761u + quint32(enrollId) * 97u + it->backupNum);
        QString data;
        if (it->backupNum < 10) {
            // hex with a "(N)" run of zero bytes, as the firmware compresses templates (§5.3)
            data = hexDigits(g, 48).toLower() + QStringLiteral("(40)") + hexDigits(g, 16).toLower();
        } else if (it->backupNum == 10) {
            data = QString::number(100000 + g.bounded(900000));
        } else if (it->backupNum == 11) {
            data = QString::number(quint64(3000000000u) + g.bounded(1000000000u)); // above 2^31
        } else {
            QByteArray jpeg("\xff\xd8\xff\xe0", 4);
            for (int i = 0; i < 96; ++i)
                jpeg.append(char(g.bounded(256)));
            data = QString::fromLatin1(jpeg.toBase64());
        }
        u.credentials.insert(it->backupNum, data);
    }
    return u;
}

std::optional<SimUser> SimDevice::user(qint64 enrollId) const
{
    const auto w = m_written.find(enrollId);
    if (w != m_written.end())
        return w->second;
    if (isPopulation(enrollId))
        return populationUser(qint32(enrollId));
    return std::nullopt;
}

QList<SimUser> SimDevice::users() const
{
    QList<SimUser> out;
    auto w = m_written.cbegin();
    for (qint64 id = 1; id <= m_users; ++id) {
        for (; w != m_written.cend() && w->first < id; ++w)
            out.append(w->second);
        if (w != m_written.cend() && w->first == id) {
            out.append(w->second);
            ++w;
        } else if (isPopulation(id)) {
            out.append(populationUser(qint32(id)));
        }
    }
    for (; w != m_written.cend(); ++w)
        out.append(w->second);
    return out;
}

void SimDevice::putUser(const SimUser &user)
{
    m_written[user.enrollId] = user;
    m_changed = true;
    m_listingValid = false;
}

bool SimDevice::removeUser(qint64 enrollId)
{
    const bool existed = user(enrollId).has_value();
    m_written.erase(enrollId);
    if (enrollId >= 1 && enrollId <= m_users)
        m_removed.insert(enrollId);
    m_changed = true;
    m_listingValid = false;
    return existed;
}

void SimDevice::removeAllUsers()
{
    m_written.clear();
    m_populationRemoved = true;
    m_changed = true;
    m_listingValid = false;
}

const QList<UserCredential> &SimDevice::credentials() const
{
    if (!m_changed)
        return m_credentials;
    if (!m_listingValid) {
        m_listing.clear();
        for (const SimUser &u : users()) {
            for (auto it = u.credentials.cbegin(); it != u.credentials.cend(); ++it)
                m_listing.append(UserCredential{qint32(u.enrollId), quint8(it.key()), quint8(u.admin)});
        }
        m_listingValid = true;
    }
    return m_listing;
}

} // namespace termdesk::sim
