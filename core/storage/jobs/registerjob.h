// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/terminalinfo.h"
#include "storage/jobresult.h"

#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// What a registration recorded. Whether the terminal is served is decided above storage
/// (net::decideAdmission), from the stored admission and the policy.
struct RegisterResult : JobResult
{
    bool stored = false; ///< false: an unknown terminal while the policy is closed, nothing recorded
    qint64 terminalId = 0;
    bool isNew = false;
    Admission admission = Admission::Pending; ///< as stored now
    std::optional<int> utcOffsetMin;          ///< the terminal's configured offset; empty = the server's zone
    std::optional<qint64> driftSeconds;
    /// The serial is recorded on other hardware (docs/security.md, "Terminal identity"): nothing of
    /// this registration was recorded but the claim (the operator's alert); it must be refused.
    bool identityMismatch = false;
    /// ... and the operator blocked this hardware for the serial: refused, no new alert.
    bool identityBlocked = false;
    QString recordedIdentity; ///< the hardware the serial is recorded on (for the alert)
    /// The terminal has allowed networks and the address it registers from is in none of them
    /// (docs/security.md, "Allowed networks"): nothing was recorded; it must be refused.
    bool networkRefused = false;
};

/// A terminal says who it is: record it and what it reported. The policy decides only what is
/// recorded (a stranger is not, while closed; open approves a pending terminal).
struct RegisterJob
{
    QString sn;
    Protocol protocol = Protocol::WebSocket;
    QString wsPath;
    QString peer;
    TerminalInfo info;
    /// The hardware it registers from (net::hardwareIdentity); recorded at its first admitted
    /// registration, compared at every later one.
    QString identity;
    qint64 arrivalMs = 0;
    AdmissionPolicy policy = AdmissionPolicy::Open;

    using Result = RegisterResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
