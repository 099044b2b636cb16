// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracemodel.h"

#include "displaytext.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace termdesk::ui {
namespace {

QString timeText(qint64 utcMs)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString directionText(TraceEntry::Direction d)
{
    // Arrows seen from the server: ← from the terminal, → to it.
    return d == TraceEntry::Direction::In ? QStringLiteral("← in") : QStringLiteral("→ out");
}

} // namespace

TraceModel::TraceModel(QObject *parent) : QAbstractTableModel(parent) {}

TraceModel::~TraceModel() = default;

int TraceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int TraceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceEntry &e = entry(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == ContentColumn)
        return e.text.left(4'000);
    if (role == Qt::ToolTipRole && index.column() == TimeColumn)
        return DisplayText::timestamp(e.timeMs);
    if (role == RawRole) {
        switch (index.column()) {
        case TimeColumn:
            return e.timeMs;
        case DirectionColumn:
            return e.direction == TraceEntry::Direction::In ? QStringLiteral("in") : QStringLiteral("out");
        case SizeColumn:
            return e.sizeBytes;
        case ProtocolColumn:
            return protocolName(e.protocol);
        default:
            break;
        }
    } else if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case TimeColumn:
        return timeText(e.timeMs);
    case TerminalColumn:
        return e.terminal;
    case ProtocolColumn:
        return DisplayText::protocol(protocolName(e.protocol));
    case DirectionColumn:
        return directionText(e.direction);
    case CommandColumn:
        return e.command;
    case SizeColumn:
        return QLocale().toString(e.sizeBytes);
    case ContentColumn:
        return e.text.left(1'000); // the whole text goes to the clipboard and the tooltip
    default:
        return {};
    }
}

QVariant TraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TerminalColumn:
        return tr("Terminal");
    case ProtocolColumn:
        return tr("Protocol");
    case DirectionColumn:
        return tr("Direction");
    case CommandColumn:
        return tr("Command");
    case SizeColumn:
        return tr("Bytes");
    case ContentColumn:
        return tr("Content");
    default:
        return {};
    }
}

void TraceModel::append(const QList<TraceEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const qsizetype incoming = std::min<qsizetype>(entries.size(), m_capacity);
    const qsizetype excess = static_cast<qsizetype>(m_entries.size()) + incoming - m_capacity;
    if (excess > 0) {
        beginRemoveRows({}, 0, static_cast<int>(excess - 1));
        m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    m_entries.insert(m_entries.end(), entries.cend() - incoming, entries.cend());
    endInsertRows();
}

void TraceModel::clear()
{
    if (m_entries.empty())
        return;
    beginRemoveRows({}, 0, rowCount() - 1);
    m_entries.clear();
    endRemoveRows();
}

void TraceModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    if (rowCount() > m_capacity) {
        const int excess = rowCount() - m_capacity;
        beginRemoveRows({}, 0, excess - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
        endRemoveRows();
    }
}

QString TraceModel::line(const TraceEntry &e)
{
    return QStringList{QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(Qt::ISODateWithMs),
                       e.terminal,
                       protocolName(e.protocol),
                       e.direction == TraceEntry::Direction::In ? QStringLiteral("in") : QStringLiteral("out"),
                       e.command,
                       QString::number(e.sizeBytes),
                       e.text}
        .join(QLatin1Char('\t'));
}

void TraceModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_entries.empty())
        Q_EMIT dataChanged(index(0, ProtocolColumn), index(rowCount() - 1, ProtocolColumn), {Qt::DisplayRole});
}

TraceFilterModel::~TraceFilterModel() = default;

void TraceFilterModel::setTerminal(const QString &terminal)
{
    if (terminal == m_terminal)
        return;
    m_terminal = terminal;
    invalidateFilter();
}

void TraceFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool TraceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto *model = static_cast<const TraceModel *>(sourceModel());
    const TraceEntry &e = model->entry(sourceRow);
    if (!m_terminal.isEmpty() && e.terminal != m_terminal)
        return false;
    if (m_text.isEmpty())
        return true;
    return e.command.contains(m_text, Qt::CaseInsensitive) || e.text.contains(m_text, Qt::CaseInsensitive);
}

} // namespace termdesk::ui
