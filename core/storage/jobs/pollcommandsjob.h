// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QString>
#include <QStringList>

namespace termdesk::storage {

class JobContext;

struct PollCommandsResult : JobResult
{
    QStringList terminals;    ///< serials with newly queued commands
    qint64 lastCommandId = 0; ///< the newest command id seen
};

/// The server-wide poll for commands queued by another process (the CLI): the serials with a
/// queued command of `protocol` added after `afterId` (by row id, so the poll reads only new
/// rows). afterId < 0 only reads the newest id.
struct PollCommandsJob
{
    QString protocol;
    qint64 afterId = -1;

    using Result = PollCommandsResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
