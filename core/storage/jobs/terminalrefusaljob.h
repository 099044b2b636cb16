// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QString>

namespace termdesk::storage {

class JobContext;

/// Why a terminal was last refused (the console shows it); an approved registration clears it
/// (RegisterJob).
struct TerminalRefusalJob
{
    qint64 terminalId = 0;
    QString reason;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
