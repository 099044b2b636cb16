// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/latestread.h"

#include <QDate>
#include <QWidget>

#include <memory>

class QLabel;
class QTimer;
class QTreeWidget;

namespace termdesk {
class Clock;
}

namespace termdesk::query {
class PunchReads;
}

namespace termdesk::ui {

class DashboardCharts;
class TerminalTableModel;

/// @brief The overview: punches per hour today and per day this week, the fleet's state and every
/// capacity at or above the warning level. Queries run only while the page is visible (every few
/// seconds); the terminal parts follow the terminals model.
class DashboardView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardView)
public:
    /// "Today" and the week are read from @p clock (the engine's: EngineBridge::clock()).
    DashboardView(query::PunchReads *reads, TerminalTableModel *terminals, Clock *clock, QWidget *parent = nullptr);
    ~DashboardView() override;

    void refresh();
    QList<qint64> hourlyCounts() const { return m_hourly; }
    QList<qint64> dailyCounts() const { return m_daily; }
    int warningCount() const { return m_warningCount; }

Q_SIGNALS:
    /// The punch counts of a refresh() arrived from the reader thread and are shown.
    void punchCountsUpdated();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Card
    {
        QLabel *value;
        QLabel *caption;
    };
    Card makeCard(const QString &objectName);
    void retranslateUi();
    void refreshPunches();
    QDate today() const;
    void applyPunchCounts(QList<qint64> hourly, QList<qint64> daily);
    void refreshTerminals();
    void updateDayCategories();

    query::PunchReads *m_reads;
    query::LatestRead m_latest; ///< one read at a time, one more if asked meanwhile
    TerminalTableModel *m_terminals;
    Clock *m_clock;
    Card m_onlineCard;
    Card m_todayCard;
    Card m_pendingCard;
    Card m_warningCard;
    std::unique_ptr<DashboardCharts> m_charts; ///< Qt Charts, or tables where the build has none
    QLabel *m_warningHeading;
    QTreeWidget *m_warnings;
    QTimer *m_timer;
    QTimer *m_terminalsTimer;
    QList<qint64> m_hourly;
    QList<qint64> m_daily;
    QStringList m_days; ///< the labels of m_daily
    QDate m_weekStart;
    int m_warningCount = 0;
};

} // namespace termdesk::ui
