// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativepunchinsert.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>

namespace termdesk::storage {
namespace {

constexpr int COLUMNS = 12;
constexpr char INSERT_HEAD[] = "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event,"
                               " utc_ms, utc_offset_min, temperature, name, received_ms, flags) VALUES ";
constexpr char ROW_VALUES[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char INSERT_TAIL[] = " ON CONFLICT DO NOTHING";

QByteArray insertSql(int rows)
{
    QByteArray sql(INSERT_HEAD);
    for (int i = 0; i < rows; ++i)
        sql.append(i ? ", " : "").append(ROW_VALUES);
    return sql.append(INSERT_TAIL);
}

} // namespace

void NativePunchInsert::Text::set(const QString &text)
{
    const qsizetype n = text.size();
    bool ascii = n <= qsizetype(sizeof m_small);
    for (qsizetype i = 0; ascii && i < n; ++i) {
        const char16_t c = text.at(i).unicode();
        ascii = c < 0x80;
        m_small[i] = static_cast<char>(c);
    }
    if (ascii) {
        m_data = m_small;
        m_size = static_cast<int>(n);
    } else {
        m_utf8 = text.toUtf8();
        m_data = m_utf8.constData();
        m_size = static_cast<int>(m_utf8.size());
    }
}

std::unique_ptr<NativePunchInsert> NativePunchInsert::create(const QSqlDatabase &db, QString *error)
{
    if (!TERMDESK_NATIVE_SQLITE || db.driverName() != QLatin1String("QSQLITE"))
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *raw = *static_cast<sqlite3 *const *>(handle.constData());
    if (!raw)
        return nullptr;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(raw, insertSql(1).constData(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(raw));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return std::unique_ptr<NativePunchInsert>(new NativePunchInsert(raw, stmt));
}

NativePunchInsert::NativePunchInsert(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt)
{
    m_many[1] = stmt;
}

NativePunchInsert::~NativePunchInsert()
{
    for (sqlite3_stmt *stmt : m_many)
        sqlite3_finalize(stmt); // m_stmt is m_many[1]; finalize(nullptr) does nothing
}

sqlite3_stmt *NativePunchInsert::statementFor(int rows, QString *error)
{
    sqlite3_stmt *&stmt = m_many[static_cast<size_t>(rows)];
    if (!stmt && sqlite3_prepare_v3(m_db, insertSql(rows).constData(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
                     SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_finalize(stmt);
        stmt = nullptr;
    }
    return stmt;
}

void NativePunchInsert::bindRow(sqlite3_stmt *stmt, int first, qint64 terminalId, const Row &row, qint64 receivedMs,
                                Text *texts)
{
    const Punch &p = *row.punch;
    texts[0].set(p.localTime);
    texts[1].set(p.name);
    sqlite3_bind_int64(stmt, first + 1, terminalId);
    sqlite3_bind_int64(stmt, first + 2, p.enrollId);
    sqlite3_bind_text(stmt, first + 3, texts[0].data(), texts[0].size(), SQLITE_STATIC);
    sqlite3_bind_int(stmt, first + 4, p.verifyMode);
    sqlite3_bind_int(stmt, first + 5, p.inOut);
    sqlite3_bind_int(stmt, first + 6, p.event);
    sqlite3_bind_int64(stmt, first + 7, row.utcMs);
    sqlite3_bind_int(stmt, first + 8, row.offset);
    if (p.temperature)
        sqlite3_bind_double(stmt, first + 9, *p.temperature);
    else
        sqlite3_bind_null(stmt, first + 9);
    if (texts[1].size() == 0)
        sqlite3_bind_null(stmt, first + 10);
    else
        sqlite3_bind_text(stmt, first + 10, texts[1].data(), texts[1].size(), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, first + 11, receivedMs);
    sqlite3_bind_int(stmt, first + 12, row.flags);
}

int NativePunchInsert::run(sqlite3_stmt *stmt, QString *error)
{
    const int rc = sqlite3_step(stmt);
    const int added = sqlite3_changes(m_db); // rows this INSERT added (duplicates add none)
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt); // the text buffers bound above are reused by the next call
    if (rc == SQLITE_DONE)
        return added;
    if (error)
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
    return -1;
}

int NativePunchInsert::insert(qint64 terminalId, const Row &row, qint64 receivedMs, QString *error)
{
    bindRow(m_stmt, 0, terminalId, row, receivedMs, m_texts.data());
    const int added = run(m_stmt, error);
    return added < 0 ? -1 : added > 0 ? 1 : 0;
}

int NativePunchInsert::insertMany(qint64 terminalId, const QList<Row> &rows, qint64 receivedMs, QString *error)
{
    int inserted = 0;
    for (qsizetype from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
        const int n = static_cast<int>(std::min<qsizetype>(ROWS_PER_STATEMENT, rows.size() - from));
        sqlite3_stmt *stmt = statementFor(n, error);
        if (!stmt)
            return -1;
        for (int i = 0; i < n; ++i)
            bindRow(stmt, i * COLUMNS, terminalId, rows.at(from + i), receivedMs, &m_texts[size_t(2 * i)]);
        const int added = run(stmt, error);
        if (added < 0)
            return -1;
        inserted += added;
    }
    return inserted;
}

qint64 NativePunchInsert::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace termdesk::storage
