// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace termdesk::service {

/// One problem line of a roster import.
struct RosterIssue
{
    int line = 0; ///< physical line (1-based) where the record starts
    QString reason;
};

struct RosterImportResult
{
    bool ok = false; ///< false: nothing was applied (`error` says why)
    QString error;
    int imported = 0;  ///< users created
    int updated = 0;   ///< existing users whose name, admin or enabled changed
    int unchanged = 0; ///< existing users already as the file says
    int skipped = 0;
    QList<RosterIssue> issues;
};

/// One CSV record with the line it starts on.
struct CsvRecord
{
    int line = 0;
    QStringList fields;
};

/// @brief The central roster (`users`, `credentials`, `terminal_users`) as CSV, both ways
/// (docs/roster.md). The export holds counts and flags only: never templates, photos,
/// passwords or card numbers.
class RosterCsv
{
public:
    /// The export header, CRLF included.
    static QByteArray exportHeader();

    /// Writes the header and one row per user (by enroll id) to @p out. The name is a text cell:
    /// one that starts like a formula gets a `'` in front unless @p rawText (csv::textCell).
    /// Returns the number of users written, or -1 with @p error set.
    static qint64 exportTo(QSqlDatabase db, QIODevice &out, QString *error, bool rawText = false);

    /// Splits RFC 4180 text (CRLF or LF, quotes doubled inside quoted fields, line breaks inside
    /// quotes, a UTF-8 BOM tolerated) into records; blank lines are dropped. nullopt with @p error
    /// set when the text is not valid (an unterminated quote, text after a closing quote).
    static std::optional<QList<CsvRecord>> parse(const QByteArray &text, QString *error);

    /// Imports `enroll_id,name[,admin][,enabled]` (header required, columns found by name,
    /// extra columns ignored) in one transaction: creates missing users, updates name / admin /
    /// enabled of existing ones. Bad lines are skipped and listed in `issues`. A name that an
    /// export guarded (`'=…`, `'+…`, csv::withoutFormulaGuard) is read back without the `'`.
    static RosterImportResult import(QSqlDatabase db, const QByteArray &text);
};

} // namespace termdesk::service
