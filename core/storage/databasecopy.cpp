// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasecopy.h"

#include "insertorder.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace termdesk::storage {
namespace {

/// The tables in the order their references need (terminals first: the others follow a terminal to
/// the id it has in the shared store).
const char *const TABLES[] = {"terminals",          "users",    "credentials", "terminal_users",
                              "terminal_user_info", "punches",  "door_events", "alarms",
                              "quarantine",         "commands", "audit"};

const QString TERMINAL_ID = QStringLiteral("terminal_id");

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

struct Copier
{
    QSqlDatabase from;
    QSqlDatabase to;
    QString sourceKey;
    QHash<qint64, qint64> terminalIds; ///< source id → the shared store's id of the same serial
    QString error;

    bool fail(const QString &why)
    {
        error = why;
        return false;
    }

    bool count(QSqlDatabase db, const QString &table, qint64 *n)
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)) || !q.next())
            return fail(QStringLiteral("counting %1: %2").arg(table, sqlError(q)));
        *n = q.value(0).toLongLong();
        return true;
    }

    bool lastCopied(const QString &table, qint64 *last)
    {
        QSqlQuery q(to);
        q.prepare(QStringLiteral("SELECT last_id FROM copy_progress WHERE source = ? AND tbl = ?"));
        q.addBindValue(sourceKey);
        q.addBindValue(table);
        if (!q.exec())
            return fail(QStringLiteral("reading copy_progress: %1").arg(sqlError(q)));
        *last = q.next() ? q.value(0).toLongLong() : 0;
        return true;
    }

    bool mapTerminals()
    {
        QHash<QString, qint64> target;
        QSqlQuery t(to);
        if (!t.exec(QStringLiteral("SELECT id, sn FROM terminals")))
            return fail(QStringLiteral("reading the shared store's terminals: %1").arg(sqlError(t)));
        while (t.next())
            target.insert(t.value(1).toString(), t.value(0).toLongLong());
        QSqlQuery s(from);
        if (!s.exec(QStringLiteral("SELECT id, sn FROM terminals")))
            return fail(QStringLiteral("reading the terminals: %1").arg(sqlError(s)));
        while (s.next()) {
            const auto it = target.constFind(s.value(1).toString());
            if (it == target.cend())
                return fail(QStringLiteral("terminal %1 is missing from the shared store").arg(s.value(1).toString()));
            terminalIds.insert(s.value(0).toLongLong(), *it);
        }
        return true;
    }

    /// One batch of @p rows (values in @p columns order) into @p table; rows whose key is there already
    /// are skipped.
    bool insert(const QString &table, const QStringList &columns, const QList<QVariantList> &rows, qint64 *added)
    {
        if (rows.isEmpty())
            return true;
        const QString one = u'(' + QStringList(columns.size(), QStringLiteral("?")).join(u',') + u')';
        QSqlQuery q(to);
        q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES %3 ON CONFLICT DO NOTHING")
                      .arg(table, columns.join(u','), QStringList(rows.size(), one).join(u',')));
        for (const QVariantList &row : rows) {
            for (const QVariant &v : row)
                q.addBindValue(v);
        }
        if (!q.exec())
            return fail(QStringLiteral("copying %1: %2").arg(table, sqlError(q)));
        *added += q.numRowsAffected();
        return true;
    }

    /// The photos of the punches with source ids in (@p after, @p upTo], attached to the punch with the
    /// same de-duplication key in the shared store (@p keys: source id → its key values).
    bool copyPhotos(qint64 after, qint64 upTo, const QHash<qint64, QVariantList> &keys)
    {
        QSqlQuery s(from);
        s.prepare(QStringLiteral("SELECT punch_id, image FROM punch_photos WHERE punch_id > ? AND punch_id <= ?"));
        s.addBindValue(after);
        s.addBindValue(upTo);
        if (!s.exec())
            return fail(QStringLiteral("reading punch photos: %1").arg(sqlError(s)));
        QSqlQuery q(to);
        q.prepare(QStringLiteral("INSERT INTO punch_photos (punch_id, image) SELECT id, ? FROM punches WHERE"
                                 " local_time = ? AND terminal_id = ? AND enroll_id = ? AND verify_mode = ? AND"
                                 " in_out = ? AND event = ? ON CONFLICT DO NOTHING"));
        while (s.next()) {
            const auto key = keys.constFind(s.value(0).toLongLong());
            if (key == keys.cend())
                continue; // a photo without its punch: nothing to attach it to
            q.addBindValue(s.value(1));
            for (const QVariant &v : *key)
                q.addBindValue(v);
            if (!q.exec())
                return fail(QStringLiteral("copying a punch photo: %1").arg(sqlError(q)));
        }
        return true;
    }

    bool copyTable(const QString &table, TableCopy *report)
    {
        QStringList columns;
        const QSqlRecord record = from.record(table);
        for (int i = 0; i < record.count(); ++i) {
            if (record.fieldName(i) != QLatin1String("id")) // the shared store gives its own
                columns << record.fieldName(i);
        }
        if (columns.isEmpty())
            return fail(QStringLiteral("the single-PC database has no table %1").arg(table));
        const int terminalColumn = static_cast<int>(columns.indexOf(TERMINAL_ID));
        const bool punches = table == QLatin1String("punches");
        const QStringList keyColumns = {QStringLiteral("local_time"), TERMINAL_ID,
                                        QStringLiteral("enroll_id"),  QStringLiteral("verify_mode"),
                                        QStringLiteral("in_out"),     QStringLiteral("event")};
        qint64 last = 0;
        if (!count(from, table, &report->source) || !lastCopied(table, &last))
            return false;
        for (;;) {
            QSqlQuery s(from);
            s.setForwardOnly(true);
            s.prepare(QStringLiteral("SELECT rowid, %1 FROM %2 WHERE rowid > ? ORDER BY rowid LIMIT %3")
                          .arg(columns.join(u','), table)
                          .arg(DatabaseCopy::BATCH));
            s.addBindValue(last);
            if (!s.exec())
                return fail(QStringLiteral("reading %1: %2").arg(table, sqlError(s)));
            QList<QVariantList> rows;
            QHash<qint64, QVariantList> keys;
            const qint64 after = last;
            while (s.next()) {
                last = s.value(0).toLongLong();
                QVariantList row;
                for (int c = 0; c < columns.size(); ++c) {
                    QVariant v = s.value(c + 1);
                    if (c == terminalColumn && !v.isNull()) {
                        const auto mapped = terminalIds.constFind(v.toLongLong());
                        if (mapped == terminalIds.cend())
                            return fail(QStringLiteral("%1 row %2 refers to terminal id %3, which the terminals "
                                                       "table does not hold")
                                            .arg(table)
                                            .arg(last)
                                            .arg(v.toLongLong()));
                        v = *mapped;
                    }
                    row << v;
                }
                if (punches) {
                    QVariantList key;
                    for (const QString &k : keyColumns)
                        key << row.at(columns.indexOf(k));
                    keys.insert(last, key);
                }
                rows << row;
            }
            if (rows.isEmpty())
                break;
            if (!to.transaction())
                return fail(QStringLiteral("starting a transaction: %1").arg(to.lastError().text()));
            QSqlQuery progress(to);
            progress.prepare(QStringLiteral("INSERT INTO copy_progress (source, tbl, last_id) VALUES (?, ?, ?)"
                                            " ON CONFLICT (source, tbl) DO UPDATE SET last_id = EXCLUDED.last_id"));
            progress.addBindValue(sourceKey);
            progress.addBindValue(table);
            progress.addBindValue(last);
            qint64 added = 0;
            // The punches' new ids become visible in order beside a running server (insertorder.h).
            const bool ordered = !punches || lockInsertOrder(to, &error);
            const bool ok = ordered && insert(table, columns, rows, &added) &&
                            (!punches || copyPhotos(after, last, keys)) &&
                            (progress.exec() || fail(QStringLiteral("recording progress: %1").arg(sqlError(progress))));
            if (!ok || !to.commit()) {
                to.rollback();
                return ok ? fail(QStringLiteral("committing %1: %2").arg(table, to.lastError().text())) : false;
            }
            report->copied += added;
        }
        return count(to, table, &report->target);
    }
};

} // namespace

CopyReport DatabaseCopy::run(QSqlDatabase from, QSqlDatabase to, const QString &sourceKey,
                             const std::function<void(const TableCopy &)> &progress)
{
    CopyReport report;
    Copier c{from, to, sourceKey, {}, {}};
    QSqlQuery create(to);
    if (!create.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS copy_progress (source TEXT NOT NULL, tbl TEXT NOT NULL,"
                                    " last_id BIGINT NOT NULL, PRIMARY KEY (source, tbl))"))) {
        report.error = QStringLiteral("creating copy_progress: %1").arg(sqlError(create));
        return report;
    }
    for (const char *name : TABLES) {
        const QString table = QLatin1String(name);
        TableCopy t{table, 0, 0, 0};
        if (!c.copyTable(table, &t) || (table == QLatin1String("terminals") && !c.mapTerminals())) {
            report.error = c.error;
            return report;
        }
        report.tables << t;
        if (progress)
            progress(t);
    }
    report.ok = true;
    return report;
}

} // namespace termdesk::storage
