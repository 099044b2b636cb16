// SPDX-License-Identifier: GPL-3.0-or-later
#include "admission.h"

#include "settings/engineconfig.h"
#include "storage/writejob.h"

namespace termdesk::net {

AdmissionVerdict decideAdmission(const storage::RegisterResult &stored, const EngineConfig &config)
{
    if (!stored.stored)
        return {false, config.closedReason};
    if (stored.networkRefused)
        return {false, QString::fromLatin1(NETWORK_REFUSED_REASON)};
    switch (stored.admission) {
    case Admission::Approved:
        if (stored.identityBlocked)
            return {false, config.blockedReason};
        if (stored.identityMismatch)
            return {false, QString::fromLatin1(IDENTITY_MISMATCH_REASON)};
        return {true, {}};
    case Admission::Blocked:
        return {false, config.blockedReason};
    case Admission::Pending:
        break;
    }
    return {false, config.refusalReason};
}

} // namespace termdesk::net
