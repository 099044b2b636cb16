// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/traceentry.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <deque>

namespace termdesk::ui {

/// @brief The live protocol trace, oldest on top, in a bounded ring: when full, the oldest rows are removed
/// (one range) before a batch goes in at the bottom.
class TraceModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceModel)
public:
    enum Column {
        TimeColumn,
        TerminalColumn,
        ProtocolColumn,
        DirectionColumn,
        CommandColumn,
        SizeColumn,
        ContentColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole };
    static constexpr int DEFAULT_CAPACITY = 20'000;

    explicit TraceModel(QObject *parent = nullptr);
    ~TraceModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const QList<TraceEntry> &entries);
    void clear();
    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    const TraceEntry &entry(int row) const { return m_entries[static_cast<size_t>(row)]; }
    /// One line of plain text per entry, for a bug report: time, terminal, protocol, direction, command, size,
    /// content, separated by tabs.
    static QString line(const TraceEntry &entry);
    void retranslate();

private:
    std::deque<TraceEntry> m_entries; // [0] = oldest
    int m_capacity = DEFAULT_CAPACITY;
};

/// @brief Filters the trace by terminal (exact, empty = all) and text (in the command or content, any case).
class TraceFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceFilterModel)
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    ~TraceFilterModel() override;

    void setTerminal(const QString &terminal);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_terminal;
    QString m_text;
};

} // namespace termdesk::ui
