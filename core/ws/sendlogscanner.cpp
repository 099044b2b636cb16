// SPDX-License-Identifier: GPL-3.0-or-later
#include "sendlogscanner.h"

#include "util/devicetime.h"

#include <QByteArrayView>

#include <cfloat>
#include <charconv>
#include <cmath>

namespace termdesk::ws {
namespace {

constexpr int MAX_INTEGER_DIGITS = 15; // what toInt() takes from a double exactly (|d| < 9e15)

/// An integer of up to 15 digits (what a double holds exactly), with an optional minus sign.
std::optional<qint64> digitsValue(QByteArrayView digits)
{
    qint64 value = 0;
    const bool negative = digits.startsWith('-');
    if (negative)
        digits = digits.sliced(1);
    if (digits.isEmpty() || digits.size() > MAX_INTEGER_DIGITS)
        return std::nullopt;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

/// A cursor over the message with the few JSON productions the plain shape needs. Every reader
/// returns false on anything outside the plain shape; the scan then gives up.
class Cursor
{
public:
    explicit Cursor(const QByteArray &bytes) : m_p(bytes.constData()), m_end(bytes.constData() + bytes.size()) {}

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    /// A string without escapes, control characters or non-ASCII bytes (quotes not included).
    bool plainString(QByteArrayView &out)
    {
        skipSpace();
        if (m_p == m_end || *m_p != '"')
            return false;
        const char *const begin = ++m_p;
        for (; m_p != m_end; ++m_p) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                out = QByteArrayView(begin, m_p - begin);
                ++m_p;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
        }
        return false;
    }

    /// A key of letters, digits and '_', then the colon.
    bool key(QByteArrayView &out)
    {
        if (!plainString(out) || out.isEmpty())
            return false;
        for (const char c : out) {
            if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return false;
        }
        return take(':');
    }

    /// An object: @p member(key) reads each member's value; false from it ends the scan.
    template <class Member> bool members(Member &&member)
    {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        do {
            QByteArrayView name;
            if (!key(name) || !member(name))
                return false;
        } while (take(','));
        return take('}');
    }

    bool peek(char c)
    {
        skipSpace();
        return m_p != m_end && *m_p == c;
    }

    /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, that a double
    /// holds (Qt refuses a document with 1e400 in it; tiny values that only a subnormal holds are
    /// left to Qt too). `integral` tells whether it had neither fraction nor exponent.
    bool number(QByteArrayView &text, bool &integral, double &value)
    {
        skipSpace();
        const char *const begin = m_p;
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return false;
        if (*m_p == '0')
            ++m_p;
        else
            skipDigits();
        integral = true;
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!skipDigits())
                return false;
            integral = false;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!skipDigits())
                return false;
            integral = false;
        }
        text = QByteArrayView(begin, m_p - begin);
        if (integral) {
            if (const std::optional<qint64> exact = digitsValue(text)) { // most numbers: no double parsing
                value = static_cast<double>(*exact);
                return true;
            }
        }
        const auto [end, ec] = std::from_chars(begin, m_p, value);
        return ec == std::errc() && end == m_p && (value == 0 || std::fabs(value) >= DBL_MIN);
    }

    /// Skips a string, number, true, false or null.
    bool skipScalar()
    {
        QByteArrayView ignored;
        bool integral = false;
        double value = 0;
        skipSpace();
        if (m_p == m_end)
            return false;
        if (*m_p == '"')
            return plainString(ignored);
        if (*m_p == '-' || isDigit(*m_p))
            return number(ignored, integral, value);
        for (const QByteArrayView word : {QByteArrayView("true"), QByteArrayView("false"), QByteArrayView("null")}) {
            if (m_end - m_p >= word.size() && QByteArrayView(m_p, word.size()) == word) {
                m_p += word.size();
                return true;
            }
        }
        return false;
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool skipDigits()
    {
        const char *const begin = m_p;
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
        return m_p != begin;
    }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    const char *m_p;
    const char *m_end;
};

/// An integer field: an integer literal, or a string of digits (what toInt() reads from both).
std::optional<qint64> integerField(Cursor &in)
{
    QByteArrayView text;
    if (in.peek('"'))
        return in.plainString(text) ? digitsValue(text) : std::nullopt;
    bool integral = false;
    double value = 0;
    if (!in.number(text, integral, value) || !integral)
        return std::nullopt;
    return digitsValue(text);
}

/// "count" and "logindex" are echoed as they came: an integer literal or a string.
std::optional<QJsonValue> echoedField(Cursor &in)
{
    QByteArrayView text;
    if (in.peek('"')) {
        if (!in.plainString(text))
            return std::nullopt;
        return QJsonValue(QString::fromLatin1(text));
    }
    const std::optional<qint64> value = integerField(in);
    return value ? std::optional<QJsonValue>(QJsonValue(*value)) : std::nullopt;
}

