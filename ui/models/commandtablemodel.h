// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/commandstate.h"
#include "storage/commandstore.h"

#include <QAbstractTableModel>

namespace termdesk::ui {

/// @brief The durable command queue (storage::CommandStore::list), newest first: every queued, sent, done,
/// failed, expired and cancelled command. setCommands() brings the rows to a new list by id with the fewest
/// row signals (never a reset), so selection and scroll position survive the periodic refresh.
class CommandTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandTableModel)
public:
    enum Column {
        IdColumn,
        TerminalColumn,
        KindColumn,
        WhatColumn,
        StateColumn,
        TriesColumn,
        UpdatedColumn,
        ResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole, IdRole };

    explicit CommandTableModel(QObject *parent = nullptr);
    ~CommandTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// @p commands newest first (as CommandStore::list returns them).
    void setCommands(QList<storage::CommandInfo> commands);
    const storage::CommandInfo *command(int row) const;
    int rowOf(qint64 id) const;
    void retranslate();

    /// What a command does, in words: "Open door", "Pull logs 2025-06-01 → 2025-06-30". Never payload data
    /// beyond dates, enroll IDs and counts.
    static QString describe(const QString &kind, const QString &payload);
    /// The state as the console says it ("Queued", "Failed", …).
    static QString stateText(const QString &state);
    static QString stateText(CommandState state);
    /// True for the states a command can be cancelled in (queued, sent).
    static bool isCancellable(const QString &state);
    /// True for the states a command can be sent again from (failed, expired, cancelled).
    static bool isRetryable(const QString &state);

private:
    QList<storage::CommandInfo> m_rows;
};

} // namespace termdesk::ui
