// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvexporter.h"

#include "csvfields.h"
#include "util/csvcell.h"
#include "util/devicetime.h"
#include "util/logging.h"

#include <QHash>
#include <QIODevice>
#include <QLocale>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace termdesk::service {
namespace {

using csvfields::ChunkWriter;
using csvfields::UtcFormatter;

constexpr const char *COLUMNS[] = {
    "terminal_sn", "terminal_name", "protocol",         "enroll_id", "user_name", "local_time",  "utc_offset",
    "utc_time",    "verify_mode",   "verify_mode_name", "in_out",    "event",     "temperature", "received_utc",
};

// Columns of the punch query, in SELECT order.
enum Col {
    C_TERMINAL,
    C_ENROLL,
    C_USER,
    C_LOCAL,
    C_OFFSET,
    C_UTC,
    C_VERIFY,
    C_INOUT,
    C_EVENT,
    C_TEMP,
    C_RECEIVED,
    C_ID
};

QLatin1String verifyName(int mode)
{
    switch (mode) {
    case 1:
        return QLatin1String("fingerprint");
    case 2:
        return QLatin1String("password");
    case 3:
        return QLatin1String("card");
    case 8:
        return QLatin1String("face");
    case 13:
        return QLatin1String("qr");
    case 16:
        return QLatin1String("palm");
    default:
        return QLatin1String("other");
    }
}

bool validDate(const std::optional<QDate> &d)
{
    return !d || d->isValid();
}

QString isoDate(const QDate &d)
{
    return d.toString(Qt::ISODate);
}

// Prepares "SELECT columns FROM punches + terminals + users WHERE filter tail" and binds the filter.
bool prepareFiltered(QSqlQuery &q, const CsvExportFilter &filter, const char *columns, QString tail)
{
    // CROSS JOIN is SQLite's way to fix the join order (below); PostgreSQL plans an inner JOIN itself.
    const bool sqlite = q.driver() && q.driver()->dbmsType() == QSqlDriver::SQLite;
    QString sql = QStringLiteral("SELECT ") + QLatin1String(columns) + QStringLiteral(" FROM punches p ") +
                  (sqlite ? QLatin1String("CROSS JOIN") : QLatin1String("JOIN")) +
                  QStringLiteral(" terminals t ON t.id = p.terminal_id"
                                 " LEFT JOIN users u ON u.enroll_id = p.enroll_id WHERE 1 = 1");
    if (filter.from)
        sql += QStringLiteral(" AND p.local_time >= :from");
    if (filter.to)
        sql += QStringLiteral(" AND p.local_time <= :to");
    if (!filter.terminalSn.isEmpty())
        sql += QStringLiteral(" AND t.sn = :sn");
    if (filter.afterId)
        sql += QStringLiteral(" AND p.id > :after");
    sql += tail;
    if (!q.prepare(sql))
        return false;
    // local_time is a normalised "yyyy-MM-dd HH:mm:ss": string order is time order.
    if (filter.from)
        q.bindValue(QStringLiteral(":from"), QString(isoDate(*filter.from) + QStringLiteral(" 00:00:00")));
    if (filter.to)
        q.bindValue(QStringLiteral(":to"), QString(isoDate(*filter.to) + QStringLiteral(" 23:59:59")));
    if (!filter.terminalSn.isEmpty())
        q.bindValue(QStringLiteral(":sn"), filter.terminalSn);
    if (filter.afterId)
        q.bindValue(QStringLiteral(":after"), *filter.afterId);
    return true;
}

bool checkFilter(const CsvExportFilter &filter, QString *error)
{
    QString why;
    if (!validDate(filter.from) || !validDate(filter.to))
        why = QStringLiteral("invalid date in the filter");
    else if (filter.from && filter.to && *filter.from > *filter.to)
        why =
            QStringLiteral("the first day %1 is after the last day %2").arg(isoDate(*filter.from), isoDate(*filter.to));
    else if (filter.limit && *filter.limit < 0)
        why = QStringLiteral("the row limit %1 is negative").arg(*filter.limit);
    else if (filter.afterId && *filter.afterId < 0)
        why = QStringLiteral("the cursor %1 is negative").arg(*filter.afterId);
    if (why.isEmpty())
        return true;
    if (error)
        *error = why;
    return false;
}

} // namespace

QString CsvExporter::cancelledError()
{
    return QStringLiteral("export cancelled");
}

