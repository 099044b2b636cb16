// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/userquery.h"

#include <QAbstractTableModel>
#include <QHash>

namespace termdesk::ui {

/// @brief The roster: one row per user, with what credentials are on file and on which terminals.
/// Never the credential data. Rows stay in enroll-id order; a proxy sorts on RawRole.
class UserTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserTableModel)
public:
    enum Column {
        EnrollIdColumn,
        NameColumn,
        AdminColumn,
        EnabledColumn,
        FingerprintsColumn,
        CardColumn,
        PasswordColumn,
        FaceColumn,
        PalmColumn,
        PhotoColumn,
        TerminalsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role { RawRole = Qt::UserRole };

    explicit UserTableModel(QObject *parent = nullptr);
    ~UserTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces the rows, emitting only what changed.
    void setUsers(QList<query::UserRecord> users);
    const query::UserRecord *user(int row) const;
    /// Terminal names (serial → name) for the "on terminals" column; unnamed ones show their serial.
    void setTerminalNames(QHash<QString, QString> names);
    void retranslate();

private:
    QVariant displayData(const query::UserRecord &u, int column) const;

    QList<query::UserRecord> m_rows;
    QHash<QString, QString> m_terminalNames;
};

} // namespace termdesk::ui
