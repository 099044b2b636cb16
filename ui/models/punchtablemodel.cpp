// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchtablemodel.h"

#include "displaytext.h"
#include "util/devicetime.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>

namespace termdesk::ui {
namespace {
constexpr qint64 FETCH_BUDGET_MS = 30;
}

PunchTableModel::PunchTableModel(QObject *parent) : QAbstractTableModel(parent) {}

PunchTableModel::~PunchTableModel() = default;

int PunchTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PunchTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint32 PunchTableModel::intern(QStringList &pool, QHash<QString, qint32> &index, const QString &text)
{
    const auto it = index.constFind(text);
    if (it != index.constEnd())
        return *it;
    const auto id = static_cast<qint32>(pool.size());
    pool.append(text);
    index.insert(text, id);
    return id;
}

PunchTableModel::Row PunchTableModel::makeRow(qint64 id, const QString &sn, qint64 enrollId, const QString &localTime,
                                              int verifyMode, int inOut, int event,
                                              const std::optional<double> &temperature, const QString &name)
{
    Row r;
    r.id = id;
    r.enrollId = enrollId;
    r.localSecs = devicetime::parseLocal(localTime).value_or(0);
    r.temperature = temperature ? static_cast<float>(*temperature) : std::numeric_limits<float>::quiet_NaN();
    r.terminal = intern(m_terminalSns, m_terminalIndex, sn);
    r.name = name.isEmpty() ? -1 : intern(m_recordNames, m_recordNameIndex, name);
    r.verifyMode = verifyMode;
    r.inOut = inOut;
    r.event = event;
    return r;
}

QString PunchTableModel::userName(const Row &row) const
{
    const QString roster = m_userNames.value(row.enrollId);
    if (!roster.isEmpty() || row.name < 0)
        return roster;
    return m_recordNames.at(row.name);
}

qint64 PunchTableModel::idAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? m_rows[static_cast<size_t>(row)].id : 0;
}

QVariant PunchTableModel::displayData(const Row &row, int column) const
{
    switch (column) {
    case TimeColumn:
        return devicetime::formatLocal(row.localSecs);
    case TerminalColumn: {
        const QString &sn = m_terminalSns.at(row.terminal);
        const QString name = m_terminalNames.value(sn);
        return name.isEmpty() ? sn : name;
    }
    case EnrollIdColumn:
        return row.enrollId;
    case UserNameColumn:
        return userName(row);
    case VerifyModeColumn:
        return DisplayText::verifyMode(row.verifyMode);
    case InOutColumn:
        return DisplayText::inOut(row.inOut);
    case EventColumn:
        return DisplayText::event(row.event);
    case TemperatureColumn:
        return std::isnan(row.temperature) ? QString() : DisplayText::temperature(row.temperature);
    default:
        return {};
    }
}

QVariant PunchTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case RawRole:
        switch (index.column()) {
        case TimeColumn:
            return row.localSecs;
        case TerminalColumn:
            return m_terminalSns.at(row.terminal);
        case VerifyModeColumn:
            return row.verifyMode;
        case InOutColumn:
            return row.inOut;
        case EventColumn:
            return row.event;
        case TemperatureColumn:
            return std::isnan(row.temperature) ? QVariant() : QVariant(double(row.temperature));
        default:
            return displayData(row, index.column());
        }
    case IdRole:
        return row.id;
    case Qt::ToolTipRole:
        if (index.column() == TerminalColumn)
            return m_terminalSns.at(row.terminal);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EnrollIdColumn || index.column() == TemperatureColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant PunchTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TerminalColumn:
        return tr("Terminal");
    case EnrollIdColumn:
        return tr("Enroll ID");
    case UserNameColumn:
        return tr("User");
    case VerifyModeColumn:
        return tr("Verified by");
    case InOutColumn:
        return tr("In/out");
    case EventColumn:
        return tr("Event");
    case TemperatureColumn:
        return tr("Temperature");
    default:
        return {};
    }
}

bool PunchTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_moreHistory && m_fetcher;
}

