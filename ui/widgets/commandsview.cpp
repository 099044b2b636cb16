// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandsview.h"

#include "columnchooser.h"
#include "models/commandtablemodel.h"
#include "query/operatorwrites.h"
#include "query/terminalreads.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace termdesk::ui {
namespace {
constexpr int REFRESH_MS = 2'000;
constexpr int MAX_ROWS = 5'000;
const QString KEY_HEADER = QStringLiteral("ui/commands/header");
} // namespace

CommandsView::CommandsView(query::TerminalReads *reads, query::OperatorWrites *writes, QWidget *parent)
    : QWidget(parent), m_reads(reads), m_writes(writes), m_tickets(writes, this), m_model(new CommandTableModel(this)),
      m_state(new QComboBox(this)), m_terminal(new QComboBox(this)), m_count(new QLabel(this)),
      m_table(new QTableView(this)), m_cancel(new QAction(this)), m_retry(new QAction(this)), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("commandsView"));
    m_model->setObjectName(QStringLiteral("commandModel"));
    m_state->setObjectName(QStringLiteral("commandStateFilter"));
    m_state->addItem(QString(), QString());
    for (int s = 0; s <= int(lastCommandState); ++s)
        m_state->addItem(QString(), QString(name(CommandState(s))));
    m_terminal->setObjectName(QStringLiteral("commandTerminalFilter"));
    m_terminal->setEditable(true);
    m_terminal->setInsertPolicy(QComboBox::NoInsert);
    m_terminal->setMinimumWidth(200);
    m_terminal->addItem(QString());
    m_count->setObjectName(QStringLiteral("commandCount"));

    m_cancel->setObjectName(QStringLiteral("actionCancelCommand"));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    connect(m_cancel, &QAction::triggered, this, &CommandsView::cancelSelected);
    m_retry->setObjectName(QStringLiteral("actionRetryCommand"));
    m_retry->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    connect(m_retry, &QAction::triggered, this, &CommandsView::retrySelected);

    m_table->setObjectName(QStringLiteral("commandsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    installColumnChooser(m_table->horizontalHeader());
    const std::pair<int, int> widths[] = {
        {CommandTableModel::IdColumn, 70},      {CommandTableModel::TerminalColumn, 150},
        {CommandTableModel::KindColumn, 120},   {CommandTableModel::WhatColumn, 260},
        {CommandTableModel::StateColumn, 90},   {CommandTableModel::TriesColumn, 50},
        {CommandTableModel::UpdatedColumn, 130}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_table->indexAt(pos).isValid())
            return;
        QMenu menu(this);
        menu.addAction(m_cancel);
        menu.addAction(m_retry);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CommandsView::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CommandsView::updateActions);

    auto *cancelButton = new QToolButton(this);
    cancelButton->setObjectName(QStringLiteral("cancelCommandButton"));
    cancelButton->setDefaultAction(m_cancel);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *retryButton = new QToolButton(this);
    retryButton->setObjectName(QStringLiteral("retryCommandButton"));
    retryButton->setDefaultAction(m_retry);
    retryButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *top = new QHBoxLayout;
    top->addWidget(m_state);
    top->addWidget(m_terminal);
    top->addWidget(cancelButton);
    top->addWidget(retryButton);
    top->addStretch(1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_state, &QComboBox::currentIndexChanged, this, &CommandsView::refresh);
    connect(m_terminal, &QComboBox::currentTextChanged, this, &CommandsView::refresh);
    m_timer->setInterval(REFRESH_MS);
    connect(m_timer, &QTimer::timeout, this, &CommandsView::refresh);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CommandsView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CommandsView::updateCount);
    retranslateUi();
    refresh();
}

CommandsView::~CommandsView() = default;

void CommandsView::retranslateUi()
{
    m_state->setItemText(0, tr("All states"));
    for (int i = 1; i < m_state->count(); ++i)
        m_state->setItemText(i, CommandTableModel::stateText(m_state->itemData(i).toString()));
    m_state->setAccessibleName(tr("Filter by state"));
    m_terminal->setAccessibleName(tr("Filter by terminal"));
    if (QLineEdit *edit = m_terminal->lineEdit()) {
        edit->setPlaceholderText(tr("All terminals"));
        edit->setAccessibleName(tr("Filter by terminal"));
    }
    m_cancel->setText(tr("&Cancel command…"));
    m_cancel->setToolTip(tr("Cancel the selected commands that have not been answered yet"));
    m_retry->setText(tr("&Retry"));
    m_retry->setToolTip(tr("Queue the selected failed, expired or cancelled commands again"));
    m_table->setAccessibleName(tr("Commands"));
    m_model->retranslate();
    updateCount();
}

void CommandsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CommandsView::showEvent(QShowEvent *event)
{
    refresh();
    m_timer->start();
    QWidget::showEvent(event);
}

void CommandsView::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void CommandsView::setTerminals(const QStringList &serials)
{
    QStringList items = serials;
    items.sort();
    QStringList current;
    for (int i = 1; i < m_terminal->count(); ++i)
        current.append(m_terminal->itemText(i));
    if (current == items)
        return;
    const QString text = m_terminal->currentText();
    const QSignalBlocker block(m_terminal);
    while (m_terminal->count() > 1)
        m_terminal->removeItem(1);
    m_terminal->addItems(items);
    m_terminal->setCurrentText(text);
}

QString CommandsView::stateFilter() const
{
    return m_state->currentData().toString();
}

QString CommandsView::terminalFilter() const
{
    return m_terminal->currentText().trimmed();
}

void CommandsView::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

