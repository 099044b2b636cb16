// SPDX-License-Identifier: GPL-3.0-or-later
#include "querypunchinsert.h"

#include "insertorder.h"
#include "model/terminaltext.h"
#include "sqldialect.h"

#include <QVariant>

namespace termdesk::storage {

std::unique_ptr<QueryPunchInsert> QueryPunchInsert::create(const QSqlDatabase &db, const SqlDialect &dialect,
                                                           QString *error)
{
    std::unique_ptr<QueryPunchInsert> self(new QueryPunchInsert);
    self->m_db = db;
    self->m_orderInserts = db.driverName() == QLatin1String("QPSQL"); // SQLite has one writer
    if (!prepareQuery(db, punchInsertSql(dialect), self->m_insert, error) ||
        !prepareQuery(db, punchCountSql(dialect), self->m_count, error))
        return nullptr;
    for (int c = 0; c < PunchColumnCount; ++c)
        self->m_placeholder[c] = u':' + QLatin1String(PUNCH_COLUMNS[c]);
    return self;
}

bool QueryPunchInsert::insert(qint64 terminalId, qint64 receivedMs, std::span<PunchRow> rows, QString *error)
{
    // Before this transaction draws its first id, until its COMMIT: ids become visible in order
    // with several writers (insertorder.h).
    if (m_orderInserts && !m_ordered) {
        if (!lockInsertOrder(m_db, error))
            return false;
        m_ordered = true;
    }
    QSqlQuery &q = m_insert;
    const auto &at = m_placeholder;
    for (PunchRow &row : rows) {
        const Punch &p = *row.punch;
        q.bindValue(at[PunchTerminalId], terminalId);
        q.bindValue(at[PunchEnrollId], p.enrollId);
        q.bindValue(at[PunchLocalTime], p.localTime);
        q.bindValue(at[PunchVerifyMode], p.verifyMode);
        q.bindValue(at[PunchInOut], p.inOut);
        q.bindValue(at[PunchEvent], p.event);
        q.bindValue(at[PunchUtcMs], row.utcMs);
        q.bindValue(at[PunchUtcOffsetMin], row.offsetMin);
        q.bindValue(at[PunchTemperature],
                    p.temperature ? QVariant(*p.temperature) : QVariant(QMetaType::fromType<double>()));
        const QString name = terminaltext::cleanedName(p.name);
        q.bindValue(at[PunchName], name.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(name));
        q.bindValue(at[PunchReceivedMs], receivedMs);
        q.bindValue(at[PunchFlags], row.flags);
        if (!execQuery(q, error))
            return false;
        row.rowId = insertedId(q);
    }
    return true;
}

bool QueryPunchInsert::count(const PunchCounts &counts, QString *error)
{
    QSqlQuery &q = m_count;
    q.bindValue(QStringLiteral(":seen_ms"), counts.seenMs);
    q.bindValue(QStringLiteral(":received"), counts.received);
    q.bindValue(QStringLiteral(":stored"), counts.stored);
    q.bindValue(QStringLiteral(":duplicates"), counts.duplicates);
    q.bindValue(QStringLiteral(":terminal_id"), counts.terminalId);
    return execQuery(q, error);
}

} // namespace termdesk::storage
