// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalusersjob.h"

#include "rosterwrites.h"
#include "storage/jobcontext.h"
#include "storage/terminalstore.h"

namespace termdesk::storage {

bool TerminalUsersJob::run(JobContext &ctx, Result &) const
{
    for (const CredentialRecord &c : entries) {
        // a listing has no names: the known name stays
        if (!upsertUser(ctx, c, QStringLiteral(""), receivedMs) ||
            !TerminalStore::noteListed(ctx.database(), terminalId, c, receivedMs, ctx.errorOut()))
            return false;
        if (c.backupNum >= 0 && !upsertTerminalUser(ctx, terminalId, c, receivedMs))
            return false;
    }
    if (forgetSeenBeforeMs)
        return TerminalStore::forgetNotSeenSince(ctx.database(), terminalId, *forgetSeenBeforeMs, ctx.errorOut());
    return true;
}

} // namespace termdesk::storage
