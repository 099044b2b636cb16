// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalstore.h"

#include "util/clock.h"

#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::storage {

QList<TerminalRow> TerminalStore::list(QSqlDatabase db, QString *error)
{
    QList<TerminalRow> rows;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sn, name, protocol, admission, COALESCE(model, ''), COALESCE(firmware, ''),"
                               " COALESCE(peer_address, ''), last_seen_ms, clock_drift_s, punches_stored,"
                               " punches_duplicate, records_quarantined, COALESCE(last_refusal, '')"
                               " FROM terminals ORDER BY sn"))) {
        if (error)
            *error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        TerminalRow r;
        r.sn = q.value(0).toString();
        r.name = q.value(1).toString();
        r.protocol = q.value(2).toString();
        r.admission = q.value(3).toString();
        r.model = q.value(4).toString();
        r.firmware = q.value(5).toString();
        r.peer = q.value(6).toString();
        r.lastSeenMs = q.value(7).toLongLong();
        if (!q.value(8).isNull())
            r.clockDriftS = q.value(8).toLongLong();
        r.punchesStored = q.value(9).toLongLong();
        r.punchesDuplicate = q.value(10).toLongLong();
        r.quarantined = q.value(11).toLongLong();
        r.lastRefusal = q.value(12).toString();
        rows.append(r);
    }
    return rows;
}

bool TerminalStore::setAdmission(QSqlDatabase db, const QString &sn, Admission admission, QString *error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                       " VALUES (?, 'ws', ?, 0, 0) ON CONFLICT (sn) DO UPDATE SET admission = excluded.admission"));
    q.addBindValue(sn);
    q.addBindValue(admissionName(admission));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

bool TerminalStore::rename(QSqlDatabase db, const QString &sn, const QString &name, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE terminals SET name = ? WHERE sn = ?"));
    q.addBindValue(name);
    q.addBindValue(sn);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("no terminal with serial %1").arg(sn);
        return false;
    }
    return true;
}

} // namespace termdesk::storage
