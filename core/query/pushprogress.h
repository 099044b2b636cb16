// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace termdesk::query {

/// One command of a push (its newest try: a retried command counts once).
struct PushItem
{
    qint64 commandId = 0;
    QString terminalSn;
    QString kind;
    QList<qint64> enrollIds; ///< the users it carries (never any credential data)
    int backupNum = -1;      ///< WebSocket setuserinfo / deleteuser: the slot, else -1
    QString state;           ///< as stored; fromName<CommandState>() reads it (model/commandstate.h)
    int tries = 0;
    QString reason;

    bool finished() const;
    bool failed() const; ///< failed or expired: "retry failed" queues it again
};

/// A group of commands queued by one roster operation (the `origin` "VIA WHAT #ID", see
/// CommandStore::groupOrigin): push, copy, enable, disable, delete.
struct PushGroup
{
    QString origin;
    QString what; ///< push, copy, enable, disable, delete
    qint64 createdMs = 0;
    int total = 0;
    int done = 0;
    int failed = 0;    ///< failed + expired
    int cancelled = 0; ///< cancelled
    int pending = 0;   ///< queued + sent
    QStringList terminals;
    QList<PushItem> items;
};

/// @brief Progress of roster pushes from the durable queue, for the console and the tests.
class PushProgress
{
public:
    /// The @p limit newest groups, newest first.
    static QList<PushGroup> recent(const QSqlDatabase &db, int limit, QString *error);
    static PushGroup group(const QSqlDatabase &db, const QString &origin, QString *error);
};

} // namespace termdesk::query
