// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// One queued command, as the engine sends it.
struct CommandRow
{
    qint64 id = 0;
    QString kind;       ///< e.g. "tcp.read", "tcp.write"
    QByteArray payload; ///< JSON
    int tries = 0;      ///< including this one
};

struct ClaimCommandResult : JobResult
{
    std::optional<CommandRow> command; ///< the command to send, if any
    bool fenced = false;               ///< the lease is another's now: nothing was claimed
};

/// Takes the oldest queued command of a terminal and marks it sent (one in flight). Commands
/// left "sent" longer than timeoutMs (the server died, the terminal slept) go back to queued,
/// or to failed once they have had maxTries. With an epoch (several servers on one database) it
/// claims only while serverId holds the terminal's lease with that epoch (holdsLease()): a server
/// whose terminal was taken over claims nothing.
struct ClaimCommandJob
{
    QString sn;
    qint64 nowMs = 0;
    qint64 timeoutMs = 30'000;
    int maxTries = 3;
    QString serverId;
    qint64 epoch = 0; ///< 0: no lease (a SQLite store, one server)

    using Result = ClaimCommandResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
