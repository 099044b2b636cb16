// SPDX-License-Identifier: GPL-3.0-or-later
#include "rosterops.h"

#include "model/commandkind.h"
#include "rosterpush.h"
#include "storage/auditlog.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "util/clock.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace termdesk::service {
namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString idList(const QList<qint64> &ids)
{
    QStringList s;
    for (const qint64 id : ids)
        s.append(QString::number(id));
    return s.join(u',');
}

/// Runs @p body in a transaction; records the audit row either way.
RosterOpResult transact(QSqlDatabase db, const QString &via, const QString &action, const QString &target,
                        const std::function<bool(RosterOpResult &)> &body)
{
    RosterOpResult r;
    if (!storage::Database::beginWrite(db, &r.error))
        return r;
    if (!body(r)) {
        db.rollback();
        r.commandIds.clear();
        if (r.error.isEmpty())
            r.error = QStringLiteral("nothing changed");
    } else if (!db.commit()) {
        r.error = db.lastError().text();
        db.rollback();
        r.commandIds.clear();
    } else {
        r.ok = true;
    }
    const QString result = !r.ok ? r.error
                                 : (r.commandIds.isEmpty() ? QStringLiteral("nothing queued")
                                                           : QStringLiteral("commands %1-%2 (%3)")
                                                                 .arg(r.commandIds.first())
                                                                 .arg(r.commandIds.last())
                                                                 .arg(r.origin));
    storage::AuditLog::record(db, storage::AuditLog::currentActor(via), action, target, r.summary, result);
    return r;
}

bool enqueue(QSqlDatabase db, RosterOpResult &r, const QString &sn, const QString &protocol, const QString &kind,
             const QString &payload)
{
    const qint64 id = storage::CommandStore::enqueue(db, sn, protocol, kind, payload, r.origin, &r.error);
    if (id == 0)
        return false;
    r.commandIds.append(id);
    return true;
}

bool enqueuePlan(QSqlDatabase db, RosterOpResult &r, const QString &sn, const RosterPushPlan &plan)
{
    for (const PushCommand &c : plan.commands) {
        if (!enqueue(db, r, sn, plan.protocol, c.kind, c.payload))
            return false;
    }
    return true;
}

QString label(qint64 id, const QString &name)
{
    return name.isEmpty() ? QStringLiteral("user %1").arg(id) : QStringLiteral("user %1 (%2)").arg(id).arg(name);
}

} // namespace

QList<std::pair<QString, QString>> RosterOps::holders(QSqlDatabase db, qint64 enrollId, QString *error)
{
    QList<std::pair<QString, QString>> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT sn, protocol FROM terminals WHERE id IN (SELECT terminal_id FROM terminal_users"
                             " WHERE enroll_id = ? UNION SELECT terminal_id FROM terminal_user_info"
                             " WHERE enroll_id = ?) ORDER BY sn"));
    q.addBindValue(enrollId);
    q.addBindValue(enrollId);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({q.value(0).toString(),
                    q.value(1).toString() == QLatin1String("tcp") ? QStringLiteral("tcp") : QStringLiteral("ws")});
    return out;
}

RosterOpResult RosterOps::push(QSqlDatabase db, const QString &sn, const QList<qint64> &enrollIds, const QString &via)
{
    const RosterPushPlan plan = RosterPush::plan(db, sn, enrollIds);
    if (!plan.ok) {
        RosterOpResult r;
        r.error = plan.error;
        return r;
    }
    return transact(db, via, QStringLiteral("push users"), sn, [&](RosterOpResult &r) {
        r.origin = storage::CommandStore::groupOrigin(via, QStringLiteral("push"));
        r.users = plan.usersPushed;
        r.refused = plan.usersRefused;
        r.messages = plan.messages;
        r.summary = QStringLiteral("%1 users pushed, %2 refused, %3 credentials skipped, %4 commands (%5)")
                        .arg(plan.usersPushed)
                        .arg(plan.usersRefused)
                        .arg(plan.credentialsSkipped)
                        .arg(plan.commands.size())
                        .arg(plan.protocol == QLatin1String("tcp") ? QString(termdesk::name(CommandKind::TcpWrite))
                                                                   : QStringLiteral("ws"));
        if (plan.commands.isEmpty()) {
            r.error = plan.usersRefused > 0 ? QStringLiteral("nothing queued: every user was refused")
                                            : QStringLiteral("nothing queued: no users to push");
            return false;
        }
        return enqueuePlan(db, r, sn, plan);
    });
}

