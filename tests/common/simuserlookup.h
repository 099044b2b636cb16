// SPDX-License-Identifier: GPL-3.0-or-later
// Finding one user among those a simulated terminal holds.
#pragma once

#include "simtypes.h"

#include <QList>

#include <optional>

/// The user with enroll id @p id in @p users, if there is one.
inline std::optional<termdesk::sim::SimUser> userOf(const QList<termdesk::sim::SimUser> &users, qint64 id)
{
    for (const termdesk::sim::SimUser &u : users) {
        if (u.enrollId == id)
            return u;
    }
    return std::nullopt;
}
