// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "storage/jobresult.h"

#include <QList>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// Which credentials a terminal holds (getuserlist): terminal_users presence and the users'
/// admin level; credential data is not touched.
struct TerminalUsersJob
{
    qint64 terminalId = 0;
    QList<CredentialRecord> entries; ///< enrollId, admin, backupNum; no data
    qint64 receivedMs = 0;
    /// Set on the job that closes a complete listing: the terminal's presence rows not seen since then
    /// (terminal_users, terminal_user_info) are deleted — it no longer holds them.
    std::optional<qint64> forgetSeenBeforeMs;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
