// SPDX-License-Identifier: GPL-3.0-or-later
#include "rostercompare.h"

#include "model/credential.h"
#include "model/credentialkind.h"
#include "storage/terminalstore.h"

#include <QHash>
#include <QMap>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <map>

namespace termdesk::query {
namespace {

struct Side
{
    bool present = false;
    QString name;
    std::optional<int> admin;
    std::optional<bool> enabled;
    QMap<int, QString> hashes; ///< backup number → content hash (empty: not known)
};

/// Content hashes of the roster's credentials, kept between comparisons (a roster of photos would
/// otherwise be read and hashed whole at every refresh): re-computed when `updated_ms` moves.
struct HashCache
{
    QMutex mutex;
    QHash<QString, QHash<std::pair<qint64, int>, std::pair<qint64, QString>>> byFile; ///< database → key → (ms, hash)
};

HashCache &hashCache()
{
    static HashCache cache;
    return cache;
}

QString slotName(int backupNum)
{
    const CredentialKind kind = credentialKind(backupNum);
    if (kind == CredentialKind::Fingerprint)
        return QStringLiteral("fingerprint %1").arg(backupNum);
    return QString(name(kind)) + QStringLiteral(" (%1)").arg(backupNum);
}

} // namespace

int RosterComparison::count(SyncState state) const
{
    int n = 0;
    for (const UserComparison &u : users)
        n += u.state == state ? 1 : 0;
    return n;
}

QString RosterCompare::stateName(SyncState state)
{
    switch (state) {
    case SyncState::Same:
        return QStringLiteral("same");
    case SyncState::Different:
        return QStringLiteral("different");
    case SyncState::OnlyInRoster:
        return QStringLiteral("only-in-roster");
    case SyncState::OnlyOnTerminal:
        return QStringLiteral("only-on-terminal");
    }
    return {};
}

std::optional<SyncState> RosterCompare::parseState(const QString &name)
{
    for (const SyncState s :
         {SyncState::Same, SyncState::Different, SyncState::OnlyInRoster, SyncState::OnlyOnTerminal}) {
        if (stateName(s) == name.trimmed().toLower())
            return s;
    }
    return std::nullopt;
}

RosterComparison RosterCompare::compare(const QSqlDatabase &db, const QString &sn)
{
    RosterComparison out;
    out.sn = sn;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    auto failed = [&] {
        out.error = q.lastError().text();
        return out;
    };
    q.prepare(QStringLiteral("SELECT id, protocol FROM terminals WHERE sn = ?"));
    q.addBindValue(sn);
    if (!q.exec())
        return failed();
    if (!q.next()) {
        out.error = QStringLiteral("no terminal with serial %1 (see termdesk terminals)").arg(sn);
        return out;
    }
    const qint64 terminalId = q.value(0).toLongLong();
    out.protocol = q.value(1).toString();
    q.finish();

    std::map<qint64, Side> roster, terminal;
    if (!q.exec(QStringLiteral("SELECT enroll_id, name, admin, enabled FROM users")))
        return failed();
    while (q.next()) {
        Side &s = roster[q.value(0).toLongLong()];
        s.present = true;
        s.name = q.value(1).toString();
        s.admin = q.value(2).toInt();
        s.enabled = q.value(3).toInt() != 0;
    }
    {
        HashCache &cache = hashCache();
        QMutexLocker lock(&cache.mutex);
        auto &known = cache.byFile[db.databaseName()];
        QHash<std::pair<qint64, int>, std::pair<qint64, QString>> now;
        QList<std::pair<qint64, int>> stale;
        if (!q.exec(QStringLiteral("SELECT enroll_id, backup_num, updated_ms FROM credentials")))
            return failed();
        while (q.next()) {
            const std::pair<qint64, int> key{q.value(0).toLongLong(), q.value(1).toInt()};
            const qint64 ms = q.value(2).toLongLong();
            const auto k = known.constFind(key);
            if (k != known.cend() && k->first == ms)
                now.insert(key, *k);
            else
                stale.append(key);
            now[key].first = ms;
        }
        QSqlQuery d(db);
        d.setForwardOnly(true);
        if (stale.size() > 64) { // many changed (the first comparison): one scan beats a query each
            if (!d.exec(QStringLiteral("SELECT enroll_id, backup_num, data FROM credentials"))) {
                out.error = d.lastError().text();
                return out;
            }
            while (d.next()) {
                const std::pair<qint64, int> key{d.value(0).toLongLong(), d.value(1).toInt()};
                const auto k = known.constFind(key);
                if (k == known.cend() || k->first != now.value(key).first)
                    now[key].second = storage::TerminalStore::contentHash(key.second, d.value(2).toString());
            }
            stale.clear();
        }
        d.prepare(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = ? AND backup_num = ?"));
        for (const auto &key : std::as_const(stale)) {
            d.addBindValue(key.first);
            d.addBindValue(key.second);
            if (!d.exec()) {
                out.error = d.lastError().text();
                return out;
            }
            if (d.next())
                now[key].second = storage::TerminalStore::contentHash(key.second, d.value(0).toString());
            d.finish();
        }
        known = now;
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            const auto r = roster.find(it.key().first);
            if (r != roster.end())
                r->second.hashes.insert(it.key().second, it.value().second);
        }
    }
    q.prepare(QStringLiteral("SELECT enroll_id, name, admin, enabled FROM terminal_user_info WHERE terminal_id = ?"));
    q.addBindValue(terminalId);
    if (!q.exec())
        return failed();
    while (q.next()) {
        Side &s = terminal[q.value(0).toLongLong()];
        s.present = true;
        s.name = q.value(1).toString();
        if (!q.value(2).isNull())
            s.admin = q.value(2).toInt();
        if (!q.value(3).isNull())
            s.enabled = q.value(3).toInt() != 0;
    }
    q.prepare(QStringLiteral("SELECT enroll_id, backup_num, COALESCE(data_hash, '') FROM terminal_users"
                             " WHERE terminal_id = ?"));
    q.addBindValue(terminalId);
    if (!q.exec())
        return failed();
    while (q.next()) {
        Side &s = terminal[q.value(0).toLongLong()];
        s.present = true;
        s.hashes.insert(q.value(1).toInt(), q.value(2).toString());
    }
    q.finish();

    std::map<qint64, bool> ids;
    for (const auto &[id, s] : roster)
        ids[id] = true;
    for (const auto &[id, s] : terminal)
        ids[id] = true;
    for (const auto &[id, unused] : ids) {
        Q_UNUSED(unused)
        const auto r = roster.find(id);
        const auto t = terminal.find(id);
        UserComparison u;
        u.enrollId = id;
        if (r != roster.end())
            u.rosterCredentials = r->second.hashes.keys();
        if (t != terminal.end())
            u.terminalCredentials = t->second.hashes.keys();
        if (t == terminal.end()) {
            u.name = r->second.name;
            u.state = SyncState::OnlyInRoster;
        } else if (r == roster.end()) {
            u.name = t->second.name;
            u.state = SyncState::OnlyOnTerminal;
        } else {
            const Side &a = r->second;
            const Side &b = t->second;
            u.name = a.name;
            if (!b.name.isEmpty() && b.name != a.name)
                u.differences.append(QStringLiteral("name"));
            if (b.admin && b.admin != a.admin)
                u.differences.append(QStringLiteral("admin"));
            if (b.enabled && b.enabled != a.enabled)
                u.differences.append(QStringLiteral("enabled"));
            for (auto it = a.hashes.cbegin(); it != a.hashes.cend(); ++it) {
                if (!b.hashes.contains(it.key()))
                    u.differences.append(slotName(it.key()) + QStringLiteral(" missing on the terminal"));
                else if (!b.hashes.value(it.key()).isEmpty() && b.hashes.value(it.key()) != it.value())
                    u.differences.append(slotName(it.key()) + QStringLiteral(" differs"));
            }
            for (auto it = b.hashes.cbegin(); it != b.hashes.cend(); ++it) {
                if (!a.hashes.contains(it.key()))
                    u.differences.append(slotName(it.key()) + QStringLiteral(" only on the terminal"));
            }
            u.state = u.differences.isEmpty() ? SyncState::Same : SyncState::Different;
        }
        out.users.append(u);
    }
    out.ok = true;
    return out;
}

} // namespace termdesk::query
