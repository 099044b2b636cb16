// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresdialect.h"

#include "querypunchinsert.h"
#include "util/logging.h"

#if TERMDESK_LIBPQ
#include "libpqpunchinsert.h"
#endif

#include <QSqlError>

namespace termdesk::storage {

std::unique_ptr<PostgresDialect> PostgresDialect::create(const QSqlDatabase &db, const OpenOptions &options,
                                                         QString *error)
{
    std::unique_ptr<PostgresDialect> d(new PostgresDialect(db));
    d->m_punches = QueryPunchInsert::create(db, *d, error);
    if (!d->m_punches)
        return nullptr;
#if TERMDESK_LIBPQ
    if (options.postgresLibpq) {
        d->m_ownConnection = LibpqPunchInsert::create(db, error);
        if (!d->m_ownConnection)
            return nullptr;
        qCDebug(lcStorage) << "punches through libpq on a connection of their own";
    }
#else
    Q_UNUSED(options)
#endif
    return d;
}

PostgresDialect::~PostgresDialect() = default;

bool PostgresDialect::run(const QString &sql, QString *error)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool PostgresDialect::begin(QString *error)
{
    m_punches->transactionBegun();
    return run(QStringLiteral("BEGIN"), error);
}

PunchRowWriter &PostgresDialect::punchRows()
{
    return *m_punches;
}

bool PostgresDialect::commit(QString *error)
{
    // synchronous_commit stays on: COMMIT returns once the transaction is durable, and only then
    // does the writer acknowledge its punches.
    return run(QStringLiteral("COMMIT"), error);
}

void PostgresDialect::rollback()
{
    QString ignored;
    run(QStringLiteral("ROLLBACK"), &ignored);
}

QString PostgresDialect::greatest(const QString &a, const QString &b) const
{
    return QStringLiteral("GREATEST(%1, %2)").arg(a, b);
}

QString PostgresDialect::proposed(const char *column) const
{
    return QLatin1String("EXCLUDED.") + QLatin1String(column);
}

QString PostgresDialect::returningId() const
{
    return QStringLiteral(" RETURNING id");
}

} // namespace termdesk::storage
