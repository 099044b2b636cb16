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
};

/// Takes the oldest queued command of a terminal and marks it sent (one in flight). Commands
/// left "sent" longer than timeoutMs (the server died, the terminal slept) go back to queued,
/// or to failed once they have had maxTries.
struct ClaimCommandJob
{
    QString sn;
    qint64 nowMs = 0;
    qint64 timeoutMs = 30'000;
    int maxTries = 3;

    using Result = ClaimCommandResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
