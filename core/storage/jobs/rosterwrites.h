// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"

namespace termdesk::storage {

class JobContext;

// The roster rows a terminal's answers write (users, credentials, terminal_users), shared by
// CredentialJob, ReportJob and TerminalUsersJob.

/// Adds or updates a user: an empty name keeps the known one, an unsaid admin level the known one.
bool upsertUser(JobContext &ctx, const CredentialRecord &c, const QString &name, qint64 updatedMs);
/// Stores a credential's data as the terminal sent it.
bool upsertCredential(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 updatedMs);
/// The terminal holds this credential (seen now).
bool upsertTerminalUser(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 seenMs);

} // namespace termdesk::storage
