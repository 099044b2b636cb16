// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QWidget;

namespace termdesk::ui {

/// One part of the fleet display: a terminal state, how many terminals are in it, its colour.
struct FleetShare
{
    QString label;
    int count = 0;
    QColor color;
};

/// @brief The dashboard's three figures: punches per hour today, per day this week, terminals by state.
/// Two implementations, chosen by the build (TERMDESK_CHARTS): dashboardcharts.cpp draws them with Qt
/// Charts, dashboardfigures.cpp shows the same numbers as small tables where Qt Charts is missing. Either
/// way the displays are named chartHourly, chartDaily and chartTerminals, carry the same titles as
/// accessible names, and their accessible descriptions read the figures out (summaryOf*).
class DashboardCharts final
{
    // The messages keep the dashboard's context: the catalogues translate both implementations.
    Q_DECLARE_TR_FUNCTIONS(termdesk::ui::DashboardView)
    Q_DISABLE_COPY_MOVE(DashboardCharts)
public:
    /// The displays are children of @p parent; the caller lays them out.
    explicit DashboardCharts(QWidget *parent);
    ~DashboardCharts();

    QWidget *hourly() const;
    QWidget *daily() const;
    QWidget *fleet() const;

    /// 24 counts, hour 0 first.
    void setHourly(const QList<qint64> &counts);
    /// One count per day, with the day's label.
    void setDaily(const QList<qint64> &counts, const QStringList &days);
    void setFleet(const QList<FleetShare> &shares);
    /// Titles, accessible names and descriptions in the current language.
    void retranslate();

    /// "0: 3, 1: 0, …": what a bar display shows, as its accessible description.
    static QString summaryOfCounts(const QStringList &labels, const QList<qint64> &counts);
    /// "Online: 2, Sleeping: 0, …": what the fleet display shows, as its accessible description.
    static QString summaryOfFleet(const QList<FleetShare> &shares);
    static QStringList hourLabels();

private:
    struct Parts; // each implementation's own widgets
    std::unique_ptr<Parts> m_parts;
};

} // namespace termdesk::ui
