// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace termdesk::service {

/// One command row to queue.
struct PushCommand
{
    QString kind;    ///< ws.setuserinfo, ws.setusername, ws.enableuser, tcp.write
    QString payload; ///< compact JSON (holds credential data: never log it)
    QString summary; ///< for people: "user 7 card", "users 1-40" (no secrets)
};

/// What `push-users` will queue for one terminal, and what it refuses.
struct RosterPushPlan
{
    bool ok = false; ///< false: nothing can be planned (`error`: no such terminal, database error)
    QString error;
    QString protocol; ///< "ws" or "tcp"
    QList<PushCommand> commands;
    int usersPushed = 0;
    int usersRefused = 0;
    int credentialsSkipped = 0;
    QStringList messages; ///< one line per refused user or skipped credential (never any data)
};

/// @brief Plans and queues the sending of roster users to one terminal (docs/roster.md):
/// capacity check against the terminal's columns, fingerprint algorithm check, one WebSocket
/// command per credential or TCP write requests split below TCP_MAX_BODY bytes.
class RosterPush
{
public:
    /// A TCP WriteRequest body built by push-users stays below this (a frame carries 65 535).
    static constexpr int TCP_MAX_BODY = 60000;

    /// Which credentials of the roster to send (enroll id, backup number); empty = all. A credential left
    /// out is neither sent nor counted against the capacity.
    using CredentialFilter = std::function<bool(qint64 enrollId, int backupNum)>;

    /// @p enrollIds empty = every user of the roster.
    static RosterPushPlan plan(QSqlDatabase db, const QString &sn, const QList<qint64> &enrollIds,
                               const CredentialFilter &keep = {});

    /// Queues every command of @p plan in one transaction; returns their ids (empty + @p error).
    static QList<qint64> queue(QSqlDatabase db, const QString &sn, const RosterPushPlan &plan, const QString &origin,
                               QString *error);

    /// The `record` of a setuserinfo: a JSON number for password / card (10, 11) when the stored
    /// text is all digits, else the text (a photo without any data-URI prefix).
    static QJsonValue wsRecord(int backupNum, const QString &data);
};

} // namespace termdesk::service
