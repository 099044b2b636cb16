// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobcontext.h"

#include "jobdispatch.h"

#include <QVariant>

namespace termdesk::storage {

JobContext::JobContext(const QSqlDatabase &db, SqlDialect &dialect, bool storePhotos)
    : m_db(db), m_dialect(dialect), m_storePhotos(storePhotos)
{
}

QSqlQuery *JobContext::statement(SqlText sql)
{
    if (const auto it = m_statements.find(sql); it != m_statements.end())
        return &it->second;
    QSqlQuery query(m_db);
    if (!prepareQuery(m_db, sql(m_dialect), query, &m_error))
        return nullptr;
    return &m_statements.emplace(sql, std::move(query)).first->second;
}

bool JobContext::exec(QSqlQuery &query)
{
    return execQuery(query, &m_error);
}

QString takeJobError(JobContext &ctx)
{
    return ctx.takeError();
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant intOrNull(const std::optional<qint64> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace termdesk::storage
