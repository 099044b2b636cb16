// SPDX-License-Identifier: GPL-3.0-or-later
#include "credential.h"
#include "terminalinfo.h"

namespace termdesk {

std::optional<AdmissionPolicy> admissionPolicyFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("open"))
        return AdmissionPolicy::Open;
    if (t == QLatin1String("approval"))
        return AdmissionPolicy::Approval;
    if (t == QLatin1String("closed"))
        return AdmissionPolicy::Closed;
    return std::nullopt;
}

QString admissionPolicyName(AdmissionPolicy policy)
{
    switch (policy) {
    case AdmissionPolicy::Open:
        return QStringLiteral("open");
    case AdmissionPolicy::Approval:
        return QStringLiteral("approval");
    case AdmissionPolicy::Closed:
        return QStringLiteral("closed");
    }
    return QStringLiteral("open");
}

QString backupNumKind(int backupNum)
{
    if (backupNum >= 0 && backupNum <= 9)
        return QStringLiteral("fingerprint");
    if (backupNum == 10)
        return QStringLiteral("password");
    if (backupNum == 11)
        return QStringLiteral("card");
    if (backupNum >= 20 && backupNum <= 27)
        return QStringLiteral("face");
    if ((backupNum >= 30 && backupNum <= 37) || backupNum == 40 || backupNum == 41)
        return QStringLiteral("palm");
    if (backupNum == 50)
        return QStringLiteral("photo");
    return QStringLiteral("other");
}

} // namespace termdesk
