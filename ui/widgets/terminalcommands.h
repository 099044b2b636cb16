// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "writetickets.h"

#include <QHash>
#include <QObject>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace termdesk::service {
struct ActionOptions;
struct TerminalAction;
} // namespace termdesk::service
namespace termdesk::query {
class OperatorWrites;
}

namespace termdesk::ui {

/// @brief The device commands an operator sends to the selected terminals from the Terminals view:
/// sync time, pull logs (new, or a date range), pull users, read status, open door, reboot (asks
/// first), and the destructive ones (clear logs, delete all users, initialize, demote administrators,
/// clear punches) behind a typed confirmation, one terminal at a time. Each queues a row in the
/// durable command queue (service::TerminalActions, the same as `termdesk command`, through
/// query::OperatorWrites, off the GUI thread), which the engine delivers when the terminal is
/// reachable; each is audited.
class TerminalCommands final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalCommands)
public:
    struct Target
    {
        QString sn;
        bool tcp = false;
    };
    using Selection = std::function<QList<Target>()>;

    TerminalCommands(QWidget *dialogParent, query::OperatorWrites *writes, Selection selection);
    ~TerminalCommands() override;

    /// The everyday actions, for a toolbar.
    QList<QAction *> toolbarActions() const;
    /// Every action, the destructive ones in a submenu.
    QMenu *menu() const { return m_menu; }
    QAction *action(const char *name) const { return m_actions.value(QByteArray(name)).action; }
    /// Enables what the current selection supports; call when it changes.
    void updateEnabled();
    void retranslate();

Q_SIGNALS:
    void statusMessage(const QString &text);
    void operatorAction(const QString &sn, const QString &text);

private:
    void run(const service::TerminalAction &action);
    void queueFor(const service::TerminalAction &action, const QList<Target> &targets, const QString &text,
                  const service::ActionOptions &options);
    void confirmReboot(const service::TerminalAction &action, const QList<Target> &targets);
    void confirmDanger(const service::TerminalAction &action, const Target &target);
    void askRange(const service::TerminalAction &action, const QList<Target> &targets);
    QString label(const char *name) const;

    QWidget *m_parent;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    Selection m_selection;
    struct Entry
    {
        QAction *action = nullptr;
        const service::TerminalAction *spec = nullptr; ///< "pull-logs-range" is pull-logs with dates
    };
    QHash<QByteArray, Entry> m_actions; ///< by action name
    QMenu *m_menu;
    QMenu *m_dangerMenu;
};

} // namespace termdesk::ui
