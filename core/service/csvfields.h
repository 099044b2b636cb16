// SPDX-License-Identifier: GPL-3.0-or-later
// The field writers of the attendance CSV (CsvExporter): a chunked output buffer and a UTC
// formatter, both without a QString or QByteArray per row.
#pragma once

#include "util/csvcell.h"
#include "util/devicetime.h"

#include <QByteArray>
#include <QDate>
#include <QIODevice>
#include <QStringView>

#include <charconv>
#include <cstring>
#include <limits>

namespace termdesk::service::csvfields {

// Bytes collected before one write to the device: large enough that the device call is noise,
// small enough to stay in cache.
constexpr qsizetype CHUNK_BYTES = 256 * 1024;
constexpr qint64 MS_PER_DAY = 86'400'000;

inline constexpr qint64 floorDiv(qint64 a, qint64 b)
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

    /// A text field as UTF-8, quoted when needed, a formula-like text guarded unless @p mode is
    /// Raw (csv::textCell). Most fields are plain ASCII: copy those directly.
    void putText(QStringView s, csv::TextCells mode)
    {
        if (mode == csv::TextCells::Safe && csv::startsLikeFormula(s)) {
            putSlow(s, mode);
            return;
        }
        const qsizetype n = s.size();
        char *d = room(n);
        const char16_t *p = s.utf16();
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t c = p[i];
            if (c >= 0x80 || c == u',' || c == u'"' || c == u'\r' || c == u'\n') {
                putSlow(s, mode);
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
    void putSlow(QStringView s, csv::TextCells mode)
    {
        QByteArray field;
        csv::appendText(field, s, mode);
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

} // namespace termdesk::service::csvfields
