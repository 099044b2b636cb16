// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

#include <deque>

namespace termdesk::ui {

/// @brief What happened this session (terminals coming and going, operator actions), newest on top,
/// in a bounded ring: when full, the oldest rows are removed (one range) before new ones go in.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)
public:
    enum Column { TimeColumn, TerminalColumn, EventColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole };

    explicit EventLogModel(QObject *parent = nullptr);
    ~EventLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Adds one event (already translated text) at the top; @p utcMs 0 = now.
    void addEvent(const QString &terminal, const QString &text, qint64 utcMs = 0);
    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    void retranslate();

private:
    struct Entry
    {
        qint64 utcMs;
        QString terminal;
        QString text;
    };
    std::deque<Entry> m_entries; // [0] = newest
    int m_capacity = 10'000;
};

} // namespace termdesk::ui
