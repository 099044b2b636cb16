// SPDX-License-Identifier: GPL-3.0-or-later
#include "libpqpunchinsert.h"

#include "insertorder.h"
#include "model/terminaltext.h"
#include "pgconnection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace termdesk::storage {
namespace {

constexpr const char *INSERT_NAME = "termdesk_punch_insert";
constexpr const char *COUNT_NAME = "termdesk_punch_count";

// The arrays of a batch, in the order of the INSERT's parameters $3 ... $12.
enum PunchArray : int {
    ArrEnrollId,
    ArrLocalTime,
    ArrVerifyMode,
    ArrInOut,
    ArrEvent,
    ArrUtcMs,
    ArrUtcOffsetMin,
    ArrTemperature,
    ArrName,
    ArrFlags,
    ArrCount
};

constexpr const char *COUNT_SQL = "UPDATE terminals SET last_seen_ms = GREATEST(last_seen_ms, $1::bigint),"
                                  " punches_received = punches_received + $2::bigint,"
                                  " punches_stored = punches_stored + $3::bigint,"
                                  " punches_duplicate = punches_duplicate + $4::bigint WHERE id = $5::bigint";

void appendNumber(QByteArray &out, qint64 value)
{
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, end - buf);
}

void appendDouble(QByteArray &out, double value)
{
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr; // shortest text that reads back the same
    out.append(buf, end - buf);
}

/// An array element in double quotes, `"` and `\` escaped (PostgreSQL's array text format).
void appendQuoted(QByteArray &out, const QByteArray &utf8)
{
    out += '"';
    for (const char c : utf8) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

qint64 number(const char *text)
{
    return std::strtoll(text, nullptr, 10);
}

} // namespace

const char *LibpqPunchInsert::insertSql()
{
    return "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
           " utc_offset_min, temperature, name, received_ms, flags)"
           " SELECT $1::bigint, u.e, u.lt, u.vm, u.io, u.ev, u.um, u.uo, u.t, u.n, $2::bigint, u.f"
           " FROM unnest($3::bigint[], $4::text[], $5::integer[], $6::integer[], $7::integer[], $8::bigint[],"
           " $9::integer[], $10::double precision[], $11::text[], $12::integer[])"
           " AS u(e, lt, vm, io, ev, um, uo, t, n, f)"
           " ON CONFLICT DO NOTHING RETURNING id, local_time, enroll_id, verify_mode, in_out, event";
}

LibpqPunchInsert::LibpqPunchInsert(std::unique_ptr<PgConnection> conn) : m_conn(std::move(conn)) {}

LibpqPunchInsert::~LibpqPunchInsert() = default;

std::unique_ptr<LibpqPunchInsert> LibpqPunchInsert::create(const QSqlDatabase &like, QString *error)
{
    auto conn = PgConnection::open(like, "termdesk-punches", error);
    if (!conn)
        return nullptr;
    std::unique_ptr<LibpqPunchInsert> self(new LibpqPunchInsert(std::move(conn)));
    if (!self->prepare(error))
        return nullptr;
    return self;
}

bool LibpqPunchInsert::prepare(QString *error)
{
    return m_conn->prepare(INSERT_NAME, insertSql(), 12, error) && m_conn->prepare(COUNT_NAME, COUNT_SQL, 5, error);
}

bool LibpqPunchInsert::begin(QString *error)
{
    m_ordered = false;
    bool reconnected = false;
    if (!m_conn->ensureUp(&reconnected, error))
        return false;
    if (reconnected && !prepare(error)) // prepared statements belong to the lost session
        return false;
    if (m_conn->command("BEGIN", error))
        return true;
    // A connection found lost only now (the server restarted, the network dropped it): once more
    // on a new one; nothing of this transaction was sent yet.
    if (!m_conn->ensureUp(&reconnected, error) || !reconnected)
        return false;
    return prepare(error) && m_conn->command("BEGIN", error);
}

bool LibpqPunchInsert::commit(QString *error)
{
    // COMMIT of a transaction that failed answers ROLLBACK: that is a failure too.
    return m_conn->command("COMMIT", error, "COMMIT");
}

void LibpqPunchInsert::rollback()
{
    QString ignored;
    m_conn->command("ROLLBACK", &ignored);
}