QList<QByteArray> CsvExporter::columns(int format)
{
    QList<QByteArray> list;
    if (format >= 2)
        list.append(QByteArrayLiteral("punch_id"));
    for (const char *c : COLUMNS)
        list.append(QByteArray(c));
    return list;
}

QByteArray CsvExporter::headerLine(int format)
{
    return columns(format).join(',') + "\r\n";
}

QString CsvExporter::verifyModeName(int mode)
{
    return verifyName(mode);
}

void CsvExporter::appendField(QByteArray &line, QByteArrayView field)
{
    csv::appendQuoted(line, field);
}

bool CsvExporter::commit(QSaveFile &file, QString *error)
{
    if (!file.flush()) {
        *error = file.errorString();
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool CsvExporter::hasTerminal(const QSqlDatabase &db, const QString &sn)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT 1 FROM terminals WHERE sn = ?"));
    q.addBindValue(sn);
    return q.exec() && q.next();
}

qint64 CsvExporter::countPunches(const QSqlDatabase &db, const CsvExportFilter &filter, QString *error)
{
    if (!checkFilter(filter, error))
        return -1;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // With a limit, the rows counted are those the export would write: at most that many.
    const bool limited = filter.limit.has_value();
    if (!(limited ? prepareFiltered(q, filter, "count(*) FROM (SELECT p.id",
                                    QStringLiteral(" LIMIT %1) AS limited").arg(*filter.limit))
                  : prepareFiltered(q, filter, "count(*)", QString())) ||
        !q.exec() || !q.next()) {
        if (error)
            *error = QStringLiteral("cannot count the punches: %1").arg(q.lastError().text());
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 CsvExporter::exportPunches(const QSqlDatabase &database, const CsvExportFilter &filter,
                                  const CsvExportOptions &options, QIODevice *out, QString *error,
                                  const std::function<bool(qint64)> &progress)
{
    auto fail = [error](const QString &why) -> qint64 {
        if (error)
            *error = why;
        return -1;
    };
    if (!out || !out->isWritable())
        return fail(QStringLiteral("the output is not open for writing"));
    if (!checkFilter(filter, error))
        return -1;
    if (options.format != 1 && options.format != 2)
        return fail(QStringLiteral("unknown CSV format v%1 (v1 or v2)").arg(options.format));
    const csv::TextCells textCells = options.rawText ? csv::TextCells::Raw : csv::TextCells::Safe;

    QSqlDatabase db = database;
    // One snapshot for the terminal list and the rows, even while the server appends.
    // BEGIN fails when the caller already holds a transaction: its snapshot serves as well.
    const bool ownTransaction = db.transaction();
    struct TransactionEnd
    {
        QSqlDatabase &db;
        bool active;
        ~TransactionEnd()
        {
            if (active)
                db.rollback(); // read only: nothing to keep
        }
    } transactionEnd{db, ownTransaction};

    // "sn,name,protocol," per terminal, quoted once here rather than once per row.
    QHash<qint64, QByteArray> terminalPrefix;
    auto prefixOf = [textCells](const QSqlQuery &q, int first) {
        QByteArray prefix;
        for (int i = first; i < first + 3; ++i) {
            csv::appendText(prefix, q.value(i).toString(), textCells);
            prefix.append(',');
        }
        return prefix;
    };
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(filter.terminalSn.isEmpty()
                      ? QStringLiteral("SELECT id, sn, name, protocol FROM terminals")
                      : QStringLiteral("SELECT id, sn, name, protocol FROM terminals WHERE sn = ?"));
        if (!filter.terminalSn.isEmpty())
            q.addBindValue(filter.terminalSn);
        if (!q.exec())
            return fail(QStringLiteral("cannot read the terminals: %1").arg(q.lastError().text()));
        while (q.next())
            terminalPrefix.insert(q.value(0).toLongLong(), prefixOf(q, 1));
    }
    QSqlQuery terminalLookup(db);
    terminalLookup.prepare(QStringLiteral("SELECT sn, name, protocol FROM terminals WHERE id = ?"));

    // CROSS JOIN keeps punches as the outer loop, so the utc_ms index yields the rows already in
    // order and SQLite only sorts the few rows that share one millisecond.
    QSqlQuery q(db);
    q.setForwardOnly(true); // before exec(): otherwise QSqlQuery caches every row it has seen
    if (!prepareFiltered(
            q, filter,
            "p.terminal_id, p.enroll_id, COALESCE(NULLIF(u.name, ''), p.name, ''), p.local_time,"
            " p.utc_offset_min, p.utc_ms, p.verify_mode, p.in_out, p.event, p.temperature, p.received_ms,"
            " p.id",
            QLatin1String(filter.afterId ? " ORDER BY p.id" : " ORDER BY p.utc_ms, t.sn, p.enroll_id, p.id") +
                (filter.limit ? QStringLiteral(" LIMIT %1").arg(*filter.limit) : QString())))
        return fail(QStringLiteral("cannot read the punches: %1").arg(q.lastError().text()));
    if (!q.exec())
        return fail(QStringLiteral("cannot read the punches: %1").arg(q.lastError().text()));

    ChunkWriter w(out);
    if (options.bom)
        w.put("\xEF\xBB\xBF", 3);
    w.put(headerLine(options.format));

    UtcFormatter utcFormat;
    UtcFormatter receivedFormat;
    QHash<int, QByteArray> offsetText;
    double lastTemperature = 0;
    QByteArray lastTemperatureText;
    const qint64 every = options.progressEvery > 0 ? options.progressEvery : 10'000;
    qint64 rows = 0;
    qint64 reported = -1;

    qint64 lastId = -1;
    while (q.next()) {
        const qint64 terminalId = q.value(C_TERMINAL).toLongLong();
        const qint64 id = q.value(C_ID).toLongLong();
        lastId = std::max(lastId, id);
        auto prefix = terminalPrefix.constFind(terminalId);
        if (prefix == terminalPrefix.cend()) {
            // Only without our own transaction: a terminal added after the list was read.
            terminalLookup.bindValue(0, terminalId);
            if (!terminalLookup.exec() || !terminalLookup.next())
                return fail(QStringLiteral("punch of unknown terminal %1").arg(terminalId));
            prefix = terminalPrefix.insert(terminalId, prefixOf(terminalLookup, 0));
            terminalLookup.finish();
        }
        if (options.format >= 2) {
            w.putInt(id);
            w.put(',');
        }
        w.put(*prefix);
        w.putInt(q.value(C_ENROLL).toLongLong());
        w.put(',');
        w.putText(q.value(C_USER).toString(), textCells);
        w.put(',');
        w.putText(q.value(C_LOCAL).toString(), textCells);
        w.put(',');
        const int offset = q.value(C_OFFSET).toInt();
        auto text = offsetText.constFind(offset);
        if (text == offsetText.cend())
            text = offsetText.insert(offset, devicetime::formatOffset(offset).toLatin1());
        w.put(*text);
        w.put(',');
        utcFormat.put(w, q.value(C_UTC).toLongLong(), false);
        w.put(',');
        const int mode = q.value(C_VERIFY).toInt();
        w.putInt(mode);
        w.put(',');
        const QLatin1String name = verifyName(mode);
        w.put(name.data(), name.size());
        w.put(',');
        w.putInt(q.value(C_INOUT).toLongLong());
        w.put(',');
        w.putInt(q.value(C_EVENT).toLongLong());
        w.put(',');
        const QVariant temperature = q.value(C_TEMP);
        if (!temperature.isNull()) {
            const double t = temperature.toDouble();
            if (lastTemperatureText.isEmpty() || t != lastTemperature) {
                lastTemperature = t;
                lastTemperatureText = QByteArray::number(t, 'f', QLocale::FloatingPointShortest);
            }
            w.put(lastTemperatureText);
        }
        w.put(',');
        receivedFormat.put(w, q.value(C_RECEIVED).toLongLong(), true);
        w.put("\r\n", 2);
        w.endRow();
        if (w.failed())
            return fail(QStringLiteral("cannot write: %1").arg(out->errorString()));
        ++rows;
        if (progress && rows % every == 0) {
            reported = rows;
            if (!progress(rows))
                return fail(cancelledError());
        }
    }
    if (q.lastError().isValid())
        return fail(QStringLiteral("cannot read the punches: %1").arg(q.lastError().text()));
    w.flush();
    if (w.failed())
        return fail(QStringLiteral("cannot write: %1").arg(out->errorString()));
    if (progress && reported != rows)
        progress(rows);
    if (options.lastId && lastId >= 0)
        *options.lastId = lastId;
    qCDebug(lcExport) << "exported" << rows << "punches";
    return rows;
}

} // namespace termdesk::service
