// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/terminalinfo.h"
#include "service/rosterops.h"
#include "service/terminalactions.h"
#include "storage/commandstore.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace termdesk::query {

/// What one operator write did to one terminal or one command.
struct WriteItem
{
    QString sn;           ///< the terminal concerned
    qint64 commandId = 0; ///< cancel, requeue: the command asked about
    qint64 newId = 0;     ///< the command queued by it, if any
    QString error;        ///< empty: done

    bool ok() const { return error.isEmpty(); }
};

/// A command the operator picked in the console, with the words the console shows for it (they go into
/// the audit trail's detail).
struct ChosenCommand
{
    storage::CommandInfo command;
    QString description;
};

/// @brief What became of one operator write; carries the ticket its call returned.
struct WriteOutcome
{
    quint64 ticket = 0;
    QList<WriteItem> items;         ///< per terminal or per command, in the order asked
    service::RosterOpResult roster; ///< the roster operations (push, copy, enable, delete)
    QList<qint64> retried;          ///< retryFailed: the commands queued again
    QString error;                  ///< retryFailed, or a write that could not start (no database)
    QStringList queuedFor;          ///< terminals that got new commands (the engine is told at once)
};

/// @brief Everything the console writes to the database for the operator: device commands, admission,
/// names, the command queue's cancel and retry, the roster operations. Each call returns at once with a
/// ticket; the write runs off the GUI thread and finished() reports it (then commandsQueued() when it
/// queued commands). Every write is audited as `console`. The console's views use only this; tests
/// fake it.
class OperatorWrites : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorWrites)
public:
    using QObject::QObject;
    ~OperatorWrites() override = default;

    /// Queues @p action for each terminal (service::TerminalActions::queue); one item per serial.
    virtual quint64 queueAction(const QStringList &serials, const service::TerminalAction &action,
                                const service::ActionOptions &options) = 0;
    /// One item per serial.
    virtual quint64 setAdmission(const QStringList &serials, Admission admission) = 0;
    /// An empty @p name clears it. One item.
    virtual quint64 rename(const QString &sn, const QString &name) = 0;
    /// Answers the "possible impostor or replaced hardware" alert of each terminal: @p accept makes the
    /// new hardware its identity, else that hardware is blocked (docs/security.md). One item per serial.
    virtual quint64 resolveHardware(const QStringList &serials, bool accept) = 0;
    /// The networks @p sn may register from (storage::TerminalStore::setAllowedNetworks: a list, or empty /
    /// "any" for anywhere); audited as `terminal networks`. One item; its error names a wrong entry.
    virtual quint64 setAllowedNetworks(const QString &sn, const QString &networks) = 0;
    /// Cancels commands not answered yet; one item per command (commandId).
    virtual quint64 cancelCommands(const QList<ChosenCommand> &commands) = 0;
    /// Queues a copy of each command; one item per command (commandId, newId).
    virtual quint64 requeueCommands(const QList<ChosenCommand> &commands) = 0;
    /// The roster operations (service::RosterOps): the outcome's roster.
    virtual quint64 pushUsers(const QString &sn, const QList<qint64> &enrollIds) = 0;
    virtual quint64 copyUsers(const QString &from, const QString &to, const QList<qint64> &enrollIds) = 0;
    virtual quint64 setUsersEnabled(const QList<qint64> &enrollIds, bool enabled) = 0;
    virtual quint64 removeUsers(const QList<qint64> &enrollIds) = 0;
    /// Queues again the failed commands of one roster operation's group: the outcome's retried.
    virtual quint64 retryFailed(const QString &origin) = 0;

Q_SIGNALS:
    void finished(const termdesk::query::WriteOutcome &outcome);
    /// After finished(), when the write queued commands for these terminals.
    void commandsQueued(const QStringList &serials);
};

} // namespace termdesk::query

Q_DECLARE_METATYPE(termdesk::query::WriteOutcome)
