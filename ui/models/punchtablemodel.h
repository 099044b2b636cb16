// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/storedpunch.h"
#include "query/punchquery.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <deque>
#include <functional>

namespace termdesk::ui {

/// @brief The punches view: newest punch on top. Live punches from the engine go in at the top, one
/// beginInsertRows per batch; history is paged in at the bottom from the database with
/// canFetchMore/fetchMore (keyset on punches.id, one short query per page). Rows are compact
/// (48 bytes; strings interned) and cell text is formatted only when a cell is painted, so a million
/// rows cost ~50 MB and no time until seen. No sorting: the order is the id order (sorting a
/// million-row model stalls the GUI, docs/performance.md); changing the filter re-queries.
///
/// Newest-first (rather than a tail at the bottom) because Qt views ask for more rows when the last
/// row becomes visible: with history at the bottom that is exactly "older punches when scrolled down",
/// while a bottom tail would keep the last row visible and page in the whole history.
class PunchTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PunchTableModel)
public:
    enum Column {
        TimeColumn,
        TerminalColumn,
        EnrollIdColumn,
        UserNameColumn,
        VerifyModeColumn,
        InOutColumn,
        EventColumn,
        TemperatureColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawRole = Qt::UserRole, ///< the value (times as local epoch seconds, codes as numbers)
        IdRole,                 ///< punches.id
    };

    /// Reads one page: newest first, ids below beforeId (0 = from the newest); see query::PunchQuery::page.
    using PageFetcher =
        std::function<query::PunchPage(const query::PunchFilter &filter, qint64 beforeId, int limit, QString *error)>;

    explicit PunchTableModel(QObject *parent = nullptr);
    ~PunchTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    void setFetcher(PageFetcher fetcher) { m_fetcher = std::move(fetcher); }
    /// Shows the punches matching @p filter: drops every row and reads the newest page now, so live
    /// punches that arrive from here on are told apart from history by id.
    void setFilter(const query::PunchFilter &filter);
    const query::PunchFilter &filter() const { return m_filter; }
    /// Re-reads the current filter (after a database change the live feed does not report).
    void reload() { setFilter(m_filter); }

    /// New punches from the engine (ascending ids): those matching the filter go in at the top.
    void addLive(const QList<StoredPunch> &punches);

    /// Roster names (enroll id → name); the user column falls back to the name in the record.
    void setUserNames(QHash<qint64, QString> names);
    /// Terminal names (serial → name); the terminal column shows the serial for unnamed ones.
    void setTerminalNames(QHash<QString, QString> names);
    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    /// Beyond this many rows the oldest are dropped from the bottom (they can be paged in again).
    void setMaxRows(qsizetype rows) { m_maxRows = std::max<qsizetype>(1, rows); }
    void retranslate();

    qint64 idAt(int row) const;
    bool isSearching() const { return m_searchScheduled; }
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    /// @p count live punches went in at the top.
    void liveInserted(int count);
    /// A selective filter is still looking through older punches (in short steps, between events).
    void searchingChanged(bool searching);
    void queryFailed(const QString &error);

private:
    struct Row
    {
        qint64 id;
        qint64 enrollId;
        qint64 localSecs;  // the terminal's wall clock, seconds since 1970-01-01 of that clock
        float temperature; // NaN = not measured
        qint32 terminal;   // index into m_terminalSns
        qint32 name;       // index into m_recordNames, -1 = none
        qint32 verifyMode;
        qint32 inOut;
        qint32 event;
    };

    Row makeRow(qint64 id, const QString &sn, qint64 enrollId, const QString &localTime, int verifyMode, int inOut,
                int event, const std::optional<double> &temperature, const QString &name);
    qint32 intern(QStringList &pool, QHash<QString, qint32> &index, const QString &text);
    QString userName(const Row &row) const;
    bool matchesLive(const StoredPunch &punch) const;
    void trimToMax();
    void setSearching(bool searching);
    QVariant displayData(const Row &row, int column) const;

    /// Marks the model as busy notifying its listeners (see fetchMore).
    struct Notifying
    {
        explicit Notifying(PunchTableModel *m) : model(m), previous(m->m_notifying) { model->m_notifying = true; }
        ~Notifying() { model->m_notifying = previous; }
        Q_DISABLE_COPY_MOVE(Notifying)
        PunchTableModel *model;
        bool previous;
    };

    std::deque<Row> m_rows; // [0] = newest
    query::PunchFilter m_filter;
    query::UserMatcher m_userMatcher{QStringView()};
    PageFetcher m_fetcher;
    QStringList m_terminalSns;
    QHash<QString, qint32> m_terminalIndex;
    QStringList m_recordNames;
    QHash<QString, qint32> m_recordNameIndex;
    QHash<qint64, QString> m_userNames;
    QHash<QString, QString> m_terminalNames;
    qint64 m_newestId = 0;   // every punch up to this id was considered: live ones above it are new
    qint64 m_nextBefore = 0; // the next page reads below this id (0 = from the newest)
    bool m_moreHistory = false;
    bool m_searchScheduled = false;
    bool m_notifying = false;
    int m_pageSize = 1000;
    qsizetype m_maxRows = 2'000'000;
    QString m_lastError;
};

} // namespace termdesk::ui