bool LibpqPunchInsert::insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error)
{
    // Before this transaction draws its first id, until its COMMIT: ids become visible in order
    // with several writers (insertorder.h).
    if (!m_ordered && !lockInsertOrder(*m_conn, error))
        return false;
    m_ordered = true;
    for (QByteArray &a : m_arrays) {
        a.resize(0); // keeps the capacity of the previous batches
        a += '{';
    }
    m_times.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        PunchRow &row = rows[i];
        row.rowId = 0;
        const Punch &p = *row.punch;
        if (i > 0) {
            for (QByteArray &a : m_arrays)
                a += ',';
        }
        m_times[i] = p.localTime.toUtf8();
        appendNumber(m_arrays[ArrEnrollId], p.enrollId);
        appendQuoted(m_arrays[ArrLocalTime], m_times[i]);
        appendNumber(m_arrays[ArrVerifyMode], p.verifyMode);
        appendNumber(m_arrays[ArrInOut], p.inOut);
        appendNumber(m_arrays[ArrEvent], p.event);
        appendNumber(m_arrays[ArrUtcMs], row.utcMs);
        appendNumber(m_arrays[ArrUtcOffsetMin], row.offsetMin);
        if (p.temperature)
            appendDouble(m_arrays[ArrTemperature], *p.temperature);
        else
            m_arrays[ArrTemperature] += "NULL";
        const QString name = terminaltext::cleanedName(p.name);
        if (name.isEmpty())
            m_arrays[ArrName] += "NULL";
        else
            appendQuoted(m_arrays[ArrName], name.toUtf8());
        appendNumber(m_arrays[ArrFlags], row.flags);
    }
    for (QByteArray &a : m_arrays)
        a += '}';
    const QByteArray terminal = QByteArray::number(terminalId);
    const QByteArray received = QByteArray::number(receivedMs);
    std::array<const char *, 2 + ArrCount> values{terminal.constData(), received.constData()};
    for (int a = 0; a < ArrCount; ++a)
        values[2 + a] = m_arrays[a].constData();
    const PgResult r = m_conn->run(INSERT_NAME, static_cast<int>(values.size()), values.data(), error);
    if (!r)
        return false;
    // RETURNING names each row it inserted by its unique key; match it to the batch's rows,
    // looking first where the previous match ended (the rows come back in the batch's order).
    const int inserted = PQntuples(r.get());
    size_t next = 0;
    for (int t = 0; t < inserted; ++t) {
        const qint64 id = number(PQgetvalue(r.get(), t, 0));
        const char *time = PQgetvalue(r.get(), t, 1);
        const int timeLength = PQgetlength(r.get(), t, 1);
        const qint64 enrollId = number(PQgetvalue(r.get(), t, 2));
        const qint64 verifyMode = number(PQgetvalue(r.get(), t, 3));
        const qint64 inOut = number(PQgetvalue(r.get(), t, 4));
        const qint64 event = number(PQgetvalue(r.get(), t, 5));
        for (size_t k = 0; k < rows.size(); ++k) {
            const size_t i = (next + k) % rows.size();
            PunchRow &row = rows[i];
            const Punch &p = *row.punch;
            if (row.rowId == 0 && p.enrollId == enrollId && p.verifyMode == verifyMode && p.inOut == inOut &&
                p.event == event && m_times[i].size() == timeLength &&
                std::memcmp(m_times[i].constData(), time, static_cast<size_t>(timeLength)) == 0) {
                row.rowId = id;
                next = i + 1;
                break;
            }
        }
    }
    return true;
}

bool LibpqPunchInsert::count(const PunchCounts &counts, QString *error)
{
    const QByteArray seen = QByteArray::number(counts.seenMs), received = QByteArray::number(counts.received),
                     stored = QByteArray::number(counts.stored), duplicates = QByteArray::number(counts.duplicates),
                     terminal = QByteArray::number(counts.terminalId);
    const char *values[] = {seen.constData(), received.constData(), stored.constData(), duplicates.constData(),
                            terminal.constData()};
    return m_conn->run(COUNT_NAME, 5, values, error) != nullptr;
}

} // namespace termdesk::storage
