// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/pushprogress.h"
#include "writetickets.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace termdesk::query {
class OperatorWrites;
class RosterReads;
class TerminalReads;
} // namespace termdesk::query

namespace termdesk::ui {

/// @brief Roster pushes, copies, enables and deletes in progress (Users view, "Pushes" tab): per group
/// done / total, failed and waiting; per command (user) its state and the terminal's reason; "Retry
/// failed". Waiting commands stay in the durable queue and go out when the terminal is back, also
/// after a restart: the panel shows it from the database.
class PushProgressPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushProgressPanel)
public:
    PushProgressPanel(query::RosterReads *roster, query::TerminalReads *terminals, query::OperatorWrites *writes,
                      QWidget *parent = nullptr);

    void refresh();
    QStandardItemModel *groups() const { return m_groups; }
    QStandardItemModel *items() const { return m_items; }
    void selectGroup(int row);
    /// Re-queues the failed commands of the selected group (off the GUI thread; statusMessage() tells how
    /// many); false if no group is selected.
    bool retryFailed();

Q_SIGNALS:
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void showItems();
    QString selectedOrigin() const;

    query::RosterReads *m_roster;
    query::TerminalReads *m_terminals;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    QStandardItemModel *m_groups;
    QStandardItemModel *m_items;
    QTableView *m_groupTable;
    QTableView *m_itemTable;
    QLabel *m_hint;
    QPushButton *m_retry;
    QTimer *m_timer;
    QList<query::PushGroup> m_data;
};

} // namespace termdesk::ui
