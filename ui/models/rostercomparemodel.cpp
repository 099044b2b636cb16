// SPDX-License-Identifier: GPL-3.0-or-later
#include "rostercomparemodel.h"

#include <QColor>

namespace termdesk::ui {
namespace {

QColor stateColor(query::SyncState s)
{
    switch (s) {
    case query::SyncState::Same:
        return QColor(0x2e, 0x7d, 0x32); // green
    case query::SyncState::Different:
        return QColor(0xb2, 0x6a, 0x00); // amber
    case query::SyncState::OnlyInRoster:
        return QColor(0x15, 0x65, 0xc0); // blue
    case query::SyncState::OnlyOnTerminal:
        return QColor(0xc6, 0x28, 0x28); // red
    }
    return {};
}

} // namespace

RosterCompareModel::RosterCompareModel(QObject *parent) : QAbstractTableModel(parent) {}

int RosterCompareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RosterCompareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RosterCompareModel::stateText(query::SyncState state)
{
    switch (state) {
    case query::SyncState::Same:
        return tr("Same");
    case query::SyncState::Different:
        return tr("Different");
    case query::SyncState::OnlyInRoster:
        return tr("Only in roster");
    case query::SyncState::OnlyOnTerminal:
        return tr("Only on terminal");
    }
    return {};
}

QVariant RosterCompareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const query::UserComparison &u = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EnrollIdColumn:
            return u.enrollId;
        case NameColumn:
            return u.name;
        case StateColumn:
            return stateText(u.state);
        case DifferencesColumn:
            return u.differences.join(QStringLiteral("; "));
        }
        return {};
    case RawRole:
        if (index.column() == EnrollIdColumn)
            return u.enrollId;
        if (index.column() == StateColumn)
            return int(u.state);
        return data(index, Qt::DisplayRole);
    case StateRole:
        return query::RosterCompare::stateName(u.state);
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return stateColor(u.state);
        return {};
    case Qt::ToolTipRole:
        return u.differences.isEmpty() ? QVariant() : QVariant(u.differences.join(u'\n'));
    case Qt::TextAlignmentRole:
        if (index.column() == EnrollIdColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant RosterCompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EnrollIdColumn:
        return tr("Enroll ID");
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case DifferencesColumn:
        return tr("What differs");
    }
    return {};
}

void RosterCompareModel::setComparison(QList<query::UserComparison> users)
{
    if (users == m_rows)
        return;
    beginResetModel();
    m_rows = std::move(users);
    endResetModel();
}

const query::UserComparison *RosterCompareModel::user(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void RosterCompareModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace termdesk::ui
