// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace termdesk {

/// @brief One credential of a user as a terminal pushed it (`senduser`).
/// `data` is biometric or secret: never log it.
struct CredentialRecord
{
    qint64 enrollId = 0;
    QString name;
    std::optional<int> admin; ///< empty when the terminal did not say
    int backupNum = -1;       ///< -1 when the terminal did not say
    QString data;
    std::optional<bool> enabled; ///< when the terminal said: getuserinfo's `enable`, a TCP User's `disabled`
};

} // namespace termdesk
