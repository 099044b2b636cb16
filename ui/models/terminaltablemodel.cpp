// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminaltablemodel.h"

#include "keyeddiff.h"

#include <QColor>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>

namespace termdesk::ui {
namespace {

constexpr qint64 DRIFT_WARNING_S = 60;
constexpr qint64 DRIFT_ALARM_S = 300;

QColor statusColor(TerminalStatus status)
{
    switch (status) {
    case TerminalStatus::Online:
        return QColor(0x2e, 0x9d, 0x4f);
    case TerminalStatus::Sleeping:
        return QColor(0x4a, 0x7f, 0xc1);
    case TerminalStatus::Offline:
        return QColor(0x9a, 0x9a, 0x9a);
    case TerminalStatus::Pending:
        return QColor(0xe0, 0x9a, 0x1a);
    case TerminalStatus::Blocked:
        return QColor(0xc6, 0x2f, 0x2f);
    }
    return Qt::gray;
}

} // namespace

TerminalTableModel::TerminalTableModel(QObject *parent) : QAbstractTableModel(parent) {}

TerminalTableModel::~TerminalTableModel() = default;

int TerminalTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TerminalTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

query::CapacityKind TerminalTableModel::capacityKind(int column)
{
    Q_ASSERT(isCapacityColumn(column));
    return static_cast<query::CapacityKind>(column - UsersColumn);
}

TerminalStatus TerminalTableModel::status(int row) const
{
    const query::TerminalRecord &r = m_rows.at(row);
    if (r.admission == Admission::Blocked)
        return TerminalStatus::Blocked;
    if (r.admission == Admission::Pending)
        return TerminalStatus::Pending;
    if (m_online.contains(r.sn))
        return TerminalStatus::Online;
    return isAsleep(r) ? TerminalStatus::Sleeping : TerminalStatus::Offline;
}

bool TerminalTableModel::isAsleep(const query::TerminalRecord &r) const
{
    return r.protocol == QLatin1String("tcp") && r.lastSeenMs > 0 && m_nowMs - r.lastSeenMs <= m_sleepingWindowMs;
}

void TerminalTableModel::setSleepingWindow(qint64 ms)
{
    if (ms == m_sleepingWindowMs)
        return;
    m_sleepingWindowMs = ms;
    setNow(m_nowMs, true);
}

void TerminalTableModel::setNow(qint64 nowMs, bool force)
{
    // Only the TCP rows that are not connected can change state with the clock.
    const qint64 before = m_nowMs;
    m_nowMs = nowMs;
    for (int row = 0; row < m_rows.size(); ++row) {
        const query::TerminalRecord &r = m_rows.at(row);
        if (r.protocol != QLatin1String("tcp") || m_online.contains(r.sn))
            continue;
        const bool was = r.lastSeenMs > 0 && before - r.lastSeenMs <= m_sleepingWindowMs;
        if (force || was != isAsleep(r))
            Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
    }
}

const query::TerminalRecord *TerminalTableModel::record(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int TerminalTableModel::rowOf(const QString &sn) const
{
    return m_rowOf.value(sn, -1);
}

int TerminalTableModel::onlineCount() const
{
    int n = 0;
    for (int row = 0; row < m_rows.size(); ++row)
        n += status(row) == TerminalStatus::Online ? 1 : 0;
    return n;
}

int TerminalTableModel::pendingCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const query::TerminalRecord &r) {
        return r.admission == Admission::Pending;
    }));
}

QIcon TerminalTableModel::statusIcon(TerminalStatus status) const
{
    const int key = static_cast<int>(status);
    auto it = m_icons.constFind(key);
    if (it != m_icons.constEnd())
        return *it;
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(statusColor(status));
    p.drawEllipse(QRectF(3, 3, 10, 10));
    p.end();
    return *m_icons.insert(key, QIcon(pixmap));
}

QVariant TerminalTableModel::displayData(const query::TerminalRecord &r, TerminalStatus status, int column) const
{
    switch (column) {
    case StatusColumn:
        return DisplayText::terminalStatus(status);
    case SerialColumn:
        return r.sn;
    case NameColumn:
        return r.name;
    case ProtocolColumn:
        return DisplayText::protocol(r.protocol);
    case ModelColumn:
        return r.model;
    case FirmwareColumn:
        return r.firmware;
    case AddressColumn:
        return r.peer;
    case LastSeenColumn:
        return DisplayText::shortTimestamp(r.lastSeenMs);
    case ClockDriftColumn:
        return DisplayText::clockDrift(r.clockDriftS);
    case ServerColumn:
        if (r.ownerServer.isEmpty())
            return QString();
        return r.ownerExpiresMs < m_nowMs ? tr("%1 (expired)").arg(r.ownerServer) : r.ownerServer;
    default:
        if (isCapacityColumn(column))
            return DisplayText::capacityUsage(r.capacity(capacityKind(column)));
        return {};
    }
}

QVariant TerminalTableModel::rawData(const query::TerminalRecord &r, TerminalStatus status, int column) const
{
    switch (column) {
    case StatusColumn:
        return static_cast<int>(status);
    case LastSeenColumn:
        return r.lastSeenMs;
    case ClockDriftColumn:
        return r.clockDriftS ? QVariant(std::abs(*r.clockDriftS)) : QVariant(qint64(-1));
    case NameColumn:
        return r.name;
    case ProtocolColumn:
        return r.protocol;
    default:
        if (isCapacityColumn(column)) {
            const auto fraction = r.capacity(capacityKind(column)).fraction();
            return fraction ? *fraction : -1.0;
        }
        return displayData(r, status, column);
    }
}

