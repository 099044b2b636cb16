// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "writetickets.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QSettings;
class QTableView;
class QTimer;

namespace termdesk::query {
class OperatorWrites;
class TerminalReads;
} // namespace termdesk::query

namespace termdesk::ui {

class CommandTableModel;

/// @brief The durable command queue: every queued, sent, done, failed, expired and cancelled command, with its
/// terminal, what it does, tries and result or reason; filters by state and terminal; Cancel (confirmed) and
/// Retry (queues a copy). Re-read every 2 s while visible; every action is written to the audit trail.
/// Reads through query::TerminalReads; Cancel and Retry are query::OperatorWrites (off the GUI thread).
class CommandsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandsView)
public:
    CommandsView(query::TerminalReads *reads, query::OperatorWrites *writes, QWidget *parent = nullptr);
    ~CommandsView() override;

    CommandTableModel *model() const { return m_model; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *retryAction() const { return m_retry; }
    /// The serials offered by the terminal filter.
    void setTerminals(const QStringList &serials);
    /// Re-reads the queue now (with the current filters).
    void refresh();
    /// How often the queue is re-read (2 s by default; 1 s on a shared store, where other PCs change it).
    void setRefreshInterval(int ms);
    /// Asks for confirmation, then cancels the selected commands that are still queued or sent.
    void cancelSelected();
    /// Queues a copy of every selected failed, expired or cancelled command.
    void retrySelected();

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);
    /// An operator action on a terminal's command, for the events view (translated).
    void operatorAction(const QString &sn, const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void updateActions();
    void updateCount();
    QList<qint64> selectedIds() const;
    QString stateFilter() const;
    QString terminalFilter() const;
    query::TerminalReads *m_reads;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    CommandTableModel *m_model;
    QComboBox *m_state;
    QComboBox *m_terminal;
    QLabel *m_count;
    QTableView *m_table;
    QAction *m_cancel;
    QAction *m_retry;
    QTimer *m_timer;
};

} // namespace termdesk::ui