void PunchTableModel::fetchMore(const QModelIndex &parent)
{
    // Never from inside our own change notifications (a listener may ask for more while rows are
    // being inserted or the model is being reset): that would nest one change in another.
    if (m_notifying || !canFetchMore(parent))
        return;
    // Pages come back short or empty when the filter is selective; keep reading, but within a small
    // time budget per call: the rest continues from the event loop, so the window stays responsive.
    QElapsedTimer budget;
    budget.start();
    int added = 0;
    do {
        QString error;
        const query::PunchPage page = m_fetcher(m_filter, m_nextBefore, m_pageSize, &error);
        if (!error.isEmpty()) {
            // Stop asking until the next filter change or reload: a failing query must not spin the view.
            m_moreHistory = false;
            m_lastError = error;
            setSearching(false);
            Q_EMIT queryFailed(error);
            return;
        }
        m_newestId = std::max(m_newestId, page.newestIdSeen);
        m_nextBefore = page.nextBeforeId;
        m_moreHistory = !page.exhausted;
        if (page.rows.isEmpty())
            continue;
        const int first = rowCount();
        const Notifying notifying(this);
        beginInsertRows({}, first, first + static_cast<int>(page.rows.size()) - 1);
        for (const query::PunchRecord &p : page.rows)
            m_rows.push_back(makeRow(p.id, p.terminalSn, p.enrollId, p.localTime, p.verifyMode, p.inOut, p.event,
                                     p.temperature, p.name));
        endInsertRows();
        added += static_cast<int>(page.rows.size());
    } while (added == 0 && m_moreHistory && budget.elapsed() < FETCH_BUDGET_MS);

    // Nothing found yet and more to search: a view only asks again after rows arrive, so go on alone.
    const bool more = added == 0 && m_moreHistory;
    setSearching(more);
    if (more) {
        QTimer::singleShot(0, this, [this] {
            if (m_searchScheduled)
                fetchMore({});
        });
    }
}

void PunchTableModel::setSearching(bool searching)
{
    if (searching == m_searchScheduled)
        return;
    m_searchScheduled = searching;
    Q_EMIT searchingChanged(searching);
}

void PunchTableModel::setFilter(const query::PunchFilter &filter)
{
    {
        const Notifying notifying(this);
        beginResetModel();
        m_rows.clear();
        m_filter = filter;
        m_userMatcher = query::UserMatcher(filter.user);
        m_newestId = 0;
        m_nextBefore = 0;
        m_moreHistory = true;
        m_lastError.clear();
        endResetModel();
    }
    setSearching(false);
    fetchMore({});
}

bool PunchTableModel::matchesLive(const StoredPunch &punch) const
{
    if (!query::PunchQuery::matchesRange(m_filter, punch.localTime, punch.terminalSn))
        return false;
    if (m_userMatcher.isEmpty())
        return true;
    const QString roster = m_userNames.value(punch.enrollId);
    return m_userMatcher.matches(punch.enrollId, roster.isEmpty() ? punch.name : roster);
}

void PunchTableModel::addLive(const QList<StoredPunch> &punches)
{
    // Only ids above everything read so far: a punch committed before the last query was either in
    // its result or is older than the page and will come with fetchMore.
    QList<const StoredPunch *> fresh;
    fresh.reserve(punches.size());
    for (const StoredPunch &p : punches) {
        if (p.id > m_newestId && matchesLive(p))
            fresh.append(&p);
    }
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), [](const StoredPunch *a, const StoredPunch *b) { return a->id < b->id; });
    const int count = static_cast<int>(fresh.size());
    const Notifying notifying(this);
    beginInsertRows({}, 0, count - 1);
    for (const StoredPunch *p : std::as_const(fresh))
        m_rows.push_front(makeRow(p->id, p->terminalSn, p->enrollId, p->localTime, p->verifyMode, p->inOut, p->event,
                                  p->temperature, p->name));
    m_newestId = std::max(m_newestId, fresh.last()->id);
    endInsertRows();
    trimToMax();
    Q_EMIT liveInserted(count);
}

void PunchTableModel::trimToMax()
{
    const auto size = static_cast<qsizetype>(m_rows.size());
    if (size <= m_maxRows)
        return;
    const Notifying notifying(this);
    beginRemoveRows({}, static_cast<int>(m_maxRows), static_cast<int>(size - 1));
    m_rows.resize(static_cast<size_t>(m_maxRows));
    m_nextBefore = m_rows.back().id;
    m_moreHistory = true; // the dropped rows are still in the database
    endRemoveRows();
}

void PunchTableModel::setUserNames(QHash<qint64, QString> names)
{
    if (names == m_userNames)
        return;
    m_userNames = std::move(names);
    const Notifying notifying(this);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, UserNameColumn), index(rowCount() - 1, UserNameColumn), {Qt::DisplayRole});
}

void PunchTableModel::setTerminalNames(QHash<QString, QString> names)
{
    if (names == m_terminalNames)
        return;
    m_terminalNames = std::move(names);
    const Notifying notifying(this);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TerminalColumn), index(rowCount() - 1, TerminalColumn), {Qt::DisplayRole});
}

void PunchTableModel::retranslate()
{
    const Notifying notifying(this);
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

} // namespace termdesk::ui
