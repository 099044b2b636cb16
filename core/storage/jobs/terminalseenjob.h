// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QtGlobal>

namespace termdesk::storage {

class JobContext;

/// Refresh a terminal's last-seen time (never backwards).
struct TerminalSeenJob
{
    qint64 terminalId = 0;
    qint64 lastSeenMs = 0;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
