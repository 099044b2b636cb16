// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QList>
#include <QString>

namespace termdesk::storage {

class JobContext;

/// One command to add to the queue (EnqueueCommandsJob).
struct NewCommand
{
    /// Skip the row when the terminal already has a queued or sent command that is alike.
    enum class Unless { Never, SameKind, SamePayload };
    QString kind;    ///< e.g. "ws.getnewlog"
    QString payload; ///< JSON
    QString origin;  ///< "auto", "pull-users", ...
    Unless unless = Unless::Never;
};

struct EnqueueCommandsResult : JobResult
{
    int queued = 0; ///< rows added (the others were alike to one pending)
};

/// Queues commands for one terminal from inside the engine (the automatic getnewlog/settime
/// after a reg, the getuserinfo follow-ups of pull-users).
struct EnqueueCommandsJob
{
    QString sn;
    QString protocol; ///< "ws" or "tcp"
    QList<NewCommand> commands;
    qint64 nowMs = 0;

    using Result = EnqueueCommandsResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
