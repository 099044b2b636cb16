// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace termdesk::query {

/// @brief One person of the roster and what credentials the database holds for them. Only counts and
/// flags: the credential data itself (templates, card numbers, passwords, photos) is never read.
struct UserRecord
{
    qint64 enrollId = 0;
    QString name;
    int admin = 0; ///< 0 user, 1 administrator, 2 enroller
    bool enabled = true;
    int fingerprints = 0;
    bool card = false;
    bool password = false;
    bool face = false;
    bool palm = false;
    bool photo = false;
    QStringList terminals; ///< serial numbers of the terminals that hold any credential of this user, sorted

    friend bool operator==(const UserRecord &, const UserRecord &) = default;
};

/// @brief A cheap fingerprint of the users table: when it is unchanged the roster need not be re-read.
struct UserStamp
{
    qint64 count = -1;
    qint64 lastUpdatedMs = -1;
    friend bool operator==(const UserStamp &, const UserStamp &) = default;
};

/// @brief Read-side queries on users, credentials and terminal_users for the console.
class UserQuery
{
public:
    /// The whole roster ordered by enroll id, with credential counts and terminals.
    static QList<UserRecord> roster(const QSqlDatabase &db, QString *error);
    /// enroll id → roster name, for the names shown next to punches (empty names left out).
    static QHash<qint64, QString> names(const QSqlDatabase &db, QString *error);
    static UserStamp stamp(const QSqlDatabase &db, QString *error);
};

} // namespace termdesk::query
