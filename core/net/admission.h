// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace termdesk {
struct EngineConfig;
namespace storage {
struct RegisterResult;
}
namespace net {

/// Whether a terminal that said who it is (WebSocket reg, TCP login) is served, and if not, the
/// text it is shown.
struct AdmissionVerdict
{
    bool accepted = false;
    QString reason; ///< empty when accepted
};

/// What a terminal registering with an admitted serial from other hardware is told
/// (docs/security.md, "Terminal identity").
inline constexpr char IDENTITY_MISMATCH_REASON[] = "serial registered to other hardware";
/// What a terminal registering from outside its allowed networks is told (docs/security.md).
inline constexpr char NETWORK_REFUSED_REASON[] = "address not allowed for this terminal";

/// The one place that turns what storage holds for a terminal (its admission as recorded under
/// the policy in force, or nothing for a stranger while closed) into accept or refuse, with the
/// configuration's texts (admission/refusalReason, closedReason, blockedReason).
AdmissionVerdict decideAdmission(const storage::RegisterResult &stored, const EngineConfig &config);

} // namespace net
} // namespace termdesk
