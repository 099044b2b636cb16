// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminaltext.h"

namespace termdesk::terminaltext {
namespace {

bool isSerialChar(char16_t c)
{
    return c >= 0x21 && c <= 0x7E;
}

/// Removed from stored text: C0 controls, DEL, C1 controls, the bidirectional overrides and
/// isolates (U+202A..U+202E, U+2066..U+2069) that can make a name display as something else, and
/// what SQLite would not give back as stored (found by fuzz_rostercsv): U+FEFF, which it drops at
/// the start of a text, and the noncharacters U+FFFE and U+FFFF, which it reads back as U+FFFD.
bool isRemoved(char16_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0xFEFF || c >= 0xFFFE;
}

bool isSpace(char16_t c)
{
    return c == u' ' || QChar(c).isSpace();
}

bool complies(const QString &text, int maxChars)
{
    if (text.size() > maxChars)
        return false;
    if (!text.isEmpty() && (isSpace(text.front().unicode()) || isSpace(text.back().unicode())))
        return false;
    for (const QChar c : text) {
        if (isRemoved(c.unicode()))
            return false;
    }
    return true;
}

} // namespace

std::optional<QString> serialRefusal(QStringView serial, QStringView what)
{
    if (serial.isEmpty())
        return QStringLiteral("missing %1").arg(what);
    if (serial.size() > SERIAL_MAX_CHARS)
        return QStringLiteral("%1 longer than %2 characters").arg(what).arg(SERIAL_MAX_CHARS);
    for (qsizetype i = 0; i < serial.size(); ++i) {
        const char16_t c = serial.at(i).unicode();
        if (!isSerialChar(c))
            return QStringLiteral("%1 character %2 not allowed (only printable ASCII, no space)").arg(what).arg(i + 1);
    }
    return std::nullopt;
}

QString cleaned(const QString &text, int maxChars)
{
    if (complies(text, maxChars))
        return text;
    QString out;
    out.reserve(qMin(text.size(), qsizetype(maxChars) + 1));
    for (const QChar c : text) {
        if (!isRemoved(c.unicode()))
            out.append(c);
    }
    out = out.trimmed();
    if (out.size() > maxChars) {
        qsizetype n = maxChars;
        if (n > 0 && out.at(n - 1).isHighSurrogate())
            --n; // never half a pair
        out.truncate(n);
        out = out.trimmed();
    }
    return out;
}

QString logPreview(QStringView text)
{
    constexpr qsizetype SHOWN = 32;
    QString out;
    for (const QChar c : text.left(SHOWN)) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u <= 0x7E && u != u'\\')
            out.append(c);
        else if (u <= 0xFF)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
    }
    if (text.size() > SHOWN)
        out += QStringLiteral("… (%1 characters)").arg(text.size());
    return out;
}

} // namespace termdesk::terminaltext
