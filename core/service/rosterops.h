// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace termdesk::service {

/// What a roster operation did: the roster change, the commands queued (one group, see
/// query::PushProgress) and a line per refused user or credential (never any data).
struct RosterOpResult
{
    bool ok = false; ///< false: nothing was changed or queued (`error`)
    QString error;
    QString origin; ///< the group of the queued commands
    int users = 0;  ///< users changed in the roster, or pushed / copied
    int refused = 0;
    QList<qint64> commandIds;
    QStringList messages;
    QString summary; ///< one line for people and the audit row
};

/// @brief Roster operations that change the roster and queue the matching commands to the terminals
/// (docs/roster.md): push, copy between terminals, enable / disable and delete everywhere. Each runs
/// in one transaction and writes an audit row. @p via is "cli" or "console".
class RosterOps
{
public:
    /// push-users: RosterPush::plan + queue (capacity and fpalgo checks) as one group.
    static RosterOpResult push(QSqlDatabase db, const QString &sn, const QList<qint64> &enrollIds, const QString &via);

    /// Copies users from terminal @p from to terminal @p to: the credentials @p from holds whose
    /// content the roster has (same hash), sent from the roster; fingerprint templates are refused
    /// when the two terminals' fpalgo are known and differ. @p enrollIds empty = every user on @p from.
    static RosterOpResult copy(QSqlDatabase db, const QString &from, const QString &to, const QList<qint64> &enrollIds,
                               const QString &via);

    /// Sets `enabled` in the roster and queues to every terminal holding the user: WebSocket
    /// `enableuser` and the extended `setuserinfo` `enable`; TCP the user as the roster has it.
    static RosterOpResult setEnabled(QSqlDatabase db, const QList<qint64> &enrollIds, bool enabled, const QString &via);

    /// Deletes the users and their credentials from the roster and queues to every terminal
    /// holding them: WebSocket `deleteuser` backupnum 13, TCP `delete_enroll_ids`.
    static RosterOpResult remove(QSqlDatabase db, const QList<qint64> &enrollIds, const QString &via);

    /// The terminals (serial, protocol) that hold @p enrollId, as last known.
    static QList<std::pair<QString, QString>> holders(QSqlDatabase db, qint64 enrollId, QString *error);
};

} // namespace termdesk::service
