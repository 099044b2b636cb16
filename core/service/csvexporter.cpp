// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvexporter.h"

#include "util/devicetime.h"
#include "util/logging.h"

#include <QHash>
#include <QIODevice>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <charconv>
#include <cstring>
#include <limits>

namespace termdesk::service {
namespace {

// Bytes collected before one write to the device: large enough that the device call is noise,
// small enough to stay in cache.
constexpr qsizetype CHUNK_BYTES = 256 * 1024;
constexpr qint64 MS_PER_DAY = 86'400'000;

constexpr const char *COLUMNS[] = {
    "terminal_sn", "terminal_name", "protocol",         "enroll_id", "user_name", "local_time",  "utc_offset",
    "utc_time",    "verify_mode",   "verify_mode_name", "in_out",    "event",     "temperature", "received_utc",
};

// Columns of the punch query, in SELECT order.
enum Col { C_TERMINAL, C_ENROLL, C_USER, C_LOCAL, C_OFFSET, C_UTC, C_VERIFY, C_INOUT, C_EVENT, C_TEMP, C_RECEIVED };

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

constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

inline void put2(char *d, int v)
{
    d[0] = static_cast<char>('0' + v / 10);
    d[1] = static_cast<char>('0' + v % 10);
}

/// Collects the CSV into a fixed buffer and hands it to the device in CHUNK_BYTES pieces.
/// Fields are formatted straight into the buffer: no per-row QString or QByteArray.
class ChunkWriter
{
public:
    explicit ChunkWriter(QIODevice *out) : m_out(out) { m_buf.resize(CHUNK_BYTES + 4096); }

    bool failed() const { return m_failed; }

    /// Room for n more bytes; flushes first when the buffer is nearly full.
    char *room(qsizetype n)
    {
        if (m_pos + n > m_buf.size()) {
            flush();
            if (n > m_buf.size())
                m_buf.resize(n);
        }
        return m_buf.data() + m_pos;
    }
    void advance(qsizetype n) { m_pos += n; }

    void put(const char *data, qsizetype n)
    {
        std::memcpy(room(n), data, static_cast<size_t>(n));
        m_pos += n;
    }
    void put(QByteArrayView bytes) { put(bytes.data(), bytes.size()); }
    void put(char c)
    {
        *room(1) = c;
        ++m_pos;
    }
    void putInt(qint64 v)
    {
        char *d = room(24);
        m_pos += std::to_chars(d, d + 24, v).ptr - d;
    }

    /// A text field as UTF-8, quoted when needed. Most fields are plain ASCII: copy those directly.
    void putText(QStringView s)
    {
        const qsizetype n = s.size();
        char *d = room(n);
        const char16_t *p = s.utf16();
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t c = p[i];
            if (c >= 0x80 || c == u',' || c == u'"' || c == u'\r' || c == u'\n') {
                putSlow(s);
                return;
            }
            d[i] = static_cast<char>(c);
        }
        m_pos += n;
    }

    /// Call once per row; writes a chunk when one is full.
    void endRow()
    {
        if (m_pos >= CHUNK_BYTES)
            flush();
    }

    void flush()
    {
        if (m_pos == 0 || m_failed)
            return;
        if (m_out->write(m_buf.constData(), m_pos) != m_pos)
            m_failed = true;
        m_pos = 0;
    }

private:
    void putSlow(QStringView s)
    {
        QByteArray field;
        CsvExporter::appendField(field, s.toUtf8());
        put(field);
    }

