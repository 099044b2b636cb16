// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "storage/jobresult.h"

#include <QString>

namespace termdesk::storage {

class JobContext;

/// Something we must keep but cannot interpret.
struct QuarantineJob
{
    qint64 terminalId = 0;
    QString kind;
    QuarantinedRecord record;
    qint64 receivedMs = 0;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

/// What QuarantineJob stores, for jobs that meet unreadable records among readable ones.
bool storeQuarantined(JobContext &ctx, qint64 terminalId, const QString &kind, const QuarantinedRecord &record,
                      qint64 receivedMs);

} // namespace termdesk::storage
