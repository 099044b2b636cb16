// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativepunchinsert.h"

#include "model/terminaltext.h"
#include "sqldialect.h"

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

std::unique_ptr<NativePunchInsert> NativePunchInsert::create(const QSqlDatabase &db, const SqlDialect &dialect,
                                                             QString *error)
{
    auto insertStatement = NativeStatement::create(db, punchInsertSql(dialect).toUtf8(), error);
    auto countStatement =
        insertStatement ? NativeStatement::create(db, punchCountSql(dialect).toUtf8(), error) : nullptr;
    if (!insertStatement || !countStatement)
        return nullptr;
    std::unique_ptr<NativePunchInsert> self(
        new NativePunchInsert(std::move(insertStatement), std::move(countStatement)));
    for (int c = 0; c < PunchColumnCount; ++c) {
        const QByteArray name = ':' + QByteArray(PUNCH_COLUMNS[c]);
        self->m_param[c] = self->m_insert->parameter(name.constData());
        if (self->m_param[c] == 0) {
            if (error)
                *error = QStringLiteral("the punch INSERT has no parameter %1").arg(QLatin1String(name));
            return nullptr;
        }
    }
    return self;
}

NativePunchInsert::NativePunchInsert(std::unique_ptr<NativeStatement> insertStatement,
                                     std::unique_ptr<NativeStatement> countStatement)
    : m_insert(std::move(insertStatement)), m_count(std::move(countStatement))
{
}

bool NativePunchInsert::insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error)
{
    sqlite3 *db = m_insert->db();
    sqlite3_stmt *stmt = m_insert->handle();
    const auto &at = m_param;
    for (PunchRow &row : rows) {
        const Punch &p = *row.punch;
        const BindableText localTime(p.localTime);
        const BindableText name(terminaltext::cleanedName(p.name));
        sqlite3_bind_int64(stmt, at[PunchTerminalId], terminalId);
        sqlite3_bind_int64(stmt, at[PunchEnrollId], p.enrollId);
        sqlite3_bind_text(stmt, at[PunchLocalTime], localTime.data(), localTime.size(), SQLITE_STATIC);
        sqlite3_bind_int(stmt, at[PunchVerifyMode], p.verifyMode);
        sqlite3_bind_int(stmt, at[PunchInOut], p.inOut);
        sqlite3_bind_int(stmt, at[PunchEvent], p.event);
        sqlite3_bind_int64(stmt, at[PunchUtcMs], row.utcMs);
        sqlite3_bind_int(stmt, at[PunchUtcOffsetMin], row.offsetMin);
        if (p.temperature)
            sqlite3_bind_double(stmt, at[PunchTemperature], *p.temperature);
        else
            sqlite3_bind_null(stmt, at[PunchTemperature]);
        if (name.size() == 0)
            sqlite3_bind_null(stmt, at[PunchName]);
        else
            sqlite3_bind_text(stmt, at[PunchName], name.data(), name.size(), SQLITE_STATIC);
        sqlite3_bind_int64(stmt, at[PunchReceivedMs], receivedMs);
        sqlite3_bind_int(stmt, at[PunchFlags], row.flags);
        const int rc = sqlite3_step(stmt);
        const int changes = sqlite3_changes(db);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt); // the text buffers above die with this iteration
        if (rc != SQLITE_DONE) {
            if (error)
                *error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
        row.rowId = changes > 0 ? sqlite3_last_insert_rowid(db) : 0;
    }
    return true;
}

bool NativePunchInsert::count(const PunchCounts &counts, QString *error)
{
    m_count->bind(":seen_ms", counts.seenMs);
    m_count->bind(":received", counts.received);
    m_count->bind(":stored", counts.stored);
    m_count->bind(":duplicates", counts.duplicates);
    m_count->bind(":terminal_id", counts.terminalId);
    return m_count->exec(error);
}

} // namespace termdesk::storage
