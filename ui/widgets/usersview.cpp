// SPDX-License-Identifier: GPL-3.0-or-later
#include "usersview.h"

#include "columnchooser.h"
#include "dialogs/pushtargetsdialog.h"
#include "models/usertablemodel.h"
#include "pushprogresspanel.h"
#include "query/operatorwrites.h"
#include "query/rosterreads.h"
#include "query/terminalreads.h"
#include "rostercomparepanel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {
constexpr int REFRESH_MS = 10'000;
}

UsersView::UsersView(query::RosterReads *roster, query::TerminalReads *terminals, query::OperatorWrites *writes,
                     QWidget *parent)
    : QWidget(parent), m_roster(roster), m_terminals(terminals), m_writes(writes), m_tickets(writes, this),
      m_model(new UserTableModel(this)), m_proxy(new QSortFilterProxyModel(this)), m_search(new QLineEdit(this)),
      m_count(new QLabel(this)), m_empty(new QLabel(this)), m_table(new QTableView(this)), m_timer(new QTimer(this)),
      m_tabs(new QTabWidget(this)), m_compare(new RosterComparePanel(roster, terminals, writes, this)),
      m_pushes(new PushProgressPanel(roster, terminals, writes, this))
{
    setObjectName(QStringLiteral("usersView"));
    m_model->setObjectName(QStringLiteral("userModel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(UserTableModel::RawRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_search->setObjectName(QStringLiteral("userSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(280);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &UsersView::updateCount);
    m_count->setObjectName(QStringLiteral("userCount"));
    m_empty->setObjectName(QStringLiteral("usersEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(UserTableModel::EnrollIdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    installColumnChooser(m_table->horizontalHeader());
    const std::pair<int, int> widths[] = {{UserTableModel::EnrollIdColumn, 90},
                                          {UserTableModel::NameColumn, 200},
                                          {UserTableModel::AdminColumn, 110},
                                          {UserTableModel::EnabledColumn, 80},
                                          {UserTableModel::FingerprintsColumn, 90}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);
    for (int c = UserTableModel::CardColumn; c <= UserTableModel::PhotoColumn; ++c)
        m_table->setColumnWidth(c, 66);

    auto *top = new QHBoxLayout;
    top->addWidget(m_search);
    top->addStretch(1);
    top->addWidget(m_count);
    auto *rosterPage = new QWidget(this);
    auto *rosterLayout = new QVBoxLayout(rosterPage);
    rosterLayout->setContentsMargins(0, 0, 0, 0);
    rosterLayout->addLayout(top);
    rosterLayout->addWidget(m_empty);
    rosterLayout->addWidget(m_table, 1);
    m_tabs->setObjectName(QStringLiteral("usersTabs"));
    m_tabs->addTab(rosterPage, QString());
    m_tabs->addTab(m_compare, QString());
    m_tabs->addTab(m_pushes, QString());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, &UsersView::refresh);
    connect(m_compare, &RosterComparePanel::statusMessage, this, &UsersView::statusMessage);
    connect(m_pushes, &PushProgressPanel::statusMessage, this, &UsersView::statusMessage);
    connect(m_compare, &RosterComparePanel::queued, m_pushes, &PushProgressPanel::refresh);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &UsersView::showContextMenu);

    m_timer->setInterval(REFRESH_MS);
    connect(m_timer, &QTimer::timeout, this, &UsersView::refresh);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &UsersView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &UsersView::updateCount);
    retranslateUi();
    refresh();
}

UsersView::~UsersView() = default;

void UsersView::retranslateUi()
{
    m_search->setPlaceholderText(tr("Search enroll ID, name, terminal…"));
    m_search->setAccessibleName(tr("Search users"));
    m_table->setAccessibleName(tr("Users"));
    m_empty->setText(tr("No users yet. Terminals send their enrolled users when “Ask terminals not to send "
                        "their users” is off in Settings."));
    m_model->retranslate();
    m_tabs->setTabText(0, tr("Roster"));
    m_tabs->setTabText(1, tr("Compare with a terminal"));
    m_tabs->setTabText(2, tr("Pushes"));
    updateCount();
}

void UsersView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void UsersView::showEvent(QShowEvent *event)
{
    refresh();
    m_timer->start();
    QWidget::showEvent(event);
}

void UsersView::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void UsersView::refresh()
{
    if (m_tabs->currentWidget() == m_compare)
        m_compare->refresh();
    else if (m_tabs->currentWidget() == m_pushes)
        m_pushes->refresh();
    QString error;
    QList<query::UserRecord> users = m_roster->roster(&error);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Could not read the users: %1").arg(error));
        return;
    }
    m_model->setUsers(std::move(users));
    updateCount();
}

