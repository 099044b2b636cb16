// SPDX-License-Identifier: GPL-3.0-or-later
#include "pushprogresspanel.h"

#include "model/commandstate.h"
#include "query/operatorwrites.h"
#include "query/rosterreads.h"
#include "query/terminalreads.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

constexpr int REFRESH_MS = 1000;
constexpr int GROUPS = 50;

QColor stateColor(std::optional<CommandState> state)
{
    if (state == CommandState::Done)
        return QColor(0x2e, 0x7d, 0x32);
    if (state && isFailure(*state))
        return QColor(0xc6, 0x28, 0x28);
    if (state == CommandState::Sent)
        return QColor(0x15, 0x65, 0xc0);
    return QColor(0xb2, 0x6a, 0x00); // queued, cancelled, and a state no CommandState names
}

QStandardItem *cell(const QVariant &v)
{
    auto *i = new QStandardItem;
    i->setData(v, Qt::DisplayRole);
    i->setEditable(false);
    return i;
}

} // namespace

PushProgressPanel::PushProgressPanel(query::RosterReads *roster, query::TerminalReads *terminals,
                                     query::OperatorWrites *writes, QWidget *parent)
    : QWidget(parent), m_roster(roster), m_terminals(terminals), m_writes(writes), m_tickets(writes, this),
      m_groups(new QStandardItemModel(0, 6, this)), m_items(new QStandardItemModel(0, 6, this)),
      m_groupTable(new QTableView(this)), m_itemTable(new QTableView(this)), m_hint(new QLabel(this)),
      m_retry(new QPushButton(this)), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("pushProgressPanel"));
    m_groupTable->setObjectName(QStringLiteral("pushGroups"));
    m_itemTable->setObjectName(QStringLiteral("pushItems"));
    m_retry->setObjectName(QStringLiteral("retryFailed"));
    m_hint->setObjectName(QStringLiteral("pushHint"));
    m_hint->setWordWrap(true);
    for (QTableView *t : {m_groupTable, m_itemTable}) {
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->setSelectionMode(QAbstractItemView::SingleSelection);
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->verticalHeader()->hide();
        t->horizontalHeader()->setStretchLastSection(true);
    }
    m_groupTable->setModel(m_groups);
    m_itemTable->setModel(m_items);
    for (QTableView *t : {m_groupTable, m_itemTable}) {
        t->setWordWrap(false);
        t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    }
    const std::pair<int, int> groupWidths[] = {{0, 170}, {1, 160}, {2, 220}, {3, 90}, {4, 70}};
    for (const auto &[column, width] : groupWidths)
        m_groupTable->setColumnWidth(column, width);
    const std::pair<int, int> itemWidths[] = {{0, 80}, {1, 140}, {2, 120}, {3, 170}, {4, 110}};
    for (const auto &[column, width] : itemWidths)
        m_itemTable->setColumnWidth(column, width);
    m_itemTable->setSelectionMode(QAbstractItemView::ExtendedSelection);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_groupTable);
    split->addWidget(m_itemTable);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);

    connect(m_groupTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PushProgressPanel::showItems);
    connect(m_retry, &QPushButton::clicked, this, &PushProgressPanel::retryFailed);
    m_timer->setInterval(REFRESH_MS);
    connect(m_timer, &QTimer::timeout, this, &PushProgressPanel::refresh);
    retranslateUi();
}

void PushProgressPanel::retranslateUi()
{
    m_groups->setHorizontalHeaderLabels(
        {tr("Operation"), tr("Started"), tr("Terminals"), tr("Done"), tr("Failed"), tr("Waiting")});
    m_items->setHorizontalHeaderLabels(
        {tr("Command"), tr("Terminal"), tr("Users"), tr("What"), tr("State"), tr("Terminal's answer / reason")});
    m_retry->setText(tr("&Retry failed"));
    m_groupTable->setAccessibleName(tr("Pushes"));
    m_itemTable->setAccessibleName(tr("Commands of the push"));
    refresh();
}

void PushProgressPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PushProgressPanel::showEvent(QShowEvent *event)
{
    refresh();
    m_timer->start();
    QWidget::showEvent(event);
}

void PushProgressPanel::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

QString PushProgressPanel::selectedOrigin() const
{
    const int row = m_groupTable->selectionModel()->currentIndex().row();
    return row >= 0 && row < m_data.size() ? m_data.at(row).origin : QString();
}

