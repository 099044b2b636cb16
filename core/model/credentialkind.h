// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/domainvalue.h"

#include <QString>

namespace termdesk {

/// @brief What a credential slot (`backupnum` on WebSocket, `backup_num` on TCP and in the database)
/// holds. The slot number is what is stored; credentialKind() is the one place that classifies it.
/// name() is the text the `kind` of a getuserinfo result summary holds (`commands.result`).
/// The numbers are explicit and only ever appended: a new kind goes at the end, after
/// lastCredentialKind, and no number is reused or renumbered.
enum class CredentialKind : int {
    Fingerprint = 0, ///< "fingerprint": 0–9
    Password = 1,    ///< "password": 10
    Card = 2,        ///< "card": 11
    Face = 3,        ///< "face": 20–27
    Palm = 4,        ///< "palm": 30–37, 40, 41
    Photo = 5,       ///< "photo": 50
    Other = 6,       ///< "other": any other number (12 and 13 only select what deleteuser erases)
};
inline constexpr CredentialKind lastCredentialKind = CredentialKind::Other;

QLatin1StringView name(CredentialKind kind);
template <> std::optional<CredentialKind> fromName<CredentialKind>(QStringView text);

/// The kind of slot @p backupNum; Other for a number no range holds (negative: not said).
CredentialKind credentialKind(int backupNum);

/// An SQL condition true when @p column (a backup_num) is of @p kind, written from the same ranges
/// as credentialKind(), e.g. "(backup_num BETWEEN 20 AND 27)"; "(1 = 0)" for Other (a boolean on every engine).
QString sqlCondition(CredentialKind kind, QLatin1StringView column);

/// Whether a credential of @p kind takes one of the face slots a terminal reports (`face_capacity`,
/// `faces_used`): face templates and the photo (docs/roster.md, "Capacity").
bool takesFaceSlot(CredentialKind kind);

} // namespace termdesk