void CommandsView::refresh()
{
    QString error;
    QList<storage::CommandInfo> commands = m_reads->commands(terminalFilter(), stateFilter(), MAX_ROWS, &error);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Could not read the commands: %1").arg(error));
        return;
    }
    m_model->setCommands(std::move(commands));
    updateCount();
    updateActions();
}

void CommandsView::updateCount()
{
    m_count->setText(tr("%Ln command(s)", nullptr, m_model->rowCount()));
}

QList<qint64> CommandsView::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids.append(index.data(CommandTableModel::IdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void CommandsView::updateActions()
{
    bool cancellable = false;
    bool retryable = false;
    for (const qint64 id : selectedIds()) {
        if (const storage::CommandInfo *c = m_model->command(m_model->rowOf(id))) {
            cancellable = cancellable || CommandTableModel::isCancellable(c->state);
            retryable = retryable || CommandTableModel::isRetryable(c->state);
        }
    }
    m_cancel->setEnabled(cancellable);
    m_retry->setEnabled(retryable);
}

void CommandsView::cancelSelected()
{
    QList<qint64> ids;
    for (const qint64 id : selectedIds()) {
        const storage::CommandInfo *c = m_model->command(m_model->rowOf(id));
        if (c && CommandTableModel::isCancellable(c->state))
            ids.append(id);
    }
    if (ids.isEmpty())
        return;
    QStringList labels;
    for (const qint64 id : std::as_const(ids)) {
        const storage::CommandInfo *c = m_model->command(m_model->rowOf(id));
        labels.append(tr("#%1 %2 (%3)").arg(id).arg(CommandTableModel::describe(c->kind, c->payload), c->terminalSn));
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Cancel commands"),
                                tr("Cancel %n command(s)? A command already sent may still be carried out by the "
                                   "terminal; its answer is then ignored.",
                                   nullptr, static_cast<int>(ids.size())),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmCancelCommand"));
    box->setInformativeText(labels.join(QLatin1Char('\n')));
    QPushButton *yes = box->addButton(tr("Cancel commands"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmCancelCommandYes"));
    QPushButton *no = box->addButton(tr("Keep them"), QMessageBox::RejectRole);
    no->setObjectName(QStringLiteral("confirmCancelCommandNo"));
    box->setDefaultButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, ids] {
        if (box->clickedButton() != yes)
            return;
        QList<query::ChosenCommand> chosen;
        for (const qint64 id : ids) {
            query::ChosenCommand c;
            c.command.id = id;
            if (const storage::CommandInfo *found = m_model->command(m_model->rowOf(id))) {
                c.command = *found;
                c.description = CommandTableModel::describe(found->kind, found->payload);
            }
            chosen.append(c);
        }
        m_tickets.expect(m_writes->cancelCommands(chosen), [this, chosen](const query::WriteOutcome &o) {
            int cancelled = 0;
            if (!o.error.isEmpty()) {
                for (const query::ChosenCommand &c : chosen)
                    Q_EMIT statusMessage(tr("Could not cancel command %1: %2").arg(c.command.id).arg(o.error));
            }
            for (qsizetype i = 0; i < o.items.size() && i < chosen.size(); ++i) {
                const query::WriteItem &item = o.items.at(i);
                if (!item.ok()) {
                    Q_EMIT statusMessage(tr("Could not cancel command %1: %2").arg(item.commandId).arg(item.error));
                    continue;
                }
                ++cancelled;
                Q_EMIT operatorAction(
                    item.sn, tr("Cancelled command %1 (%2)").arg(item.commandId).arg(chosen.at(i).description));
            }
            if (cancelled > 0)
                Q_EMIT statusMessage(tr("Cancelled %n command(s).", nullptr, cancelled));
            refresh();
        });
    });
    box->open();
}

void CommandsView::retrySelected()
{
    QList<query::ChosenCommand> chosen;
    for (const qint64 id : selectedIds()) {
        const storage::CommandInfo *found = m_model->command(m_model->rowOf(id));
        if (found && CommandTableModel::isRetryable(found->state))
            chosen.append({*found, CommandTableModel::describe(found->kind, found->payload)});
    }
    if (chosen.isEmpty())
        return;
    m_tickets.expect(m_writes->requeueCommands(chosen), [this, chosen](const query::WriteOutcome &o) {
        int queued = 0;
        if (!o.error.isEmpty()) {
            for (const query::ChosenCommand &c : chosen)
                Q_EMIT statusMessage(tr("Could not queue command %1 again: %2").arg(c.command.id).arg(o.error));
        }
        for (qsizetype i = 0; i < o.items.size() && i < chosen.size(); ++i) {
            const query::WriteItem &item = o.items.at(i);
            if (!item.ok()) {
                Q_EMIT statusMessage(tr("Could not queue command %1 again: %2").arg(item.commandId).arg(item.error));
                continue;
            }
            ++queued;
            Q_EMIT operatorAction(item.sn, tr("Queued command %1 again as %2 (%3)")
                                               .arg(item.commandId)
                                               .arg(item.newId)
                                               .arg(chosen.at(i).description));
        }
        if (queued > 0)
            Q_EMIT statusMessage(tr("Queued %n command(s) again.", nullptr, queued));
        refresh();
    });
}

void CommandsView::saveState(QSettings &settings) const
{
    settings.setValue(KEY_HEADER, m_table->horizontalHeader()->saveState());
}

void CommandsView::restoreState(const QSettings &settings)
{
    m_table->horizontalHeader()->restoreState(settings.value(KEY_HEADER).toByteArray());
}

} // namespace termdesk::ui