    QIODevice *m_out;
    QByteArray m_buf;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

/// ISO 8601 UTC formatting equal to devicetime::formatUtcIso, without a QDateTime per row: the
/// date part is cached per day (rows come sorted by time, so it nearly always hits).
class UtcFormatter
{
public:
    void put(ChunkWriter &w, qint64 utcMs, bool withMillis)
    {
        const qint64 day = floorDiv(utcMs, MS_PER_DAY);
        if (day != m_day && !fill(day)) {
            w.put(devicetime::formatUtcIso(utcMs, withMillis).toLatin1());
            return;
        }
        const qint64 msOfDay = utcMs - day * MS_PER_DAY;
        const int secs = static_cast<int>(msOfDay / 1000);
        char *d = w.room(24);
        std::memcpy(d, m_date, 10);
        d[10] = 'T';
        put2(d + 11, secs / 3600);
        d[13] = ':';
        put2(d + 14, secs / 60 % 60);
        d[16] = ':';
        put2(d + 17, secs % 60);
        qsizetype n = 19;
        if (withMillis) {
            const int ms = static_cast<int>(msOfDay % 1000);
            d[19] = '.';
            d[20] = static_cast<char>('0' + ms / 100);
            put2(d + 21, ms % 100);
            n = 23;
        }
        d[n++] = 'Z';
        w.advance(n);
    }

private:
    bool fill(qint64 day)
    {
        // Outside years 1..9999 the fixed-width layout does not hold: let formatUtcIso decide.
        if (day < -719'162 || day > 2'932'896)
            return false;
        const QDate date = QDate(1970, 1, 1).addDays(day);
        const int y = date.year();
        put2(m_date, y / 100);
        put2(m_date + 2, y % 100);
        m_date[4] = '-';
        put2(m_date + 5, date.month());
        m_date[7] = '-';
        put2(m_date + 8, date.day());
        m_day = day;
        return true;
    }

    qint64 m_day = std::numeric_limits<qint64>::min();
    char m_date[10] = {};
};

bool validDate(const std::optional<QDate> &d)
{
    return !d || d->isValid();
}

QString isoDate(const QDate &d)
{
    return d.toString(Qt::ISODate);
}

// Prepares "SELECT columns FROM punches + terminals + users WHERE filter tail" and binds the filter.
bool prepareFiltered(QSqlQuery &q, const CsvExportFilter &filter, const char *columns, const char *tail)
{
    QString sql = QStringLiteral("SELECT ") + QLatin1String(columns) +
                  QStringLiteral(" FROM punches p CROSS JOIN terminals t ON t.id = p.terminal_id"
                                 " LEFT JOIN users u ON u.enroll_id = p.enroll_id WHERE 1 = 1");
    if (filter.from)
        sql += QStringLiteral(" AND p.local_time >= :from");
    if (filter.to)
        sql += QStringLiteral(" AND p.local_time <= :to");
    if (!filter.terminalSn.isEmpty())
        sql += QStringLiteral(" AND t.sn = :sn");
    sql += QLatin1String(tail);
    if (!q.prepare(sql))
        return false;
    // local_time is a normalised "yyyy-MM-dd HH:mm:ss": string order is time order.
    if (filter.from)
        q.bindValue(QStringLiteral(":from"), QString(isoDate(*filter.from) + QStringLiteral(" 00:00:00")));
    if (filter.to)
        q.bindValue(QStringLiteral(":to"), QString(isoDate(*filter.to) + QStringLiteral(" 23:59:59")));
    if (!filter.terminalSn.isEmpty())
        q.bindValue(QStringLiteral(":sn"), filter.terminalSn);
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

QList<QByteArray> CsvExporter::columns()
{
    QList<QByteArray> list;
    for (const char *c : COLUMNS)
        list.append(QByteArray(c));
    return list;
}

QByteArray CsvExporter::headerLine()
{
    return columns().join(',') + "\r\n";
}

QString CsvExporter::verifyModeName(int mode)
{
    return verifyName(mode);
}

void CsvExporter::appendField(QByteArray &line, QByteArrayView field)
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
    if (!prepareFiltered(q, filter, "count(*)", "") || !q.exec() || !q.next()) {
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
    auto prefixOf = [](const QSqlQuery &q, int first) {
        QByteArray prefix;
        for (int i = first; i < first + 3; ++i) {
            appendField(prefix, q.value(i).toString().toUtf8());
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
    if (!prepareFiltered(q, filter,
                         "p.terminal_id, p.enroll_id, COALESCE(NULLIF(u.name, ''), p.name, ''), p.local_time,"
                         " p.utc_offset_min, p.utc_ms, p.verify_mode, p.in_out, p.event, p.temperature, p.received_ms",
                         " ORDER BY p.utc_ms, t.sn, p.enroll_id, p.id"))
        return fail(QStringLiteral("cannot read the punches: %1").arg(q.lastError().text()));
    if (!q.exec())
        return fail(QStringLiteral("cannot read the punches: %1").arg(q.lastError().text()));

    ChunkWriter w(out);
    if (options.bom)
        w.put("\xEF\xBB\xBF", 3);
    w.put(headerLine());

    UtcFormatter utcFormat;
    UtcFormatter receivedFormat;
    QHash<int, QByteArray> offsetText;
    double lastTemperature = 0;
    QByteArray lastTemperatureText;
    const qint64 every = options.progressEvery > 0 ? options.progressEvery : 10'000;
    qint64 rows = 0;
    qint64 reported = -1;

    while (q.next()) {
        const qint64 terminalId = q.value(C_TERMINAL).toLongLong();
        auto prefix = terminalPrefix.constFind(terminalId);
        if (prefix == terminalPrefix.cend()) {
            // Only without our own transaction: a terminal added after the list was read.
            terminalLookup.bindValue(0, terminalId);
            if (!terminalLookup.exec() || !terminalLookup.next())
                return fail(QStringLiteral("punch of unknown terminal %1").arg(terminalId));
            prefix = terminalPrefix.insert(terminalId, prefixOf(terminalLookup, 0));
            terminalLookup.finish();
        }
        w.put(*prefix);
        w.putInt(q.value(C_ENROLL).toLongLong());
        w.put(',');
        w.putText(q.value(C_USER).toString());
        w.put(',');
        w.putText(q.value(C_LOCAL).toString());
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
    qCDebug(lcExport) << "exported" << rows << "punches";
    return rows;
}

} // namespace termdesk::service
