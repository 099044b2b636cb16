// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvcell.h"

namespace termdesk::csv {

bool startsLikeFormula(QStringView text)
{
    if (text.isEmpty())
        return false;
    switch (text.front().unicode()) {
    case u'=':
    case u'+':
    case u'-':
    case u'@':
    case u'\t':
    case u'\r':
        return true;
    default:
        return false;
    }
}

QString textCell(QStringView text, TextCells mode)
{
    if (mode == TextCells::Safe && startsLikeFormula(text))
        return QLatin1Char('\'') + text;
    return text.toString();
}

QStringView withoutFormulaGuard(QStringView cell)
{
    if (cell.size() >= 2 && cell.front() == u'\'' && startsLikeFormula(cell.sliced(1)))
        return cell.sliced(1);
    return cell;
}

void appendQuoted(QByteArray &line, QByteArrayView field)
{
    bool quote = false;
    for (const char c : field) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        line.append(field);
        return;
    }
    line.reserve(line.size() + field.size() + 8);
    line.append('"');
    for (const char c : field) {
        if (c == '"')
            line.append('"');
        line.append(c);
    }
    line.append('"');
}

void appendText(QByteArray &line, QStringView text, TextCells mode)
{
    appendQuoted(line, textCell(text, mode).toUtf8());
}

} // namespace termdesk::csv
