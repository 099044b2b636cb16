// SPDX-License-Identifier: GPL-3.0-or-later
#include "rostercomparepanel.h"

#include "models/rostercomparemodel.h"
#include "query/operatorwrites.h"
#include "query/rosterreads.h"
#include "query/terminalreads.h"
#include "service/terminalactions.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace termdesk::ui {

RosterComparePanel::RosterComparePanel(query::RosterReads *roster, query::TerminalReads *terminals,
                                       query::OperatorWrites *writes, QWidget *parent)
    : QWidget(parent), m_roster(roster), m_terminals(terminals), m_writes(writes), m_tickets(writes, this),
      m_model(new RosterCompareModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_terminalLabel(new QLabel(this)), m_terminal(new QComboBox(this)), m_stateLabel(new QLabel(this)),
      m_state(new QComboBox(this)), m_count(new QLabel(this)), m_table(new QTableView(this)),
      m_push(new QPushButton(this)), m_pull(new QPushButton(this)), m_copyLabel(new QLabel(this)),
      m_copyTarget(new QComboBox(this)), m_copy(new QPushButton(this))
{
    setObjectName(QStringLiteral("rosterComparePanel"));
    m_model->setObjectName(QStringLiteral("rosterCompareModel"));
    m_terminal->setObjectName(QStringLiteral("compareTerminal"));
    m_state->setObjectName(QStringLiteral("compareState"));
    m_count->setObjectName(QStringLiteral("compareCount"));
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_push->setObjectName(QStringLiteral("comparePush"));
    m_pull->setObjectName(QStringLiteral("comparePull"));
    m_copyTarget->setObjectName(QStringLiteral("copyTarget"));
    m_copy->setObjectName(QStringLiteral("copyUsers"));
    m_terminalLabel->setBuddy(m_terminal);
    m_stateLabel->setBuddy(m_state);
    m_copyLabel->setBuddy(m_copyTarget);
    m_terminal->setMinimumContentsLength(16);
    m_copyTarget->setMinimumContentsLength(16);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RosterCompareModel::RawRole);
    m_proxy->setFilterRole(RosterCompareModel::StateRole);
    m_proxy->setFilterKeyColumn(RosterCompareModel::StateColumn);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RosterCompareModel::EnrollIdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(RosterCompareModel::NameColumn, 200);
    m_table->setColumnWidth(RosterCompareModel::StateColumn, 140);

    for (const char *s : {"", "same", "different", "only-in-roster", "only-on-terminal"})
        m_state->addItem(QString(), QString::fromLatin1(s));

    auto *top = new QHBoxLayout;
    top->addWidget(m_terminalLabel);
    top->addWidget(m_terminal);
    top->addSpacing(12);
    top->addWidget(m_stateLabel);
    top->addWidget(m_state);
    top->addStretch(1);
    top->addWidget(m_count);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_push);
    bottom->addWidget(m_pull);
    bottom->addStretch(1);
    bottom->addWidget(m_copyLabel);
    bottom->addWidget(m_copyTarget);
    bottom->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_terminal, &QComboBox::currentIndexChanged, this, &RosterComparePanel::refresh);
    connect(m_state, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setFilterFixedString(m_state->currentData().toString());
        updateCount();
    });
    connect(m_push, &QPushButton::clicked, this, &RosterComparePanel::pushDifferences);
    connect(m_pull, &QPushButton::clicked, this, &RosterComparePanel::pullUsers);
    connect(m_copy, &QPushButton::clicked, this, [this] { copyTo(m_copyTarget->currentData().toString()); });
    retranslateUi();
    reloadTerminals();
}

void RosterComparePanel::retranslateUi()
{
    m_terminalLabel->setText(tr("Compare with &terminal:"));
    m_stateLabel->setText(tr("&Show:"));
    const QStringList states = {tr("All users"), tr("Same"), tr("Different"), tr("Only in roster"),
                                tr("Only on terminal")};
    for (int i = 0; i < states.size(); ++i)
        m_state->setItemText(i, states.at(i));
    m_push->setText(tr("&Push different and missing users"));
    m_push->setToolTip(tr("Queue the roster's version of every user that is different or only in the roster. "
                          "Capacity and fingerprint algorithm are checked first."));
    m_pull->setText(tr("P&ull users from this terminal"));
    m_copyLabel->setText(tr("Copy selected users (none: all) &to:"));
    m_copy->setText(tr("&Copy"));
    m_table->setAccessibleName(tr("Roster compared with the terminal"));
    m_model->retranslate();
    updateCount();
}

void RosterComparePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RosterComparePanel::reloadTerminals()
{
    QString error;
    const QList<storage::TerminalRow> rows = m_terminals->terminalRows(&error);
    const QString current = terminal();
    const QString target = m_copyTarget->currentData().toString();
    QSignalBlocker b1(m_terminal), b2(m_copyTarget);
    m_terminal->clear();
    m_copyTarget->clear();
    for (const storage::TerminalRow &t : rows) {
        const QString label = t.name.isEmpty() ? t.sn : QStringLiteral("%1 (%2)").arg(t.name, t.sn);
        m_terminal->addItem(label, t.sn);
        m_copyTarget->addItem(label, t.sn);
    }
    m_terminal->setCurrentIndex(qMax(0, m_terminal->findData(current)));
    m_copyTarget->setCurrentIndex(qMax(0, m_copyTarget->findData(target)));
}

QString RosterComparePanel::terminal() const
{
    return m_terminal->currentData().toString();
}

void RosterComparePanel::setTerminal(const QString &sn)
{
    reloadTerminals();
    const int i = m_terminal->findData(sn);
    if (i >= 0 && i != m_terminal->currentIndex())
        m_terminal->setCurrentIndex(i); // refreshes
    else
        refresh();
}

void RosterComparePanel::setStateFilter(const QString &state)
{
    m_state->setCurrentIndex(qMax(0, m_state->findData(state)));
}

void RosterComparePanel::refresh()
{
    if (m_terminal->count() == 0)
        reloadTerminals();
    const QString sn = terminal();
    if (sn.isEmpty()) {
        m_model->setComparison({});
        updateCount();
        return;
    }
    query::RosterComparison c = m_roster->compare(sn);
    if (!c.ok) {
        Q_EMIT statusMessage(tr("Could not compare with %1: %2").arg(sn, c.error));
        return;
    }
    m_model->setComparison(std::move(c.users));
    updateCount();
}

void RosterComparePanel::updateCount()
{
    int n[4] = {};
    for (int r = 0; r < m_model->rowCount(); ++r)
        ++n[int(m_model->user(r)->state)];
    m_count->setText(
        tr("%1 same, %2 different, %3 only in roster, %4 only on terminal").arg(n[0]).arg(n[1]).arg(n[2]).arg(n[3]));
    m_push->setEnabled(n[1] + n[2] > 0);
    m_pull->setEnabled(!terminal().isEmpty());
    m_copy->setEnabled(!terminal().isEmpty() && m_copyTarget->count() > 1);
}

QList<qint64> RosterComparePanel::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        ids.append(m_model->user(m_proxy->mapToSource(i).row())->enrollId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool RosterComparePanel::pushDifferences()
{
    QList<qint64> ids;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const query::UserComparison *u = m_model->user(r);
        if (u->state == query::SyncState::Different || u->state == query::SyncState::OnlyInRoster)
            ids.append(u->enrollId);
    }
    if (ids.isEmpty())
        return false;
    const QString sn = terminal();
    m_tickets.expect(m_writes->pushUsers(sn, ids), [this, sn](const query::WriteOutcome &o) {
        const service::RosterOpResult &r = o.roster;
        Q_EMIT statusMessage(r.ok ? tr("Push to %1: %2").arg(sn, r.summary)
                                  : tr("Push to %1 failed: %2").arg(sn, o.error.isEmpty() ? r.error : o.error));
        if (r.ok)
            Q_EMIT queued();
    });
    return true;
}

bool RosterComparePanel::pullUsers()
{
    const QString sn = terminal();
    if (sn.isEmpty())
        return false;
    // The same pull as the Terminals view's "Pull users" (and `termdesk command pull-users`): the
    // terminal's protocol decides what is queued.
    const service::TerminalAction *pull = service::TerminalActions::find(QStringLiteral("pull-users"));
    Q_ASSERT(pull);
    m_tickets.expect(m_writes->queueAction({sn}, *pull, {}), [this, sn](const query::WriteOutcome &o) {
        const query::WriteItem item = o.items.value(0, query::WriteItem{sn, 0, 0, o.error});
        Q_EMIT statusMessage(item.newId > 0 ? tr("Pulling the users of %1 (command %2)").arg(sn).arg(item.newId)
                                            : tr("Could not queue the pull: %1").arg(item.error));
        if (item.newId > 0)
            Q_EMIT queued();
    });
    return true;
}

bool RosterComparePanel::copyTo(const QString &targetSn)
{
    const QString from = terminal();
    m_tickets.expect(m_writes->copyUsers(from, targetSn, selectedIds()), [this, from,
                                                                          targetSn](const query::WriteOutcome &o) {
        const service::RosterOpResult &r = o.roster;
        QString text = r.ok ? tr("Copy %1 → %2: %3").arg(from, targetSn, r.summary)
                            : tr("Copy %1 → %2 failed: %3").arg(from, targetSn, o.error.isEmpty() ? r.error : o.error);
        if (!r.messages.isEmpty())
            text += QStringLiteral(" — ") + r.messages.first() +
                    (r.messages.size() > 1 ? tr(" (and %n more)", nullptr, int(r.messages.size() - 1)) : QString());
        Q_EMIT statusMessage(text);
        if (r.ok)
            Q_EMIT queued();
    });
    return true;
}

} // namespace termdesk::ui
