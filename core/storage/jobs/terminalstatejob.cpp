// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalstatejob.h"

#include "storage/jobcontext.h"
#include "storage/terminalcolumns.h"

namespace termdesk::storage {
namespace {

constexpr int STATE_INFO = InfoCounts | InfoClock;

QString updateStateSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE terminals SET %1, clock_drift_s = COALESCE(:clock_drift_s, clock_drift_s)"
                          " WHERE id = :id")
        .arg(terminalInfoAssignments(STATE_INFO));
}

} // namespace

bool TerminalStateJob::run(JobContext &ctx, Result &) const
{
    QSqlQuery *q = ctx.statement(updateStateSql);
    if (!q)
        return false;
    TerminalInfo info = capacities ? *capacities : TerminalInfo();
    info.deviceTime = deviceTime; // the clock comes from gettime / settime, never from getdevcap
    bindTerminalInfo(*q, info, STATE_INFO);
    q->bindValue(QStringLiteral(":clock_drift_s"), intOrNull(driftSeconds));
    q->bindValue(QStringLiteral(":id"), terminalId);
    return ctx.exec(*q);
}

} // namespace termdesk::storage
