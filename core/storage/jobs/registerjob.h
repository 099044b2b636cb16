// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/terminalinfo.h"
#include "storage/jobresult.h"

#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// What a registration decided.
struct RegisterResult : JobResult
{
    bool accepted = false;
    QString reason;
    qint64 terminalId = 0;
    bool isNew = false;
    Admission admission = Admission::Pending;
    std::optional<int> utcOffsetMin; ///< the terminal's configured offset; empty = the server's zone
    std::optional<qint64> driftSeconds;
};

/// A terminal says who it is: decide admission and record what it reported.
struct RegisterJob
{
    QString sn;
    Protocol protocol = Protocol::WebSocket;
    QString wsPath;
    QString peer;
    TerminalInfo info;
    qint64 arrivalMs = 0;
    AdmissionPolicy policy = AdmissionPolicy::Open;
    QString refusalReason; ///< pending approval
    QString closedReason;  ///< unknown terminal while the policy is closed
    QString blockedReason;

    using Result = RegisterResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