RosterOpResult RosterOps::copy(QSqlDatabase db, const QString &from, const QString &to, const QList<qint64> &enrollIds,
                               const QString &via)
{
    RosterOpResult fail;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    auto terminal = [&](const QString &sn, qint64 *id, QString *fpalgo) {
        q.prepare(QStringLiteral("SELECT id, COALESCE(fpalgo, '') FROM terminals WHERE sn = ?"));
        q.addBindValue(sn);
        if (!q.exec() || !q.next()) {
            fail.error = q.lastError().isValid() && !q.lastError().text().isEmpty()
                             ? q.lastError().text()
                             : QStringLiteral("no terminal with serial %1 (see termdesk terminals)").arg(sn);
            return false;
        }
        *id = q.value(0).toLongLong();
        *fpalgo = q.value(1).toString().trimmed();
        q.finish();
        return true;
    };
    qint64 fromId = 0, toId = 0;
    QString fromAlgo, toAlgo;
    if (!terminal(from, &fromId, &fromAlgo) || !terminal(to, &toId, &toAlgo))
        return fail;
    if (fromId == toId) {
        fail.error = QStringLiteral("copy-users: the source and the target are the same terminal");
        return fail;
    }
    // What the source holds, and what of it the roster has with the same content.
    QHash<std::pair<qint64, int>, QString> held; // (enroll id, backup) → hash on the source
    QList<qint64> onSource;
    q.prepare(QStringLiteral("SELECT enroll_id, backup_num, COALESCE(data_hash, '') FROM terminal_users"
                             " WHERE terminal_id = ? ORDER BY enroll_id"));
    q.addBindValue(fromId);
    if (!q.exec()) {
        fail.error = q.lastError().text();
        return fail;
    }
    while (q.next()) {
        held.insert({q.value(0).toLongLong(), q.value(1).toInt()}, q.value(2).toString());
        if (!onSource.contains(q.value(0).toLongLong()))
            onSource.append(q.value(0).toLongLong());
    }
    q.prepare(QStringLiteral("SELECT enroll_id FROM terminal_user_info WHERE terminal_id = ? ORDER BY enroll_id"));
    q.addBindValue(fromId);
    if (q.exec()) {
        while (q.next()) {
            if (!onSource.contains(q.value(0).toLongLong()))
                onSource.append(q.value(0).toLongLong());
        }
    }
    std::sort(onSource.begin(), onSource.end());
    QHash<qint64, QString> names;
    QSet<std::pair<qint64, int>> sameInRoster;
    if (!q.exec(QStringLiteral("SELECT c.enroll_id, c.backup_num, c.data, u.name FROM credentials c"
                               " JOIN users u ON u.enroll_id = c.enroll_id"))) {
        fail.error = q.lastError().text();
        return fail;
    }
    while (q.next()) {
        const std::pair<qint64, int> key{q.value(0).toLongLong(), q.value(1).toInt()};
        names.insert(key.first, q.value(3).toString());
        const auto h = held.constFind(key);
        if (h != held.cend() && *h == storage::TerminalStore::contentHash(key.second, q.value(2).toString()))
            sameInRoster.insert(key);
    }
    q.finish();

    QStringList messages;
    QList<qint64> ids;
    int refused = 0;
    for (const qint64 id : enrollIds.isEmpty() ? onSource : enrollIds) {
        if (!onSource.contains(id)) {
            ++refused;
            messages.append(QStringLiteral("user %1 refused: not on %2").arg(id).arg(from));
            continue;
        }
        ids.append(id);
    }
    QSet<std::pair<qint64, int>> keep;
    const bool algoDiffers = !fromAlgo.isEmpty() && !toAlgo.isEmpty() && fromAlgo.compare(toAlgo, Qt::CaseInsensitive);
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        const auto [id, backup] = it.key();
        if (!ids.contains(id))
            continue;
        const QString who = label(id, names.value(id));
        if (backup >= 0 && backup <= 9 && algoDiffers) {
            messages.append(QStringLiteral("%1 fingerprint %2 not copied: %3 uses fpalgo %4, %5 uses fpalgo %6")
                                .arg(who)
                                .arg(backup)
                                .arg(from, fromAlgo, to, toAlgo));
            continue;
        }
        if (!sameInRoster.contains(it.key())) {
            messages.append(QStringLiteral("%1 %2 not copied: the roster does not hold what %3 holds (pull users "
                                           "from %3 first)")
                                .arg(who,
                                     backup <= 9 ? QStringLiteral("fingerprint %1").arg(backup)
                                                 : QStringLiteral("backupnum %1").arg(backup),
                                     from));
            continue;
        }
        keep.insert(it.key());
    }
    std::sort(messages.begin(), messages.end());
    if (ids.isEmpty()) {
        fail.error = QStringLiteral("copy-users: no user to copy from %1").arg(from);
        fail.messages = messages;
        fail.refused = refused;
        return fail;
    }
    const RosterPushPlan plan = RosterPush::plan(db, to, ids, [&keep](qint64 id, int backup) {
        return keep.contains({id, backup});
    });
    if (!plan.ok) {
        fail.error = plan.error;
        return fail;
    }
    return transact(db, via, QStringLiteral("copy users"), QStringLiteral("%1 -> %2").arg(from, to),
                    [&](RosterOpResult &r) {
                        r.origin = storage::CommandStore::groupOrigin(via, QStringLiteral("copy"));
                        r.users = plan.usersPushed;
                        r.refused = refused + plan.usersRefused;
                        r.messages = messages + plan.messages;
                        r.summary = QStringLiteral("%1 users copied from %2 to %3, %4 refused, %5 credentials not "
                                                   "copied, %6 commands")
                                        .arg(plan.usersPushed)
                                        .arg(from, to)
                                        .arg(r.refused)
                                        .arg(messages.size() - refused + plan.credentialsSkipped)
                                        .arg(plan.commands.size());
                        if (plan.commands.isEmpty()) {
                            r.error = QStringLiteral("nothing queued: every user was refused");
                            return false;
                        }
                        return enqueuePlan(db, r, to, plan);
                    });
}

