// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace termdesk::storage {

/// A row of the durable command queue.
struct CommandInfo
{
    qint64 id = 0;
    QString terminalSn;
    QString protocol;
    QString kind;
    QString payload;
    QString state; ///< queued, sent, done, failed, expired, cancelled
    int tries = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString result;
    QString reason;
    QString origin;

    bool operator==(const CommandInfo &) const = default;
};

/// @brief Writes to and reads the durable command queue from any process (CLI, GUI, another PC):
/// the engine holding the terminal's connection delivers queued rows when the terminal is
/// reachable (TCP: right after its next heartbeat).
class CommandStore
{
public:
    /// Queues a command; returns its id, or 0 with `error` set.
    static qint64 enqueue(QSqlDatabase db, const QString &sn, const QString &protocol, const QString &kind,
                          const QString &payload, const QString &origin, QString *error);
    static QList<CommandInfo> list(QSqlDatabase db, const QString &sn, const QString &state, int limit, QString *error);
    /// The origin shared by the commands of one roster operation, "VIA WHAT #ID" (e.g. "console push
    /// #1763712902123"): query::PushProgress groups by it and retryFailed() re-queues within it.
    static QString groupOrigin(const QString &via, const QString &what);
    /// Queues again, with the same origin, every command of @p origin whose newest try failed or
    /// expired; returns the new ids (empty + @p error on a database error).
    static QList<qint64> retryFailed(QSqlDatabase db, const QString &origin, QString *error);
    /// Cancels a command that has not been answered yet; false if it is already finished.
    static bool cancel(QSqlDatabase db, qint64 id, QString *error);
};

} // namespace termdesk::storage
