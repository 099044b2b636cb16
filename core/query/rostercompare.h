// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace termdesk::query {

/// How a user of the roster and of one terminal compare (docs/roster.md).
enum class SyncState { Same, Different, OnlyInRoster, OnlyOnTerminal };

/// One user of the roster or of the terminal. Never holds credential data, only which slots differ.
struct UserComparison
{
    qint64 enrollId = 0;
    QString name; ///< the roster's name, else the terminal's
    SyncState state = SyncState::Same;
    QStringList differences; ///< "name", "admin", "enabled", "card missing on the terminal", "fingerprint 0 differs"…
    QList<int> rosterCredentials;   ///< backup numbers the roster holds
    QList<int> terminalCredentials; ///< backup numbers the terminal holds (as last read or written)

    friend bool operator==(const UserComparison &, const UserComparison &) = default;
};

struct RosterComparison
{
    bool ok = false;
    QString error;
    QString sn;
    QString protocol;
    QList<UserComparison> users; ///< enroll id order
    int count(SyncState state) const;
};

/// @brief Compares the roster (users, credentials) with what one terminal holds (terminal_user_info,
/// terminal_users: as last read from it or confirmed by a write) per user: name, admin level, enabled
/// flag (each when the terminal's value is known), which credential slots, and their content hashes.
class RosterCompare
{
public:
    static RosterComparison compare(const QSqlDatabase &db, const QString &sn);
    static QString stateName(SyncState state); ///< same, different, only-in-roster, only-on-terminal
    static std::optional<SyncState> parseState(const QString &name);
};

} // namespace termdesk::query