QVariant TerminalTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const query::TerminalRecord &r = m_rows.at(index.row());
    const TerminalStatus st = status(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(r, st, column);
    case Qt::EditRole:
        return column == NameColumn ? QVariant(r.name) : displayData(r, st, column);
    case RawRole:
        return rawData(r, st, column);
    case SerialRole:
        return r.sn;
    case StatusRole:
        return static_cast<int>(st);
    case CapacityUsedRole:
    case CapacityTotalRole:
        if (isCapacityColumn(column)) {
            const query::Capacity &c = r.capacity(capacityKind(column));
            const std::optional<qint64> &v = role == CapacityUsedRole ? c.used : c.total;
            return v ? QVariant(*v) : QVariant();
        }
        return {};
    case Qt::DecorationRole:
        return column == StatusColumn ? QVariant(statusIcon(st)) : QVariant();
    case Qt::ToolTipRole:
        if (column == StatusColumn && !r.identityClaim.isEmpty())
            return tr("Possible impostor or replaced hardware: %1 from %2 at %3 (recorded: %4). Accept or block "
                      "the new hardware.")
                .arg(r.identityClaim, r.identityClaimPeer, DisplayText::timestamp(r.identityClaimMs), r.identity);
        if (column == StatusColumn && st != TerminalStatus::Online && !r.lastRefusal.isEmpty())
            return tr("Last refused: %1").arg(r.lastRefusal);
        if (column == StatusColumn && st == TerminalStatus::Sleeping)
            return tr("Not connected: a low-power TCP terminal that connects for its heartbeats. Last heard from %1.")
                .arg(DisplayText::timestamp(r.lastSeenMs));
        if (isCapacityColumn(column))
            return tr("%1: %2").arg(DisplayText::capacity(capacityKind(column)),
                                    DisplayText::capacityUsage(r.capacity(capacityKind(column))));
        if (column == NameColumn)
            return tr("Double-click to rename");
        if (column == LastSeenColumn)
            return DisplayText::timestamp(r.lastSeenMs);
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && !r.identityClaim.isEmpty())
            return QColor(0xc6, 0x2f, 0x2f); // a hardware alert waits for the operator
        if (column == ClockDriftColumn && r.clockDriftS) {
            const qint64 a = std::abs(*r.clockDriftS);
            if (a >= DRIFT_ALARM_S)
                return QColor(0xc6, 0x2f, 0x2f);
            if (a >= DRIFT_WARNING_S)
                return QColor(0xb3, 0x6b, 0x00);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == ClockDriftColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant TerminalTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case SerialColumn:
        return tr("Serial");
    case NameColumn:
        return tr("Name");
    case ProtocolColumn:
        return tr("Protocol");
    case ModelColumn:
        return tr("Model");
    case FirmwareColumn:
        return tr("Firmware");
    case AddressColumn:
        return tr("Address");
    case LastSeenColumn:
        return tr("Last seen");
    case ClockDriftColumn:
        return role == Qt::ToolTipRole ? tr("Terminal clock minus this computer's clock at the last registration")
                                       : tr("Clock drift");
    case ServerColumn:
        return role == Qt::ToolTipRole ? tr("The TermDesk server holding the terminal's connection (several servers on "
                                            "one PostgreSQL database); expired: that server stopped renewing it")
                                       : tr("Server");
    default:
        return DisplayText::capacity(capacityKind(section));
    }
}

Qt::ItemFlags TerminalTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool TerminalTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != NameColumn)
        return false;
    query::TerminalRecord &r = m_rows[index.row()];
    QString name = value.toString().trimmed();
    if (name == r.name)
        return true;
    if (name.isEmpty())
        name = QStringLiteral(""); // a null QString would be bound as NULL: the column is NOT NULL
    QString error;
    if (!m_renamer) {
        error = tr("renaming is not available");
    } else if (m_renamer(r.sn, name, &error)) {
        r.name = name;
        Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, RawRole});
        Q_EMIT recordsChanged();
        return true;
    }
    Q_EMIT renameFailed(r.sn, error);
    return false;
}

void TerminalTableModel::setRecords(QList<query::TerminalRecord> records)
{
    std::sort(records.begin(), records.end(),
              [](const query::TerminalRecord &a, const query::TerminalRecord &b) { return a.sn < b.sn; });
    struct Hooks
    {
        TerminalTableModel *m;
        void beginRemove(int first, int last) { m->beginRemoveRows({}, first, last); }
        void endRemove() { m->endRemoveRows(); }
        void beginInsert(int first, int last) { m->beginInsertRows({}, first, last); }
        void endInsert() { m->endInsertRows(); }
        void changed(int first, int last)
        {
            Q_EMIT m->dataChanged(m->index(first, 0), m->index(last, ColumnCount - 1));
        }
    };
    if (!applyKeyedDiff(
            m_rows, records, [](const query::TerminalRecord &r) { return r.sn; }, Hooks{this}))
        return;
    rebuildIndex();
    Q_EMIT recordsChanged();
}

void TerminalTableModel::setOnline(const QString &sn, bool online)
{
    const bool changed = online ? !m_online.contains(sn) : m_online.remove(sn);
    if (online)
        m_online.insert(sn);
    const int row = rowOf(sn);
    if (row < 0) {
        if (online)
            Q_EMIT unlistedTerminalOnline(sn);
        return;
    }
    if (changed) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        Q_EMIT onlineChanged();
    }
}

void TerminalTableModel::setAdmission(const QString &sn, Admission admission)
{
    const int row = rowOf(sn);
    if (row < 0 || m_rows.at(row).admission == admission)
        return;
    m_rows[row].admission = admission;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT recordsChanged();
}

void TerminalTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void TerminalTableModel::rebuildIndex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOf.insert(m_rows.at(row).sn, row);
}

} // namespace termdesk::ui
