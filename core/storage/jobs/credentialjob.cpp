// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialjob.h"

#include "rosterwrites.h"
#include "storage/jobcontext.h"
#include "storage/terminalstore.h"

namespace termdesk::storage {

bool CredentialJob::run(JobContext &ctx, Result &) const
{
    return storeCredential(ctx, terminalId, credential, receivedMs);
}

bool storeCredential(JobContext &ctx, qint64 terminalId, const CredentialRecord &c, qint64 receivedMs)
{
    if (!upsertUser(ctx, c, c.name, receivedMs))
        return false;
    if (c.backupNum < 0)
        return true; // a name-only push
    if (!upsertCredential(ctx, terminalId, c, receivedMs) || !upsertTerminalUser(ctx, terminalId, c, receivedMs))
        return false;
    // what the terminal holds, for the roster comparison (content hash, name, admin)
    return TerminalStore::noteCredential(ctx.database(), terminalId, c, receivedMs, ctx.errorOut());
}

} // namespace termdesk::storage