void PushProgressPanel::refresh()
{
    QString error;
    QList<query::PushGroup> groups = m_roster->pushGroups(GROUPS, &error);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Could not read the pushes: %1").arg(error));
        return;
    }
    const QString keep = selectedOrigin();
    const QStringList what = {QStringLiteral("push"), QStringLiteral("copy"), QStringLiteral("enable"),
                              QStringLiteral("disable"), QStringLiteral("delete")};
    const QStringList whatText = {tr("Push"), tr("Copy"), tr("Enable everywhere"), tr("Disable everywhere"),
                                  tr("Delete everywhere")};
    m_data = std::move(groups);
    m_groups->setRowCount(0);
    int selectRow = m_data.isEmpty() ? -1 : 0;
    for (int r = 0; r < m_data.size(); ++r) {
        const query::PushGroup &g = m_data.at(r);
        const int w = int(what.indexOf(g.what));
        auto *done = cell(tr("%1 / %2").arg(g.done).arg(g.total));
        done->setData(g.total ? 100 * g.done / g.total : 0, Qt::UserRole);
        auto *failed = cell(g.failed);
        if (g.failed > 0)
            failed->setForeground(stateColor(CommandState::Failed));
        m_groups->appendRow(
            {cell(w >= 0 ? whatText.at(w) : g.what),
             cell(QDateTime::fromMSecsSinceEpoch(g.createdMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
             cell(g.terminals.join(QStringLiteral(", "))), done, failed, cell(g.pending)});
        if (g.origin == keep)
            selectRow = r;
    }
    if (selectRow >= 0)
        m_groupTable->selectionModel()->setCurrentIndex(
            m_groups->index(selectRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    showItems();
}

void PushProgressPanel::selectGroup(int row)
{
    m_groupTable->selectionModel()->setCurrentIndex(m_groups->index(row, 0),
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void PushProgressPanel::showItems()
{
    m_items->setRowCount(0);
    const int row = m_groupTable->selectionModel()->currentIndex().row();
    if (row < 0 || row >= m_data.size()) {
        m_retry->setEnabled(false);
        m_hint->clear();
        return;
    }
    const query::PushGroup &g = m_data.at(row);
    for (const query::PushItem &i : g.items) {
        QStringList users;
        for (const qint64 id : i.enrollIds)
            users.append(QString::number(id));
        QString what = i.kind.section(u'.', 1);
        if (i.backupNum >= 0)
            what += tr(" (slot %1)").arg(i.backupNum);
        auto *state = cell(i.tries > 1 ? tr("%1 (try %2)").arg(i.state).arg(i.tries) : i.state);
        state->setForeground(stateColor(fromName<CommandState>(i.state)));
        m_items->appendRow({cell(i.commandId), cell(i.terminalSn), cell(users.join(QStringLiteral(", "))), cell(what),
                            state, cell(i.reason)});
    }
    m_retry->setEnabled(g.failed > 0);
    if (g.pending == 0) {
        m_hint->setText(g.failed > 0 ? tr("Finished with %n failed command(s).", nullptr, g.failed)
                                     : tr("Finished: every command was answered."));
        return;
    }
    // who is being waited for, and since when it was last seen (the queue survives disconnects and restarts)
    QString error;
    QStringList waiting;
    const QList<storage::TerminalRow> terminals = m_terminals->terminalRows(&error);
    for (const QString &sn : g.terminals) {
        bool pending = false;
        for (const query::PushItem &i : g.items)
            pending = pending || (i.terminalSn == sn && !i.finished());
        if (!pending)
            continue;
        qint64 seen = 0;
        for (const storage::TerminalRow &t : terminals) {
            if (t.sn == sn)
                seen = t.lastSeenMs;
        }
        waiting.append(seen > 0
                           ? tr("%1 (last seen %2)")
                                 .arg(sn, QDateTime::fromMSecsSinceEpoch(seen).toString(QStringLiteral("HH:mm:ss")))
                           : tr("%1 (never connected)").arg(sn));
    }
    m_hint->setText(tr("%n command(s) waiting for %1. They stay queued and go out when the terminal is reachable, "
                       "also after a disconnect or a restart.",
                       nullptr, g.pending)
                        .arg(waiting.join(QStringLiteral(", "))));
}

bool PushProgressPanel::retryFailed()
{
    const QString origin = selectedOrigin();
    if (origin.isEmpty())
        return false;
    m_tickets.expect(m_writes->retryFailed(origin), [this](const query::WriteOutcome &o) {
        Q_EMIT statusMessage(o.error.isEmpty() ? tr("%n failed command(s) queued again", nullptr, int(o.retried.size()))
                                               : tr("Retry failed: %1").arg(o.error));
        refresh();
    });
    return true;
}

} // namespace termdesk::ui
