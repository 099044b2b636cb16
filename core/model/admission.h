// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/domainvalue.h"

#include <QString>

namespace termdesk {

/// @brief Admission state of a known terminal (`terminals.admission`). The database holds the text
/// (name()), never the number. The numbers are explicit and only ever appended: a new value goes
/// at the end, after lastAdmission, and no number is reused or renumbered.
enum class Admission : int {
    Approved = 0, ///< "approved"
    Pending = 1,  ///< "pending"
    Blocked = 2,  ///< "blocked"
};
inline constexpr Admission lastAdmission = Admission::Blocked;

/// The text stored in `terminals.admission`.
QLatin1StringView name(Admission admission);
template <> std::optional<Admission> fromName<Admission>(QStringView text);

/// @brief Admission policy for terminals the server has not seen before (setting `admission/policy`,
/// `--admission`). Kept as text in termdesk.ini; numbers explicit and only ever appended, as above.
enum class AdmissionPolicy : int {
    Open = 0,     ///< "open"
    Approval = 1, ///< "approval"
    Closed = 2,   ///< "closed"
};
inline constexpr AdmissionPolicy lastAdmissionPolicy = AdmissionPolicy::Closed;

QLatin1StringView name(AdmissionPolicy policy);
template <> std::optional<AdmissionPolicy> fromName<AdmissionPolicy>(QStringView text);

/// What a person typed (termdesk.ini, the command line): fromName of it trimmed and lower-cased.
std::optional<AdmissionPolicy> admissionPolicyFromString(const QString &text);

} // namespace termdesk
