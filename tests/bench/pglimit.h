// SPDX-License-Identifier: GPL-3.0-or-later
// The PostgreSQL side of bench_server's `pg` mode, through libpq: counts, the stored rows read back
// with COPY TO, and the limit they are compared with: the same rows written again with COPY FROM,
// the same number of rows per transaction, into a table of the same schema.
#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace termdesk::bench {

/// The first column of the first row of @p sql on the database at @p url; -1 when it failed.
qint64 pgScalar(const QString &url, const char *sql);

/// The punches of the database at @p url in id order, one COPY text line each (with its newline);
/// false with @p error set when it failed.
bool pgReadPunches(const QString &url, std::vector<QByteArray> &lines, QString *error);

struct PgLimit
{
    bool ok = false;
    qint64 rows = 0;
    double seconds = 0;
    QString error;
    double rate() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

/// Writes @p lines with COPY FROM, @p perTransaction of them in each BEGIN ... COMMIT, into a new table
/// `limit_punches` of the database at @p url made LIKE punches (its columns, NOT NULLs, UNIQUE key and
/// indexes) plus its foreign key to terminals; the table is dropped afterwards.
PgLimit pgCopyLimit(const QString &url, const std::vector<QByteArray> &lines, int perTransaction);

} // namespace termdesk::bench
