// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "writetickets.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace termdesk::query {
class OperatorWrites;
class RosterReads;
class TerminalReads;
} // namespace termdesk::query

namespace termdesk::ui {

class RosterCompareModel;

/// @brief The roster compared with one terminal (Users view, "Compare" tab): pick a terminal, see each
/// user as same / different / only in roster / only on terminal, filter by state, push the users that
/// are different or missing, pull the terminal's users, copy users to another terminal.
class RosterComparePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RosterComparePanel)
public:
    RosterComparePanel(query::RosterReads *roster, query::TerminalReads *terminals, query::OperatorWrites *writes,
                       QWidget *parent = nullptr);

    RosterCompareModel *model() const { return m_model; }
    QString terminal() const;
    void setTerminal(const QString &sn);
    /// "" = every state, else same, different, only-in-roster, only-on-terminal.
    void setStateFilter(const QString &state);
    void refresh();

    /// Queues the users that are different or only in the roster to the terminal; false if there are none.
    /// Like the two below it writes off the GUI thread: statusMessage() tells the result, queued() follows
    /// when commands were queued.
    bool pushDifferences();
    /// Queues a pull of the terminal's users (WebSocket getuserlist + getuserinfo, TCP read users).
    bool pullUsers();
    /// Copies the selected users (none selected: every user on the terminal) to @p targetSn.
    bool copyTo(const QString &targetSn);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void queued(); ///< commands were queued (the push progress can refresh)

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void reloadTerminals();
    void updateCount();
    QList<qint64> selectedIds() const;

    query::RosterReads *m_roster;
    query::TerminalReads *m_terminals;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    RosterCompareModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_terminalLabel;
    QComboBox *m_terminal;
    QLabel *m_stateLabel;
    QComboBox *m_state;
    QLabel *m_count;
    QTableView *m_table;
    QPushButton *m_push;
    QPushButton *m_pull;
    QLabel *m_copyLabel;
    QComboBox *m_copyTarget;
    QPushButton *m_copy;
};

} // namespace termdesk::ui
