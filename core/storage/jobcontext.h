// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchrows.h"
#include "sqldialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <QVariant>

#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace termdesk::storage {

/// A statement's SQL, made from the dialect. The function's address also names the statement:
/// JobContext prepares it once per connection.
using SqlText = QString (*)(const SqlDialect &);

/// @brief What a job runs on: the writer's connection inside the transaction of one drain, the
/// dialect, the statements prepared so far, and the writer's settings. A job reports a failure by
/// returning false with the reason left here (by statement(), exec(), or a helper writing into
/// errorOut()); the writer moves it into the job's result (takeError()).
class JobContext
{
public:
    JobContext(const QSqlDatabase &db, SqlDialect &dialect, bool storePhotos);
    JobContext(const JobContext &) = delete;
    JobContext &operator=(const JobContext &) = delete;

    const QSqlDatabase &database() const { return m_db; }
    const SqlDialect &dialect() const { return m_dialect; }
    /// The punch path of the transaction running: the dialect's, or its punch connection's while
    /// the writer runs a run of plain punch batches there (usePunchRows()).
    PunchRowWriter &punchRows() { return m_punchRows ? *m_punchRows : m_dialect.punchRows(); }
    /// The writer's switch between the two; nullptr: the dialect's punchRows().
    void usePunchRows(PunchRowWriter *rows) { m_punchRows = rows; }

    /// The statement `sql` makes, prepared on first use and kept; nullptr (the reason kept) when
    /// it cannot be prepared. Bind by name (`:column`), then exec().
    QSqlQuery *statement(SqlText sql);
    /// Runs a prepared statement; false (the reason kept) when it failed.
    bool exec(QSqlQuery &query);
    /// For helpers that report through a `QString *error`.
    QString *errorOut() { return &m_error; }
    QString takeError() { return std::exchange(m_error, {}); }

    bool storePhotos() const { return m_storePhotos; }
    /// Whether punch results carry the stored punches (the console's live feed).
    bool liveFeed() const { return m_liveFeed; }
    void setLiveFeed(bool on) { m_liveFeed = on; }
    /// A buffer for one batch's rows, reused from batch to batch (no allocation per batch once grown).
    std::vector<PunchRow> &punchRowBuffer() { return m_rows; }

private:
    QSqlDatabase m_db;
    SqlDialect &m_dialect;
    const bool m_storePhotos;
    bool m_liveFeed = true;
    PunchRowWriter *m_punchRows = nullptr;
    QString m_error;
    std::unordered_map<SqlText, QSqlQuery> m_statements;
    std::vector<PunchRow> m_rows;
};

/// A bound value for a nullable column: NULL when the text is empty.
QVariant textOrNull(const QString &text);
/// A bound value for a nullable integer column.
QVariant intOrNull(const std::optional<qint64> &value);

} // namespace termdesk::storage
