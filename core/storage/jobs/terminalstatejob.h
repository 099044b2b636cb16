// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/terminalinfo.h"
#include "storage/jobresult.h"

#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// What a WebSocket command taught us about a terminal: capacities (getdevcap), its clock
/// (gettime, settime). Empty fields leave the columns as they are.
struct TerminalStateJob
{
    qint64 terminalId = 0;
    std::optional<TerminalInfo> capacities;
    QString deviceTime;
    std::optional<qint64> driftSeconds;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
