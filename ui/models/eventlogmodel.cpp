// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlogmodel.h"

#include "displaytext.h"

#include <QDateTime>

namespace termdesk::ui {

EventLogModel::EventLogModel(QObject *parent) : QAbstractTableModel(parent) {}

EventLogModel::~EventLogModel() = default;

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries[static_cast<size_t>(index.row())];
    if (role == RawRole && index.column() == TimeColumn)
        return e.utcMs;
    if (role != Qt::DisplayRole && role != RawRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return DisplayText::timestamp(e.utcMs);
    case TerminalColumn:
        return e.terminal;
    case EventColumn:
        return e.text;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TerminalColumn:
        return tr("Terminal");
    case EventColumn:
        return tr("Event");
    default:
        return {};
    }
}

void EventLogModel::addEvent(const QString &terminal, const QString &text, qint64 utcMs)
{
    if (static_cast<int>(m_entries.size()) >= m_capacity) {
        const int first = m_capacity - 1;
        beginRemoveRows({}, first, rowCount() - 1);
        m_entries.resize(static_cast<size_t>(first));
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_entries.push_front({utcMs > 0 ? utcMs : QDateTime::currentMSecsSinceEpoch(), terminal, text});
    endInsertRows();
}

void EventLogModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    if (rowCount() > m_capacity) {
        beginRemoveRows({}, m_capacity, rowCount() - 1);
        m_entries.resize(static_cast<size_t>(m_capacity));
        endRemoveRows();
    }
}

void EventLogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

} // namespace termdesk::ui
