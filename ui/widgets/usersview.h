// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "writetickets.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSettings;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;

namespace termdesk::query {
class OperatorWrites;
class RosterReads;
class TerminalReads;
} // namespace termdesk::query

namespace termdesk::ui {

class PushProgressPanel;
class RosterComparePanel;
class UserTableModel;

/// @brief The roster: who is enrolled, with which credentials (counts and flags only, never the data) and
/// on which terminals. Re-read while visible, every few seconds; only changed rows are updated.
/// Tabs: the roster (context menu: push to a terminal, enable / disable / delete everywhere), the
/// roster compared with one terminal, and the progress of pushes (docs/roster.md). The roster operations
/// are query::OperatorWrites: they run off the GUI thread and report in the status line when done.
class UsersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersView)
public:
    UsersView(query::RosterReads *roster, query::TerminalReads *terminals, query::OperatorWrites *writes,
              QWidget *parent = nullptr);
    ~UsersView() override;

    UserTableModel *model() const { return m_model; }
    RosterComparePanel *comparePanel() const { return m_compare; }
    PushProgressPanel *pushPanel() const { return m_pushes; }
    void refresh();

    /// Roster operations on the selected users (the context menu). Each returns whether it was asked
    /// (users are selected); statusMessage() tells the result when the write is done.
    QList<qint64> selectedIds() const;
    bool setSelectedEnabled(bool enabled);
    /// Asks for confirmation (a non-modal box named "confirmDeleteUsers"), then deletes everywhere.
    void deleteSelected();
    bool pushSelectedTo(const QString &sn);
    /// Asks which terminals (a dialog named "pushTargetsDialog"), then pushes to each.
    void pushSelectedToSeveral();

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void updateCount();
    void showContextMenu(const QPoint &pos);
    void reportOp(bool ok, const QString &text);

    query::RosterReads *m_roster;
    query::TerminalReads *m_terminals;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    UserTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QLabel *m_count;
    QLabel *m_empty;
    QTableView *m_table;
    QTimer *m_timer;
    QTabWidget *m_tabs;
    RosterComparePanel *m_compare;
    PushProgressPanel *m_pushes;
};

} // namespace termdesk::ui