void UsersView::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_count->setText(shown == total ? tr("%Ln user(s)", nullptr, total)
                                    : tr("%1 of %Ln user(s)", nullptr, total).arg(shown));
    m_empty->setVisible(total == 0);
}

void UsersView::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("ui/users/header"), m_table->horizontalHeader()->saveState());
}

void UsersView::restoreState(const QSettings &settings)
{
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(settings.value(QStringLiteral("ui/users/header")).toByteArray()))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

QList<qint64> UsersView::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows()) {
        if (const query::UserRecord *u = m_model->user(m_proxy->mapToSource(i).row()))
            ids.append(u->enrollId);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void UsersView::reportOp(bool ok, const QString &text)
{
    Q_EMIT statusMessage(text);
    if (ok) {
        refresh();
        m_pushes->refresh();
    }
}

bool UsersView::setSelectedEnabled(bool enabled)
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return false;
    m_tickets.expect(m_writes->setUsersEnabled(ids, enabled), [this, enabled](const query::WriteOutcome &o) {
        const service::RosterOpResult &r = o.roster;
        reportOp(r.ok, r.ok ? (enabled ? tr("Enabled everywhere: %1") : tr("Disabled everywhere: %1")).arg(r.summary)
                            : tr("Could not change the users: %1").arg(o.error.isEmpty() ? r.error : o.error));
    });
    return true;
}

void UsersView::deleteSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    QStringList shown;
    for (const qint64 id : ids.mid(0, 10))
        shown.append(QString::number(id));
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Delete users everywhere"),
        tr("Delete %n user(s) (%1) from the roster and from every terminal that holds them? "
           "Their fingerprints, faces, cards and passwords are erased on the terminals.",
           nullptr, int(ids.size()))
            .arg(shown.join(QStringLiteral(", ")) + (ids.size() > 10 ? QStringLiteral(", …") : QString())),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmDeleteUsers"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("Delete everywhere"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteUsersYes"));
    QPushButton *no = box->addButton(tr("Keep them"), QMessageBox::RejectRole);
    no->setObjectName(QStringLiteral("confirmDeleteUsersNo"));
    box->setDefaultButton(no);
    connect(box, &QMessageBox::finished, this, [this, box, yes, ids] {
        if (box->clickedButton() != yes)
            return;
        m_tickets.expect(m_writes->removeUsers(ids), [this](const query::WriteOutcome &o) {
            const service::RosterOpResult &r = o.roster;
            reportOp(r.ok, r.ok ? tr("Deleted everywhere: %1").arg(r.summary)
                                : tr("Could not delete the users: %1").arg(o.error.isEmpty() ? r.error : o.error));
        });
    });
    box->open();
}

bool UsersView::pushSelectedTo(const QString &sn)
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return false;
    m_tickets.expect(m_writes->pushUsers(sn, ids), [this, sn](const query::WriteOutcome &o) {
        const service::RosterOpResult &r = o.roster;
        QString text = r.ok ? tr("Push to %1: %2").arg(sn, r.summary)
                            : tr("Push to %1 failed: %2").arg(sn, o.error.isEmpty() ? r.error : o.error);
        if (!r.messages.isEmpty())
            text += QStringLiteral(" — ") + r.messages.first();
        reportOp(r.ok, text);
    });
    return true;
}

void UsersView::pushSelectedToSeveral()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    QString error;
    auto *dialog = new PushTargetsDialog(m_terminals->terminalRows(&error), int(ids.size()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        for (const QString &sn : dialog->checkedSerials())
            pushSelectedTo(sn); // one group per terminal, each with its own checks and result
    });
    dialog->open();
}

void UsersView::showContextMenu(const QPoint &pos)
{
    if (selectedIds().isEmpty())
        return;
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("usersContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QMenu *push = menu->addMenu(tr("&Push to terminal"));
    QString error;
    for (const storage::TerminalRow &t : m_terminals->terminalRows(&error)) {
        const QString sn = t.sn;
        push->addAction(t.name.isEmpty() ? sn : QStringLiteral("%1 (%2)").arg(t.name, sn), this,
                        [this, sn] { pushSelectedTo(sn); });
    }
    push->setEnabled(!push->actions().isEmpty());
    menu->addAction(tr("Push to &several terminals…"), this, &UsersView::pushSelectedToSeveral);
    menu->addSeparator();
    menu->addAction(tr("&Enable everywhere"), this, [this] { setSelectedEnabled(true); });
    menu->addAction(tr("&Disable everywhere"), this, [this] { setSelectedEnabled(false); });
    menu->addSeparator();
    menu->addAction(tr("De&lete everywhere…"), this, &UsersView::deleteSelected);
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

} // namespace termdesk::ui
