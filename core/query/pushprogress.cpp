// SPDX-License-Identifier: GPL-3.0-or-later
#include "pushprogress.h"

#include "model/commandstate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace termdesk::query {
namespace {

void readUsers(const QString &payload, PushItem &item)
{
    const QJsonObject p = QJsonDocument::fromJson(payload.toUtf8()).object();
    if (p.contains(QLatin1String("enrollid")))
        item.enrollIds.append(p.value(QLatin1String("enrollid")).toInteger());
    if (p.contains(QLatin1String("backupnum")))
        item.backupNum = p.value(QLatin1String("backupnum")).toInt();
    for (const QJsonValue r : p.value(QLatin1String("record")).toArray()) // setusername
        item.enrollIds.append(r.toObject().value(QLatin1String("enrollid")).toInteger());
    for (const QJsonValue u : p.value(QLatin1String("upsert")).toArray()) // TCP
        item.enrollIds.append(u.toObject().value(QLatin1String("enroll_id")).toInteger());
    for (const QJsonValue d : p.value(QLatin1String("delete")).toArray())
        item.enrollIds.append(d.toInteger());
}

QList<PushGroup> read(const QSqlDatabase &db, const QString &origin, int limit, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString cols = QStringLiteral("SELECT id, origin, terminal_sn, kind, payload, state, tries,"
                                        " COALESCE(reason, ''), created_ms FROM commands WHERE ");
    if (origin.isEmpty()) {
        q.prepare(cols + QStringLiteral("origin IN (SELECT origin FROM commands WHERE origin LIKE '% #%'"
                                        " GROUP BY origin ORDER BY max(id) DESC LIMIT ?) ORDER BY id"));
        q.addBindValue(limit);
    } else {
        q.prepare(cols + QStringLiteral("origin = ? ORDER BY id"));
        q.addBindValue(origin);
    }
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return {};
    }
    QList<PushGroup> groups;
    QHash<QString, qsizetype> byOrigin;
    QHash<QString, qsizetype> byItem; // origin + terminal + kind + payload → index in its group's items
    while (q.next()) {
        const QString o = q.value(1).toString();
        auto g = byOrigin.constFind(o);
        if (g == byOrigin.cend()) {
            PushGroup pg;
            pg.origin = o;
            const QStringList words = o.split(u' ');
            pg.what = words.size() >= 2 ? words.at(words.size() - 2) : QString();
            pg.createdMs = q.value(8).toLongLong();
            g = byOrigin.insert(o, groups.size());
            groups.append(pg);
        }
        PushGroup &group = groups[*g];
        PushItem item;
        item.commandId = q.value(0).toLongLong();
        item.terminalSn = q.value(2).toString();
        item.kind = q.value(3).toString();
        item.state = q.value(5).toString();
        item.tries = q.value(6).toInt();
        item.reason = q.value(7).toString();
        const QString payload = q.value(4).toString();
        readUsers(payload, item);
        const QString key = o + u'\n' + item.terminalSn + u'\n' + item.kind + u'\n' + payload;
        const auto known = byItem.constFind(key);
        if (known != byItem.cend()) {
            group.items[*known] = item; // a retry replaces the earlier try
        } else {
            byItem.insert(key, group.items.size());
            group.items.append(item);
        }
        if (!group.terminals.contains(item.terminalSn))
            group.terminals.append(item.terminalSn);
    }
    for (PushGroup &g : groups) {
        g.total = int(g.items.size());
        for (const PushItem &i : std::as_const(g.items)) {
            const std::optional<CommandState> s = fromName<CommandState>(i.state);
            if (s == CommandState::Done)
                ++g.done;
            else if (i.failed())
                ++g.failed;
            else if (s == CommandState::Cancelled)
                ++g.cancelled;
            else
                ++g.pending;
        }
    }
    std::reverse(groups.begin(), groups.end());
    return groups;
}

} // namespace

bool PushItem::finished() const
{
    // A state no CommandState names is counted as still pending (not finished, not failed).
    const std::optional<CommandState> s = fromName<CommandState>(state);
    return s && isFinal(*s);
}

bool PushItem::failed() const
{
    const std::optional<CommandState> s = fromName<CommandState>(state);
    return s && isFailure(*s);
}

QList<PushGroup> PushProgress::recent(const QSqlDatabase &db, int limit, QString *error)
{
    return read(db, {}, limit, error);
}

PushGroup PushProgress::group(const QSqlDatabase &db, const QString &origin, QString *error)
{
    const QList<PushGroup> g = read(db, origin, 1, error);
    return g.isEmpty() ? PushGroup{} : g.first();
}

} // namespace termdesk::query
