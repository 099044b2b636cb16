// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/commandstate.h"
#include "storage/jobresult.h"

#include <QString>

namespace termdesk::storage {

class JobContext;

/// Finishes a command: state done, failed or queued (to retry later). With an epoch, only while
/// serverId still holds the lease of terminal `sn` with it (holdsLease()): after a takeover the
/// new owner has queued the command again and sends it itself.
struct CompleteCommandJob
{
    qint64 id = 0;
    CommandState state = CommandState::Queued;
    QString result; ///< JSON of what the terminal answered, redacted
    QString reason;
    qint64 nowMs = 0;
    QString sn;
    QString serverId;
    qint64 epoch = 0; ///< 0: no lease (a SQLite store, one server)

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
