// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "displaytext.h"
#include "query/terminalquery.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QIcon>
#include <QSet>

#include <functional>

namespace termdesk::ui {

/// @brief The terminals table: one row per terminal the database knows (re-read every few seconds and
/// compared, see setRecords) plus the live online state from the engine (setOnline). Rows stay in serial
/// order; sorting is a proxy's job, on RawRole.
class TerminalTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalTableModel)
public:
    enum Column {
        StatusColumn,
        SerialColumn,
        NameColumn,
        ProtocolColumn,
        ModelColumn,
        FirmwareColumn,
        AddressColumn,
        LastSeenColumn,
        ClockDriftColumn,
        UsersColumn,
        FingerprintsColumn,
        FacesColumn,
        CardsColumn,
        PasswordsColumn,
        LogsColumn,
        NewLogsColumn,
        ServerColumn, ///< the server holding its connection (several servers on one PostgreSQL database)
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawRole = Qt::UserRole, ///< the value to sort and filter on (numbers as numbers)
        CapacityUsedRole,       ///< capacity columns: used (qint64) or invalid
        CapacityTotalRole,      ///< capacity columns: total (qint64) or invalid
        SerialRole,             ///< any column: the row's serial number
        StatusRole,             ///< any column: TerminalStatus as int
    };

    /// Writes a new name for a terminal; false with *error set when it could not.
    using Renamer = std::function<bool(const QString &sn, const QString &name, QString *error)>;

    explicit TerminalTableModel(QObject *parent = nullptr);
    ~TerminalTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /// Replaces the rows with @p records, emitting only what changed (inserts, removes, dataChanged runs).
    void setRecords(QList<query::TerminalRecord> records);
    /// The engine says @p sn went online or offline.
    void setOnline(const QString &sn, bool online);
    /// The operator changed a terminal's admission (model/admission.h): shown before the
    /// next read of the database confirms it.
    void setAdmission(const QString &sn, Admission admission);
    void setRenamer(Renamer renamer) { m_renamer = std::move(renamer); }
    /// Headers and state names in the current language.
    void retranslate();

    const query::TerminalRecord *record(int row) const;
    int rowOf(const QString &sn) const;
    TerminalStatus status(int row) const;
    bool isOnline(const QString &sn) const { return m_online.contains(sn); }
    /// A TCP terminal not connected but last seen within @p ms is shown as Sleeping.
    void setSleepingWindow(qint64 ms);
    /// The wall clock the Sleeping state is judged against (the view calls it on each refresh);
    /// emits dataChanged for the rows whose state changes.
    void setNow(qint64 nowMs, bool force = false);
    int onlineCount() const;
    int pendingCount() const;

    static bool isCapacityColumn(int column) { return column >= UsersColumn && column <= NewLogsColumn; }
    static query::CapacityKind capacityKind(int column);

Q_SIGNALS:
    /// A serial went online that is not listed yet: the owner should re-read the list.
    void unlistedTerminalOnline(const QString &sn);
    void renameFailed(const QString &sn, const QString &error);
    /// Rows were added or removed, or what the database says about one changed (name, admission, ...).
    void recordsChanged();
    /// A listed terminal went online or offline.
    void onlineChanged();

private:
    void rebuildIndex();
    QVariant displayData(const query::TerminalRecord &r, TerminalStatus status, int column) const;
    QVariant rawData(const query::TerminalRecord &r, TerminalStatus status, int column) const;
    QIcon statusIcon(TerminalStatus status) const;
    bool isAsleep(const query::TerminalRecord &r) const;

    QList<query::TerminalRecord> m_rows;
    QHash<QString, int> m_rowOf;
    QSet<QString> m_online;
    qint64 m_nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 m_sleepingWindowMs = 3'600'000;
    Renamer m_renamer;
    mutable QHash<int, QIcon> m_icons;
};

} // namespace termdesk::ui
