// SPDX-License-Identifier: GPL-3.0-or-later
#include "devicetime.h"

#include <QDateTime>
#include <QTimeZone>

namespace termdesk::devicetime {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's civil algorithm).
constexpr qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

constexpr bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned daysInMonth(qint64 y, unsigned m)
{
    constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : table[m - 1];
}

// Reads up to maxDigits decimal digits at pos; false when there is none.
bool readNumber(QStringView s, qsizetype &pos, int maxDigits, int &out)
{
    int value = 0;
    int digits = 0;
    while (pos < s.size() && digits < maxDigits && s[pos].isDigit()) {
        value = value * 10 + s[pos].digitValue();
        ++pos;
        ++digits;
    }
    out = value;
    return digits > 0;
}

} // namespace

std::optional<qint64> parseLocal(QStringView text)
{
    const QStringView s = text.trimmed();
    qsizetype pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readNumber(s, pos, 4, year) || pos >= s.size() || (s[pos] != u'-' && s[pos] != u'/'))
        return std::nullopt;
    ++pos;
    if (!readNumber(s, pos, 2, month) || pos >= s.size() || (s[pos] != u'-' && s[pos] != u'/'))
        return std::nullopt;
    ++pos;
    if (!readNumber(s, pos, 2, day))
        return std::nullopt;
    if (pos < s.size()) {
        if (s[pos] != u' ' && s[pos] != u'T')
            return std::nullopt;
        while (pos < s.size() && (s[pos] == u' ' || s[pos] == u'T'))
            ++pos;
        if (!readNumber(s, pos, 2, hour) || pos >= s.size() || s[pos] != u':')
            return std::nullopt;
        ++pos;
        if (!readNumber(s, pos, 2, minute))
            return std::nullopt;
        if (pos < s.size() && s[pos] == u':') {
            ++pos;
            if (!readNumber(s, pos, 2, second))
                return std::nullopt;
        }
        if (pos != s.size())
            return std::nullopt;
    }
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > static_cast<int>(daysInMonth(year, month)) ||
        hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
           minute * 60 + second;
}

QString formatLocal(qint64 localEpochSeconds)
{
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(localEpochSeconds, Qt::UTC);
    return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatUtcIso(qint64 utcMs, bool withMillis)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC);
    return dt.toString(withMillis ? QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")
                                  : QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

QString formatOffset(int offsetMinutes)
{
    const QChar sign = offsetMinutes < 0 ? u'-' : u'+';
    const int a = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    return QStringLiteral("%1%2:%3")
        .arg(sign)
        .arg(a / 60, 2, 10, QLatin1Char('0'))
        .arg(a % 60, 2, 10, QLatin1Char('0'));
}

std::optional<int> parseOffset(QStringView text)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty() || (s[0] != u'+' && s[0] != u'-'))
        return std::nullopt;
    const int sign = s[0] == u'-' ? -1 : 1;
    qsizetype pos = 1;
    int hours = 0, minutes = 0;
    const qsizetype start = pos;
    if (!readNumber(s, pos, 2, hours))
        return std::nullopt;
    if (pos < s.size() && s[pos] == u':') {
        ++pos;
        if (!readNumber(s, pos, 2, minutes)) // "+08:" is malformed
            return std::nullopt;
    } else if (pos < s.size() && !readNumber(s, pos, 2, minutes)) {
        return std::nullopt;
    }
    if (pos != s.size() || pos == start || minutes > 59 || hours * 60 + minutes > 14 * 60)
        return std::nullopt;
    return sign * (hours * 60 + minutes);
}

int systemOffsetAtLocal(qint64 localEpochSeconds)
{
    // Cache per hour of wall clock: zone rules never change inside an hour we care about,
    // and QDateTime's local-time conversion is the expensive part of ingesting a punch.
    thread_local qint64 cachedHour = -1;
    thread_local int cachedOffset = 0;
    const qint64 hour = localEpochSeconds / 3600;
    if (hour != cachedHour) {
        const QDateTime asUtc = QDateTime::fromSecsSinceEpoch(hour * 3600, Qt::UTC);
        const QDateTime local(asUtc.date(), asUtc.time(), Qt::LocalTime);
        cachedOffset = local.isValid() ? local.offsetFromUtc() / 60 : 0;
        cachedHour = hour;
    }
    return cachedOffset;
}

int systemOffsetAtUtc(qint64 utcMs)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, Qt::LocalTime).offsetFromUtc() / 60;
}

qint64 nowLocalEpoch(qint64 nowUtcMs, std::optional<int> offsetMinutes)
{
    const int offset = offsetMinutes ? *offsetMinutes : systemOffsetAtUtc(nowUtcMs);
    return nowUtcMs / 1000 + offset * 60;
}

} // namespace termdesk::devicetime
