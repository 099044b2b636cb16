// SPDX-License-Identifier: GPL-3.0-or-later
#include "rostercommand.h"

#include "clierror.h"

#include "query/pushprogress.h"
#include "query/rostercompare.h"
#include "service/rosterops.h"
#include "storage/auditlog.h"
#include "storage/commandstore.h"
#include "util/devicetime.h"

#include <cstdio>

namespace termdesk::cli {
namespace {

QString credentialList(const QList<int> &backups)
{
    QStringList s;
    for (const int b : backups)
        s.append(QString::number(b));
    return s.isEmpty() ? QStringLiteral("-") : s.join(u',');
}

} // namespace

bool parseIds(const QString &text, QList<qint64> *ids)
{
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id <= 0) {
            fail(QStringLiteral("--users: '%1' is not an enroll id").arg(part), 2);
            return false;
        }
        if (!ids->contains(id))
            ids->append(id);
    }
    return true;
}

int compareUsers(QSqlDatabase db, const QString &sn, const QString &state)
{
    std::optional<query::SyncState> only;
    if (!state.isEmpty() && !(only = query::RosterCompare::parseState(state)))
        return fail(
            QStringLiteral("--state: '%1' is not one of same, different, only-in-roster, only-on-terminal").arg(state),
            2);
    const query::RosterComparison c = query::RosterCompare::compare(db, sn);
    if (!c.ok)
        return fail(c.error, 1);
    std::printf("%-10s %-24s %-16s %-14s %-14s %s\n", "ENROLL_ID", "NAME", "STATE", "ROSTER", "TERMINAL",
                "DIFFERENCES");
    for (const query::UserComparison &u : c.users) {
        if (only && u.state != *only)
            continue;
        std::printf("%-10lld %-24s %-16s %-14s %-14s %s\n", static_cast<long long>(u.enrollId), qPrintable(u.name),
                    qPrintable(query::RosterCompare::stateName(u.state)),
                    qPrintable(credentialList(u.rosterCredentials)), qPrintable(credentialList(u.terminalCredentials)),
                    qPrintable(u.differences.join(QStringLiteral("; "))));
    }
    const int same = c.count(query::SyncState::Same);
    std::fprintf(stderr, "termdesk: %s: %d same, %d different, %d only in roster, %d only on terminal\n",
                 qPrintable(sn), same, c.count(query::SyncState::Different), c.count(query::SyncState::OnlyInRoster),
                 c.count(query::SyncState::OnlyOnTerminal));
    return same == c.users.size() ? 0 : 3;
}

int reportOp(const service::RosterOpResult &r, const QString &what)
{
    for (const QString &m : r.messages)
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(m));
    if (!r.ok)
        return fail(r.error, 1);
    for (const qint64 id : r.commandIds)
        std::printf("%lld\n", static_cast<long long>(id));
    std::fprintf(stderr, "termdesk: %s: %s [%s]\n", qPrintable(what), qPrintable(r.summary), qPrintable(r.origin));
    return 0;
}

int changeUsers(QSqlDatabase db, const QString &action, const QList<qint64> &ids)
{
    if (action == QLatin1String("delete"))
        return reportOp(service::RosterOps::remove(db, ids, QStringLiteral("cli")), QStringLiteral("delete"));
    const bool enable = action == QLatin1String("enable");
    return reportOp(service::RosterOps::setEnabled(db, ids, enable, QStringLiteral("cli")), action);
}

int showProgress(QSqlDatabase db, int limit)
{
    QString error;
    const QList<query::PushGroup> groups = query::PushProgress::recent(db, limit, &error);
    if (!error.isEmpty())
        return fail(error, 1);
    for (const query::PushGroup &g : groups) {
        std::printf("%s  %s  %d/%d done, %d failed, %d pending, %d cancelled  (%s)\n", qPrintable(g.origin),
                    qPrintable(devicetime::formatUtcIso(g.createdMs)), g.done, g.total, g.failed, g.pending,
                    g.cancelled, qPrintable(g.terminals.join(u',')));
        for (const query::PushItem &i : g.items) {
            QStringList users;
            for (const qint64 id : i.enrollIds)
                users.append(QString::number(id));
            std::printf("  %-6lld %-16s %-16s users %-12s %-9s %s\n", static_cast<long long>(i.commandId),
                        qPrintable(i.terminalSn), qPrintable(i.kind), qPrintable(users.join(u',')), qPrintable(i.state),
                        qPrintable(i.reason));
        }
    }
    return 0;
}

int retryFailed(QSqlDatabase db, const QString &origin)
{
    QString error;
    const QList<qint64> ids = storage::CommandStore::retryFailed(db, origin, &error);
    storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                              QStringLiteral("retry failed"), origin, QStringLiteral("%1 commands").arg(ids.size()),
                              error.isEmpty() ? QStringLiteral("ok") : error);
    if (!error.isEmpty())
        return fail(error, 1);
    for (const qint64 id : ids)
        std::printf("%lld\n", static_cast<long long>(id));
    std::fprintf(stderr, "termdesk: %lld failed commands of '%s' queued again\n", static_cast<long long>(ids.size()),
                 qPrintable(origin));
    return ids.isEmpty() ? 1 : 0;
}

} // namespace termdesk::cli
