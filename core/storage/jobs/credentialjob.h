// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "storage/jobresult.h"

namespace termdesk::storage {

class JobContext;

/// A credential a terminal pushed (`senduser`).
struct CredentialJob
{
    qint64 terminalId = 0;
    CredentialRecord credential;
    qint64 receivedMs = 0;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

/// What CredentialJob stores, for jobs that carry credentials among other things (ReportJob).
bool storeCredential(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 receivedMs);

} // namespace termdesk::storage
