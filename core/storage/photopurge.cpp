// SPDX-License-Identifier: GPL-3.0-or-later
#include "photopurge.h"

#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage::photopurge {

QString deleteSql()
{
    return QStringLiteral("DELETE FROM punch_photos WHERE punch_id IN"
                          " (SELECT ph.punch_id FROM punch_photos ph JOIN punches p ON p.id = ph.punch_id"
                          " WHERE p.utc_ms < :before)");
}

void setSecureDelete(QSqlDatabase db, bool on)
{
    if (db.driverName() == QLatin1String("QSQLITE"))
        QSqlQuery(db).exec(on ? QStringLiteral("PRAGMA secure_delete = ON")
                              : QStringLiteral("PRAGMA secure_delete = OFF"));
}

int run(QSqlDatabase db, qint64 beforeMs, QString *error)
{
    setSecureDelete(db, true);
    QSqlQuery q(db);
    if (!q.prepare(deleteSql())) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    q.bindValue(QStringLiteral(":before"), beforeMs);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.numRowsAffected();
}

} // namespace termdesk::storage::photopurge