RosterOpResult RosterOps::setEnabled(QSqlDatabase db, const QList<qint64> &enrollIds, bool enabled, const QString &via)
{
    const QString what = enabled ? QStringLiteral("enable") : QStringLiteral("disable");
    return transact(db, via, what + QStringLiteral(" users"), idList(enrollIds), [&](RosterOpResult &r) {
        r.origin = storage::CommandStore::groupOrigin(via, what);
        QSqlQuery q(db);
        int terminals = 0;
        for (const qint64 id : enrollIds) {
            q.prepare(QStringLiteral("UPDATE users SET enabled = ?, updated_ms = ? WHERE enroll_id = ?"));
            q.addBindValue(enabled ? 1 : 0);
            q.addBindValue(wallClockMs());
            q.addBindValue(id);
            if (!q.exec()) {
                r.error = q.lastError().text();
                return false;
            }
            if (q.numRowsAffected() == 0) {
                ++r.refused;
                r.messages.append(QStringLiteral("user %1 refused: not in the roster").arg(id));
                continue;
            }
            ++r.users;
            for (const auto &[sn, protocol] : holders(db, id, &r.error)) {
                ++terminals;
                if (protocol == QLatin1String("tcp")) {
                    // a TCP upsert replaces the user: send it whole, as the roster has it
                    const RosterPushPlan plan = RosterPush::plan(db, sn, {id});
                    r.messages += plan.messages;
                    if (!plan.ok || !enqueuePlan(db, r, sn, plan))
                        return false;
                    continue;
                }
                const int flag = enabled ? 1 : 0;
                if (!enqueue(db, r, sn, protocol, wsKind(u"enableuser"),
                             compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("enableuser")},
                                                 {QStringLiteral("enrollid"), id},
                                                 {QStringLiteral("enflag"), flag}})) ||
                    !enqueue(db, r, sn, protocol, wsKind(u"setuserinfo"),
                             compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("setuserinfo")},
                                                 {QStringLiteral("enrollid"), id},
                                                 {QStringLiteral("enable"), flag}})))
                    return false;
            }
            if (!r.error.isEmpty())
                return false;
        }
        r.summary = QStringLiteral("%1 users %2d in the roster, %3 not found, %4 commands to %5 terminal(s)")
                        .arg(r.users)
                        .arg(what)
                        .arg(r.refused)
                        .arg(r.commandIds.size())
                        .arg(terminals);
        if (r.users == 0)
            r.error = QStringLiteral("no such user in the roster");
        return r.users > 0;
    });
}

