// SPDX-License-Identifier: GPL-3.0-or-later
#include "admission.h"

namespace termdesk {
namespace {

// Indexed by the enums' numbers: the text every existing database and termdesk.ini holds.
constexpr QLatin1StringView ADMISSION_NAMES[] = {
    QLatin1StringView("approved"),
    QLatin1StringView("pending"),
    QLatin1StringView("blocked"),
};
static_assert(std::size(ADMISSION_NAMES) == std::size_t(lastAdmission) + 1, "every Admission has its name");

constexpr QLatin1StringView POLICY_NAMES[] = {
    QLatin1StringView("open"),
    QLatin1StringView("approval"),
    QLatin1StringView("closed"),
};
static_assert(std::size(POLICY_NAMES) == std::size_t(lastAdmissionPolicy) + 1, "every AdmissionPolicy has its name");

} // namespace

QLatin1StringView name(Admission admission)
{
    return domainvalue::nameOf(ADMISSION_NAMES, admission);
}

template <> std::optional<Admission> fromName<Admission>(QStringView text)
{
    return domainvalue::find<Admission>(ADMISSION_NAMES, text);
}

QLatin1StringView name(AdmissionPolicy policy)
{
    return domainvalue::nameOf(POLICY_NAMES, policy);
}

template <> std::optional<AdmissionPolicy> fromName<AdmissionPolicy>(QStringView text)
{
    return domainvalue::find<AdmissionPolicy>(POLICY_NAMES, text);
}

std::optional<AdmissionPolicy> admissionPolicyFromString(const QString &text)
{
    return fromName<AdmissionPolicy>(text.trimmed().toLower());
}

} // namespace termdesk
