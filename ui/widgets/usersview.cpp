// SPDX-License-Identifier: GPL-3.0-or-later
#include "usersview.h"

#include "columnchooser.h"
#include "models/usertablemodel.h"
#include "query/querydatabase.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {
constexpr int REFRESH_MS = 10'000;
}

UsersView::UsersView(query::QueryDatabase *db, QWidget *parent)
    : QWidget(parent), m_db(db), m_model(new UserTableModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_search(new QLineEdit(this)), m_count(new QLabel(this)), m_empty(new QLabel(this)),
      m_table(new QTableView(this)), m_timer(new QTimer(this))
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
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);

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
    QString error;
    QList<query::UserRecord> users = query::UserQuery::roster(m_db->reader(), &error);
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

} // namespace termdesk::ui
