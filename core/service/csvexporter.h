// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDate>
#include <QString>

#include <functional>
#include <optional>

class QIODevice;
class QSaveFile;
class QSqlDatabase;

namespace termdesk::service {

/// @brief Which punches to export. Every criterion is optional; an empty filter exports all.
struct CsvExportFilter
{
    std::optional<QDate> from; ///< inclusive, compared with the terminal's local_time ("from 00:00:00")
    std::optional<QDate> to;   ///< inclusive, compared with the terminal's local_time ("to 23:59:59")
    QString terminalSn;        ///< only this terminal (terminals.sn); empty = all terminals
    /// Only punches stored after this cursor (punch_id > afterId), in punch_id order: the
    /// incremental export (docs/csv-export.md). Unset: every punch, in time order.
    std::optional<qint64> afterId;
    /// At most this many rows (the first ones in the export's order); unset: all. The REST API's
    /// GET /api/v1/punches.csv pages with it (docs/integration.md).
    std::optional<qint64> limit;
};

/// @brief How to write the file.
struct CsvExportOptions
{
    int format = 1;                ///< 1: format v1; 2: format v2 = punch_id, then the v1 columns
    bool bom = false;              ///< write the UTF-8 byte order mark first (Excel needs it to read UTF-8)
    bool rawText = false;          ///< text cells as stored, formula-like ones too (csv::TextCells::Raw)
    qint64 progressEvery = 10'000; ///< rows between two calls of the progress callback
    /// Set to the largest punch_id written (left as it was when no row is written): with
    /// CsvExportFilter::afterId, the cursor of the next incremental export.
    qint64 *lastId = nullptr;
};

/// @brief Writes attendance punches as CSV, format v1 or v2 (docs/csv-export.md): UTF-8, RFC 4180
/// quoting, CRLF line ends, one header row, formula-like text cells guarded (csv::textCell). Only the punches table is
/// read: never door events, photos or credentials.
///
/// The export streams: one forward-only query, rows formatted into a fixed buffer and written to the
/// device in chunks, so memory stays flat whatever the number of rows. The caller owns the connection
/// (open it read-only: the export works while the server writes the same WAL database) and must use it
/// from the thread that opened it. The rows come from one read transaction when the connection is not
/// already inside one, so a concurrent writer never produces a torn export.
class CsvExporter
{
public:
    /// The error text of an export the progress callback cancelled.
    static QString cancelledError();

    /// @brief Writes the header and every punch that matches @p filter to @p out (open for writing),
    /// ordered by UTC time, then terminal serial number, then enroll id; with filter.afterId, by
    /// punch_id. Ids are handed out in commit order and never reused (schema 5), and the rows
    /// come from one snapshot, so no punch with an id below the last one written can appear later.
    ///
    /// @p progress, if set, is called with the number of rows written so far every
    /// options.progressEvery rows and once at the end; returning false cancels the export
    /// (the result is then -1 and *error is cancelledError()).
    /// @return the number of rows written (header not counted), or -1 with *error set.
    static qint64 exportPunches(const QSqlDatabase &db, const CsvExportFilter &filter, const CsvExportOptions &options,
                                QIODevice *out, QString *error, const std::function<bool(qint64)> &progress = {});

    /// Puts an export written to @p file (under its temporary name) into place: flushes, then
    /// renames. A write that fails at the flush (the buffered tail on a full disk) discards the
    /// temporary file instead, so a cut CSV is never renamed into place. False with *error set.
    static bool commit(QSaveFile &file, QString *error);

    /// How many rows exportPunches() would write now (for a progress bar), or -1 with *error set.
    static qint64 countPunches(const QSqlDatabase &db, const CsvExportFilter &filter, QString *error);

    /// True when the database knows a terminal with this serial number.
    static bool hasTerminal(const QSqlDatabase &db, const QString &sn);

    /// The header row of format @p format (1 or 2), CRLF included.
    static QByteArray headerLine(int format = 1);

    /// The column names of format @p format (1 or 2), in order.
    static QList<QByteArray> columns(int format = 1);

    /// "fingerprint", "password", "card", "face", "qr", "palm", else "other".
    static QString verifyModeName(int mode);

    /// Appends @p field to @p line quoted as RFC 4180 requires: quotes only when the field holds a
    /// comma, a quote, CR or LF; quotes inside are doubled. @p field is UTF-8 (csv::appendQuoted;
    /// a text cell goes through csv::appendText, which guards formulas first).
    static void appendField(QByteArray &line, QByteArrayView field);
};

} // namespace termdesk::service
