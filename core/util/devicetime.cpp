// SPDX-License-Identifier: GPL-3.0-or-later
#include "devicetime.h"

#include <limits>

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

std::optional<LocalTime> normaliseLocal(const QString &text)
{
    const std::optional<qint64> epoch = parseLocal(text);
    if (!epoch)
        return std::nullopt;
    // "dddd-dd-dd dd:dd:dd" with ASCII digits and valid (parseLocal said so) is the stored form.
    static constexpr char PATTERN[] = "0000-00-00 00:00:00";
    bool stored = text.size() == qsizetype(sizeof PATTERN - 1);
    for (qsizetype i = 0; stored && i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        stored = PATTERN[i] == '0' ? c >= u'0' && c <= u'9' : c == char16_t(PATTERN[i]);
    }
    return LocalTime{*epoch, stored ? text : formatLocal(*epoch)};
}

QString formatLocal(qint64 localEpochSeconds)
{
    // Written out by hand: QDateTime::toString was 5 % of the server's CPU while ingesting
    // (docs/performance.md). Civil-from-days, H. Hinnant's algorithm; years 0..9999.
    qint64 days = localEpochSeconds / 86400;
    qint64 secs = localEpochSeconds % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return QDateTime::fromSecsSinceEpoch(localEpochSeconds, Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const int hour = static_cast<int>(secs / 3600);
    const int minute = static_cast<int>(secs / 60 % 60);
    const int second = static_cast<int>(secs % 60);
    char16_t buf[19];
    auto put = [&buf](int pos, int value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            buf[pos + i] = static_cast<char16_t>(u'0' + value % 10);
            value /= 10;
        }
    };
    put(0, static_cast<int>(year), 4);
    buf[4] = u'-';
    put(5, month, 2);
    buf[7] = u'-';
    put(8, day, 2);
    buf[10] = u' ';
    put(11, hour, 2);
    buf[13] = u':';
    put(14, minute, 2);
    buf[16] = u':';
    put(17, second, 2);
    return QString(reinterpret_cast<const QChar *>(buf), 19);
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
    // Cached per quarter of an hour of UTC: every zone changes its offset on such a boundary
    // (Lord Howe Island's half-hour shift at 02:00 local is 15:30 UTC), and the conversion ran
    // for every acknowledgement (its cloudtime) and every TCP punch.
    constexpr qint64 QUARTER_MS = 15 * 60 * 1000;
    thread_local qint64 cachedQuarter = std::numeric_limits<qint64>::min();
    thread_local int cachedOffset = 0;
    const qint64 quarter = utcMs >= 0 ? utcMs / QUARTER_MS : (utcMs - QUARTER_MS + 1) / QUARTER_MS;
    if (quarter != cachedQuarter) {
        cachedOffset = QDateTime::fromMSecsSinceEpoch(quarter * QUARTER_MS, Qt::LocalTime).offsetFromUtc() / 60;
        cachedQuarter = quarter;
    }
    return cachedOffset;
}

qint64 nowLocalEpoch(qint64 nowUtcMs, std::optional<int> offsetMinutes)
{
    const int offset = offsetMinutes ? *offsetMinutes : systemOffsetAtUtc(nowUtcMs);
    return nowUtcMs / 1000 + offset * 60;
}

} // namespace termdesk::devicetime
