// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/terminalinfo.h"
#include "query/latestread.h"
#include "writetickets.h"

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;
class QToolBar;
class QToolButton;

namespace termdesk::query {
class OperatorWrites;
class TerminalReads;
} // namespace termdesk::query

namespace termdesk::ui {

class EngineBridge;
class TerminalCommands;
class TerminalDetailPane;
class TerminalTableModel;

/// @brief The terminals view: every terminal the database knows with its live state and capacities, a
/// detail pane, and the operator's actions (approve, block, rename). Reads the terminals table every
/// few seconds and on every online/offline change; the model reports only what changed. Reads through
/// query::TerminalReads, writes through query::OperatorWrites (off the GUI thread).
class TerminalsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalsView)
public:
    TerminalsView(EngineBridge *engine, query::TerminalReads *reads, query::OperatorWrites *writes,
                  QWidget *parent = nullptr);
    ~TerminalsView() override;

    TerminalTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QAction *approveAction() const { return m_approve; }
    QAction *blockAction() const { return m_block; }
    QAction *renameAction() const { return m_rename; }
    /// The answers to a "possible impostor or replaced hardware" alert (docs/security.md).
    QAction *acceptHardwareAction() const { return m_acceptHardware; }
    QAction *blockHardwareAction() const { return m_blockHardware; }
    QAction *networksAction() const { return m_networks; }
    /// The device commands (sync time, pull logs, open door, reboot, erase…) for the selection.
    TerminalCommands *commands() const { return m_commands; }

    /// Re-reads the terminals table now.
    void refresh();
    void setRefreshInterval(int ms);
    /// Selects the row of @p sn (and shows it in the detail pane).
    void selectTerminal(const QString &sn);
    QStringList selectedSerials() const;

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);
    /// The operator did something to a terminal (for the event log).
    void operatorAction(const QString &sn, const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void approveSelected();
    void blockSelected();
    void renameCurrent();
    void resolveHardwareSelected(bool accept);
    /// Asks for the current terminal's allowed networks (a dialog named "allowedNetworksDialog") and writes them.
    void editNetworksCurrent();
    /// @p doneText: the status line for the terminals changed (%1: their serials).
    void setAdmission(const QStringList &serials, Admission admission, const QString &doneText);
    void updateActions();
    void updateDetail();
    void showContextMenu(const QPoint &pos);

    EngineBridge *m_engine;
    query::TerminalReads *m_reads;
    query::OperatorWrites *m_writes;
    WriteTickets m_tickets;
    TerminalTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QToolBar *m_toolbar;
    QLineEdit *m_search;
    QSplitter *m_splitter;
    QTableView *m_table;
    TerminalDetailPane *m_detail;
    QAction *m_approve;
    QAction *m_block;
    QAction *m_rename;
    QAction *m_acceptHardware;
    QAction *m_blockHardware;
    QAction *m_networks;
    TerminalCommands *m_commands;
    QToolButton *m_moreButton = nullptr;
    QTimer *m_refreshTimer;
    QTimer *m_soonTimer;
    query::LatestRead m_latest; ///< one read at a time, one more if asked meanwhile
    QString m_detailSn;
    QByteArray m_detailDevinfo;
    QString m_detailRegistration;
};

} // namespace termdesk::ui
