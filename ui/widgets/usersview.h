// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace termdesk::query {
class QueryDatabase;
}

namespace termdesk::ui {

class UserTableModel;

/// @brief The roster: who is enrolled, with which credentials (counts and flags only, never the data) and
/// on which terminals. Re-read while visible, every few seconds; only changed rows are updated.
class UsersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersView)
public:
    explicit UsersView(query::QueryDatabase *db, QWidget *parent = nullptr);
    ~UsersView() override;

    UserTableModel *model() const { return m_model; }
    void refresh();

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

    query::QueryDatabase *m_db;
    UserTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QLabel *m_count;
    QLabel *m_empty;
    QTableView *m_table;
    QTimer *m_timer;
};

} // namespace termdesk::ui
