// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitedialect.h"

#include "nativepunchinsert.h"
#include "querypunchinsert.h"
#include "walcheckpointer.h"

#include "util/logging.h"

#include <QSqlError>

namespace termdesk::storage {

std::unique_ptr<SqliteDialect> SqliteDialect::create(const QSqlDatabase &db, const OpenOptions &options, QString *error)
{
    std::unique_ptr<SqliteDialect> d(new SqliteDialect(db));
    // Checkpoints run on WalCheckpointer's thread; the writer's own is only a safety net.
    QString pragmaError;
    if (!options.readOnly &&
        !d->run(nullptr, QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(WalCheckpointer::WRITER_AUTO_PAGES),
                &pragmaError))
        qCWarning(lcStorage) << "wal_autocheckpoint:" << pragmaError;
    if (options.sqliteCApi && nativeHandle(db)) {
        QString nativeError;
        d->m_begin = NativeStatement::create(db, "BEGIN IMMEDIATE", &nativeError);
        d->m_commit = NativeStatement::create(db, "COMMIT", &nativeError);
        d->m_rollback = NativeStatement::create(db, "ROLLBACK", &nativeError);
        if (d->m_begin && d->m_commit && d->m_rollback)
            d->m_punches = NativePunchInsert::create(db, *d, &nativeError);
        if (!d->m_punches) {
            qCWarning(lcStorage) << "SQLite C API statements unavailable, using QSqlQuery:" << nativeError;
            d->m_begin.reset();
            d->m_commit.reset();
            d->m_rollback.reset();
        }
    }
    if (!d->m_punches)
        d->m_punches = QueryPunchInsert::create(db, *d, error);
    if (!d->m_punches)
        return nullptr;
    return d;
}

bool SqliteDialect::run(NativeStatement *native, const QString &sql, QString *error)
{
    if (native)
        return native->exec(error);
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool SqliteDialect::begin(QString *error)
{
    // A plain BEGIN takes the write lock only at its first write, and fails then without waiting
    // if another connection committed in between (Database::beginWrite says more).
    return run(m_begin.get(), QStringLiteral("BEGIN IMMEDIATE"), error);
}

bool SqliteDialect::commit(QString *error)
{
    return run(m_commit.get(), QStringLiteral("COMMIT"), error);
}

void SqliteDialect::rollback()
{
    QString ignored;
    run(m_rollback.get(), QStringLiteral("ROLLBACK"), &ignored);
}

QString SqliteDialect::greatest(const QString &a, const QString &b) const
{
    return QStringLiteral("MAX(%1, %2)").arg(a, b);
}

QString SqliteDialect::proposed(const char *column) const
{
    return QLatin1String("excluded.") + QLatin1String(column);
}

} // namespace termdesk::storage
