// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace termdesk::csv {

/// How a text cell is written: Safe (the default everywhere) or Raw (`--raw-text`, for programs
/// that read the file, never a spreadsheet).
enum class TextCells { Safe, Raw };

/// @brief The one rule for CSV injection (OWASP, "CSV Injection"): a text cell that starts with
/// `=`, `+`, `-`, `@`, TAB or CR is read by spreadsheets as a formula, so every CSV TermDesk
/// writes puts a `'` in front of it. Only text columns go through it: numeric columns (enroll
/// ids, temperatures, counts) are written as numbers and never changed (docs/csv-export.md).
bool startsLikeFormula(QStringView text);

/// @p text as the cell should hold it: with the `'` in front when startsLikeFormula() and
/// @p mode is Safe, else unchanged.
QString textCell(QStringView text, TextCells mode);

/// The inverse for a reader of our own files (roster import, the console's user filter): drops
/// the `'` that textCell() put in front of a formula-like text.
QStringView withoutFormulaGuard(QStringView cell);

/// Appends @p field (UTF-8) to @p line quoted as RFC 4180 requires: quotes only when the field
/// holds a comma, a quote, CR or LF; quotes inside are doubled.
void appendQuoted(QByteArray &line, QByteArrayView field);

/// textCell() of @p text, as UTF-8, appended with appendQuoted().
void appendText(QByteArray &line, QStringView text, TextCells mode);

} // namespace termdesk::csv
