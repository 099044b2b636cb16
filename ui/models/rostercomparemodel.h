// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/rostercompare.h"

#include <QAbstractTableModel>

namespace termdesk::ui {

/// @brief The roster compared with one terminal, one row per user: same, different, only in the
/// roster, only on the terminal (coloured), and what differs. Never any credential data.
class RosterCompareModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RosterCompareModel)
public:
    enum Column { EnrollIdColumn, NameColumn, StateColumn, DifferencesColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole, StateRole };

    explicit RosterCompareModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setComparison(QList<query::UserComparison> users);
    const query::UserComparison *user(int row) const;
    static QString stateText(query::SyncState state);
    void retranslate();

private:
    QList<query::UserComparison> m_rows;
};

} // namespace termdesk::ui