std::optional<QString> textField(Cursor &in)
{
    QByteArrayView text;
    if (!in.plainString(text))
        return std::nullopt;
    return QString::fromLatin1(text).trimmed();
}

/// Which keys an object had, so that none is taken twice.
class Seen
{
public:
    bool first(int bit)
    {
        const unsigned mask = 1u << bit;
        if (m_bits & mask)
            return false;
        m_bits |= mask;
        return true;
    }
    bool has(int bit) const { return m_bits & (1u << bit); }

private:
    unsigned m_bits = 0;
};

enum RecordKey { EnrollId, Time, Mode, InOut, Event, Temp, Name };

bool scanRecord(Cursor &in, QList<Punch> &punches)
{
    Punch p;
    Seen seen;
    std::optional<qint64> enroll;
    std::optional<devicetime::LocalTime> time;
    const bool read = in.members([&](QByteArrayView key) {
        bool ok = true;
        if (key == "enrollid") {
            ok = seen.first(EnrollId) && (enroll = integerField(in)).has_value() && *enroll >= 0;
        } else if (key == "time") {
            const std::optional<QString> text = seen.first(Time) ? textField(in) : std::nullopt;
            ok = text && (time = devicetime::normaliseLocal(*text)).has_value();
        } else if (key == "mode" || key == "inout" || key == "event") {
            const RecordKey which = key == "mode" ? Mode : key == "inout" ? InOut : Event;
            const std::optional<qint64> value = seen.first(which) ? integerField(in) : std::nullopt;
            ok = value.has_value();
            if (ok)
                (which == Mode ? p.verifyMode : which == InOut ? p.inOut : p.event) = static_cast<int>(*value);
        } else if (key == "temp") {
            QByteArrayView text;
            bool integral = false;
            double value = 0;
            ok = seen.first(Temp) && in.number(text, integral, value);
            if (ok)
                p.temperature = normaliseTemperature(value);
        } else if (key == "name") {
            const std::optional<QString> text = seen.first(Name) ? textField(in) : std::nullopt;
            ok = text.has_value();
            if (ok)
                p.name = *text;
        } else {
            ok = in.skipScalar(); // read by nobody, as in decodeRecord (a photo when photos are off)
        }
        return ok;
    });
    if (!read || !enroll || !time)
        return false; // not the plain shape, or no enrollid or time: the general path decides
    p.enrollId = *enroll;
    p.localTime = std::move(time->text);
    p.localEpoch = time->epoch;
    punches.append(std::move(p));
    return true;
}

bool scanRecords(Cursor &in, QList<Punch> &punches)
{
    if (!in.take('['))
        return false;
    if (in.take(']'))
        return true;
    do {
        if (!scanRecord(in, punches))
            return false;
    } while (in.take(','));
    return in.take(']');
}

enum TopKey { Cmd, Sn, Count, LogIndex, Record };

} // namespace

std::optional<DecodedMessage> scanSendLog(const QByteArray &utf8)
{
    Cursor in(utf8);
    DecodedMessage m;
    m.kind = MessageKind::SendLog;
    m.count = m.logIndex = QJsonValue(QJsonValue::Undefined); // as QJsonObject::value() of a missing key
    Seen seen;
    const bool read = in.members([&](QByteArrayView key) {
        bool ok = true;
        if (key == "cmd") {
            const std::optional<QString> cmd = seen.first(Cmd) ? textField(in) : std::nullopt;
            ok = cmd && *cmd == QLatin1String("sendlog");
        } else if (key == "sn") {
            const std::optional<QString> sn = seen.first(Sn) ? textField(in) : std::nullopt;
            ok = sn.has_value();
            if (ok)
                m.sn = *sn;
        } else if (key == "count" || key == "logindex") {
            const TopKey which = key == "count" ? Count : LogIndex;
            const std::optional<QJsonValue> value = seen.first(which) ? echoedField(in) : std::nullopt;
            ok = value.has_value();
            if (ok)
                (which == Count ? m.count : m.logIndex) = *value;
        } else if (key == "record") {
            ok = seen.first(Record) && scanRecords(in, m.punches);
        } else {
            ok = in.skipScalar();
        }
        return ok;
    });
    if (!read || !in.atEnd() || !seen.has(Cmd) || !seen.has(Record))
        return std::nullopt;
    m.name = QStringLiteral("sendlog");
    return m;
}

} // namespace termdesk::ws
