// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <array>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace termdesk::storage {

/// @brief The punch INSERT bound through the SQLite C API on the writer's own Qt connection.
/// QSqlQuery's bindValue builds a placeholder name and a QVariant per value, which was 36–42 %
/// of the server's CPU while ingesting (docs/performance.md); this statement binds directly.
/// Only for the QSQLITE driver: other drivers keep the QSqlQuery path.
class NativePunchInsert
{
public:
    /// A punch ready to store: its UTC instant, offset and flags worked out.
    struct Row
    {
        const Punch *punch = nullptr;
        qint64 utcMs = 0;
        int offset = 0;
        int flags = 0;
    };
    /// Rows per statement of insertMany().
    static constexpr int ROWS_PER_STATEMENT = 50;

    /// nullptr when the connection is not SQLite or the statement cannot be prepared.
    static std::unique_ptr<NativePunchInsert> create(const QSqlDatabase &db, QString *error);
    ~NativePunchInsert();
    NativePunchInsert(const NativePunchInsert &) = delete;
    NativePunchInsert &operator=(const NativePunchInsert &) = delete;

    /// 1 inserted, 0 already stored (de-dup key), -1 error (`error` set).
    int insert(qint64 terminalId, const Row &row, qint64 receivedMs, QString *error);
    qint64 lastInsertId() const;

    /// The rows in statements of up to ROWS_PER_STATEMENT rows ("INSERT … VALUES (…), (…) ON
    /// CONFLICT DO NOTHING"): one statement start, cursor set-up and end per 50 punches instead
    /// of per punch (1 terminal, NORMAL: storage work per 50-punch batch ~150 -> ~135 us). Says
    /// how many were new, not which: for callers that need no row ids. -1 on error.
    int insertMany(qint64 terminalId, const QList<Row> &rows, qint64 receivedMs, QString *error);

    /// Text bound without a heap copy: short ASCII (times, most names) is narrowed into a buffer
    /// of its own; anything else goes through UTF-8. Alive until the statement has run.
    class Text
    {
    public:
        void set(const QString &text);
        const char *data() const { return m_data; }
        int size() const { return m_size; }

    private:
        char m_small[64];
        QByteArray m_utf8;
        const char *m_data = nullptr;
        int m_size = 0;
    };

private:
    NativePunchInsert(sqlite3 *db, sqlite3_stmt *stmt);
    /// The statement for @p rows rows, prepared on first use.
    sqlite3_stmt *statementFor(int rows, QString *error);
    /// Binds one row's 12 values from parameter @p first on; @p texts keeps its text alive.
    void bindRow(sqlite3_stmt *stmt, int first, qint64 terminalId, const Row &row, qint64 receivedMs, Text *texts);
    /// Steps a bound statement to its end: the rows it added, or -1 with `error` set.
    int run(sqlite3_stmt *stmt, QString *error);

    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
    std::array<sqlite3_stmt *, ROWS_PER_STATEMENT + 1> m_many{}; ///< by row count; [1] is m_stmt
    std::array<Text, 2 * ROWS_PER_STATEMENT> m_texts;            ///< local time and name per row
};

} // namespace termdesk::storage
