// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/commandkind.h"

#include <QDate>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace termdesk::service {

/// @brief One device command an operator can queue for a terminal (console or `termdesk command`),
/// with what it is called on each protocol. The console and the command line share this table: the
/// console's Commands menu (and its Erase submenu, for the dangerous ones) lists the rows that have
/// a menuLabel, in this order, and its command queue shows a WebSocket command by its row's
/// queueLabel. Both labels are English source texts for Qt Linguist (QT_TRANSLATE_NOOP, in the
/// contexts menuContext / queueContext), translated where they are shown.
struct TerminalAction
{
    const char *name;                   ///< the command-line name, e.g. "settime"
    std::optional<CommandKind> tcpKind; ///< queue kind for a TCP terminal (TcpRead/TcpWrite); none = WebSocket only
    const char *wsCmd;                  ///< WebSocket command (queue kind "ws.<cmd>"); nullptr = TCP only
    const char *danger;                 ///< what it destroys; not null = the operator must confirm
    const char *help;                   ///< one line for `termdesk command --help`
    const char *menuLabel;  ///< the console's menu entry (with its & accelerator); nullptr = not in the menu
    const char *queueLabel; ///< how the console's command queue names it; nullptr = described from its payload

    static constexpr const char *menuContext = "termdesk::ui::TerminalCommands";
    static constexpr const char *queueContext = "termdesk::ui::CommandTableModel";

    bool supports(bool tcp) const { return tcp ? tcpKind.has_value() : wsCmd != nullptr; }
};

/// What a queued action needs beyond the terminal.
struct ActionOptions
{
    std::optional<QDate> from; ///< pull-logs: first day (the terminal's local days)
    std::optional<QDate> to;   ///< pull-logs: last day
    QList<qint64> users;       ///< delete-users: enroll ids
};

/// Queues device commands for terminals (the durable `commands` table; docs/commands.md). The roster
/// operations (push, copy, enable, delete) are RosterOps; these are the device ones.
class TerminalActions
{
public:
    static const QList<TerminalAction> &all();
    static const TerminalAction *find(const QString &name);
    /// The row whose WebSocket command is @p cmd, if any.
    static const TerminalAction *findWs(QStringView cmd);

    /// Queues @p action for terminal @p sn (its protocol read from the database) and writes an audit row
    /// (@p origin: "console", "cli"). Returns the command id, or 0 with @p error (unknown terminal, an
    /// action the protocol has not, a bad date range; @p usageError, if given, tells the last two, the
    /// caller's mistakes, from the others). Confirming a dangerous action is the caller's job.
    static qint64 queue(QSqlDatabase db, const QString &sn, const TerminalAction &action, const ActionOptions &options,
                        const QString &origin, QString *error, bool *usageError = nullptr);
};

} // namespace termdesk::service
