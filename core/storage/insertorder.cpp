// SPDX-License-Identifier: GPL-3.0-or-later
#include "insertorder.h"

#include <QSqlError>
#include <QSqlQuery>

#if TERMDESK_LIBPQ
#include "pgconnection.h"
#endif

namespace termdesk::storage {

const char *insertOrderSql()
{
    // INSERT_ORDER_CLASS, INSERT_ORDER_KEY
    return "SELECT pg_advisory_xact_lock(1413763915, 1)";
}

static_assert(INSERT_ORDER_CLASS == 1413763915 && INSERT_ORDER_KEY == 1, "insertOrderSql() names the lock");

bool lockInsertOrder(const QSqlDatabase &db, QString *error)
{
    if (db.driverName() != QLatin1String("QPSQL"))
        return true;
    QSqlQuery q(db);
    if (q.exec(QLatin1String(insertOrderSql())))
        return true;
    if (error)
        *error = QStringLiteral("taking the insert-order lock: %1").arg(q.lastError().text());
    return false;
}

#if TERMDESK_LIBPQ
bool lockInsertOrder(PgConnection &conn, QString *error)
{
    return conn.command(insertOrderSql(), error);
}
#endif

} // namespace termdesk::storage
