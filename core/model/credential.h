// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace termdesk {

/// @brief One credential of a user as a terminal pushed it (`senduser`).
/// `data` is biometric or secret: never log it.
struct CredentialRecord
{
    qint64 enrollId = 0;
    QString name;
    int admin = 0;
    int backupNum = -1; ///< -1 when the terminal did not say
    QString data;
};

/// Human name of a credential slot (backupnum), for display and logs.
QString backupNumKind(int backupNum);

} // namespace termdesk
