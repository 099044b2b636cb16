// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativepunchinsert.h"

#include "nativestatement.h"

#include <sqlite3.h>

namespace termdesk::storage {
namespace {

/// Text to bind without a heap copy: short ASCII (times, most names) is narrowed into a buffer
/// on the stack; anything else goes through UTF-8.
class BindableText
{
public:
    explicit BindableText(const QString &text)
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
    const char *data() const { return m_data; }
    int size() const { return m_size; }

private:
    char m_small[64];
    QByteArray m_utf8;
    const char *m_data = nullptr;
    int m_size = 0;
};

} // namespace

std::unique_ptr<NativePunchInsert> NativePunchInsert::create(const QSqlDatabase &db, QString *error)
{
    sqlite3 *raw = nativeHandle(db); // nullptr unless this build talks to Qt's SQLite directly
    if (!raw)
        return nullptr;
    sqlite3_stmt *stmt = nullptr;
    const char *sql = "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                      " utc_offset_min, temperature, name, received_ms, flags)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    if (sqlite3_prepare_v3(raw, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(raw));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return std::unique_ptr<NativePunchInsert>(new NativePunchInsert(raw, stmt));
}

NativePunchInsert::NativePunchInsert(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}

NativePunchInsert::~NativePunchInsert()
{
    sqlite3_finalize(m_stmt);
}

int NativePunchInsert::insert(qint64 terminalId, const Punch &p, qint64 utcMs, int offset, qint64 receivedMs, int flags,
                              QString *error)
{
    const BindableText localTime(p.localTime);
    const BindableText name(p.name);
    sqlite3_bind_int64(m_stmt, 1, terminalId);
    sqlite3_bind_int64(m_stmt, 2, p.enrollId);
    sqlite3_bind_text(m_stmt, 3, localTime.data(), localTime.size(), SQLITE_STATIC);
    sqlite3_bind_int(m_stmt, 4, p.verifyMode);
    sqlite3_bind_int(m_stmt, 5, p.inOut);
    sqlite3_bind_int(m_stmt, 6, p.event);
    sqlite3_bind_int64(m_stmt, 7, utcMs);
    sqlite3_bind_int(m_stmt, 8, offset);
    if (p.temperature)
        sqlite3_bind_double(m_stmt, 9, *p.temperature);
    else
        sqlite3_bind_null(m_stmt, 9);
    if (name.size() == 0)
        sqlite3_bind_null(m_stmt, 10);
    else
        sqlite3_bind_text(m_stmt, 10, name.data(), name.size(), SQLITE_STATIC);
    sqlite3_bind_int64(m_stmt, 11, receivedMs);
    sqlite3_bind_int(m_stmt, 12, flags);
    const int rc = sqlite3_step(m_stmt);
    const int changes = sqlite3_changes(m_db);
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt); // the text buffers above die with this call
    if (rc != SQLITE_DONE) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return -1;
    }
    return changes > 0 ? 1 : 0;
}

qint64 NativePunchInsert::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace termdesk::storage