RosterOpResult RosterOps::remove(QSqlDatabase db, const QList<qint64> &enrollIds, const QString &via)
{
    return transact(db, via, QStringLiteral("delete users"), idList(enrollIds), [&](RosterOpResult &r) {
        r.origin = storage::CommandStore::groupOrigin(via, QStringLiteral("delete"));
        QSqlQuery q(db);
        QHash<QString, QJsonArray> tcpDeletes;
        QStringList tcpOrder;
        int terminals = 0;
        for (const qint64 id : enrollIds) {
            const auto where = holders(db, id, &r.error);
            if (!r.error.isEmpty())
                return false;
            q.prepare(QStringLiteral("DELETE FROM users WHERE enroll_id = ?"));
            q.addBindValue(id);
            if (!q.exec()) {
                r.error = q.lastError().text();
                return false;
            }
            const bool inRoster = q.numRowsAffected() > 0;
            q.prepare(QStringLiteral("DELETE FROM credentials WHERE enroll_id = ?"));
            q.addBindValue(id);
            if (!q.exec()) {
                r.error = q.lastError().text();
                return false;
            }
            if (!inRoster && where.isEmpty()) {
                ++r.refused;
                r.messages.append(QStringLiteral("user %1 refused: neither in the roster nor on a terminal").arg(id));
                continue;
            }
            ++r.users;
            for (const auto &[sn, protocol] : where) {
                ++terminals;
                if (protocol == QLatin1String("tcp")) {
                    if (!tcpDeletes.contains(sn))
                        tcpOrder.append(sn);
                    tcpDeletes[sn].append(id);
                    continue;
                }
                if (!enqueue(db, r, sn, protocol, wsKind(u"deleteuser"),
                             compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("deleteuser")},
                                                 {QStringLiteral("enrollid"), id},
                                                 {QStringLiteral("backupnum"), 13}})))
                    return false;
            }
        }
        for (const QString &sn : std::as_const(tcpOrder)) {
            if (!enqueue(db, r, sn, QStringLiteral("tcp"), QString(termdesk::name(CommandKind::TcpWrite)),
                         compact(QJsonObject{{QStringLiteral("delete"), tcpDeletes.value(sn)}})))
                return false;
        }
        r.summary = QStringLiteral("%1 users deleted from the roster, %2 not found, %3 commands (%4 deletions on "
                                   "terminals)")
                        .arg(r.users)
                        .arg(r.refused)
                        .arg(r.commandIds.size())
                        .arg(terminals);
        if (r.users == 0)
            r.error = QStringLiteral("no such user");
        return r.users > 0;
    });
}

} // namespace termdesk::service
