// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard's figures drawn with Qt Charts (TERMDESK_CHARTS=ON): two bar charts and a donut.
#include "dashboardcharts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>

#include <algorithm>

namespace termdesk::ui {
namespace {

const QColor BAR_COLOR(0x3a, 0x7b, 0xd5);
constexpr int MIN_HEIGHT = 220;

void setAxisMax(QValueAxis *axis, const QList<qint64> &counts)
{
    const qint64 max = counts.isEmpty() ? 0 : *std::max_element(counts.cbegin(), counts.cend());
    axis->setRange(0, std::max<qint64>(4, max));
    axis->applyNiceNumbers();
    axis->setLabelFormat(QStringLiteral("%d"));
}

/// One blue bar series in @p chart with a 0..4 value axis on the left; the x axis is the caller's.
QBarSet *addBars(QChart *chart, QAbstractAxis *xAxis, QValueAxis **values)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    auto *series = new QBarSeries(chart);
    auto *set = new QBarSet(QString(), series);
    set->setColor(BAR_COLOR);
    set->setBorderColor(BAR_COLOR);
    series->append(set);
    series->setBarWidth(0.8);
    chart->addSeries(series);
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    *values = new QValueAxis(chart);
    (*values)->setRange(0, 4);
    (*values)->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(*values, Qt::AlignLeft);
    series->attachAxis(*values);
    return set;
}

QChartView *makeView(QChart *chart, const QString &objectName, QWidget *parent)
{
    auto *view = new QChartView(chart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(MIN_HEIGHT);
    return view;
}

void setBars(QBarSet *set, const QList<qint64> &counts)
{
    if (set->count() != counts.size()) {
        set->remove(0, set->count());
        for (qint64 n : counts)
            set->append(double(n));
        return;
    }
    for (qsizetype i = 0; i < counts.size(); ++i)
        set->replace(i, double(counts.at(i)));
}

} // namespace

struct DashboardCharts::Parts
{
    QChartView *hourlyView = nullptr;
    QBarSet *hourlySet = nullptr;
    QValueAxis *hourlyValues = nullptr;
    QChartView *dailyView = nullptr;
    QBarSet *dailySet = nullptr;
    QBarCategoryAxis *dailyAxis = nullptr;
    QValueAxis *dailyValues = nullptr;
    QChartView *fleetView = nullptr;
    QPieSeries *fleet = nullptr;
    QList<qint64> hourly = QList<qint64>(24, 0);
    QList<qint64> daily;
    QStringList days;
    QList<FleetShare> shares;
};

DashboardCharts::DashboardCharts(QWidget *parent) : m_parts(std::make_unique<Parts>())
{
    Parts &p = *m_parts;

    // Bars sit at x = 0..23; a value axis with a tick every 3 hours keeps the labels readable where
    // 24 category labels would be elided.
    auto *hourlyChart = new QChart;
    auto *hours = new QValueAxis(hourlyChart);
    hours->setRange(-0.5, 23.5);
    hours->setTickType(QValueAxis::TicksDynamic);
    hours->setTickAnchor(0);
    hours->setTickInterval(3);
    hours->setLabelFormat(QStringLiteral("%d"));
    hours->setGridLineVisible(false);
    p.hourlySet = addBars(hourlyChart, hours, &p.hourlyValues);
    p.hourlyView = makeView(hourlyChart, QStringLiteral("chartHourly"), parent);
    setBars(p.hourlySet, p.hourly);

    auto *dailyChart = new QChart;
    p.dailyAxis = new QBarCategoryAxis(dailyChart);
    p.dailySet = addBars(dailyChart, p.dailyAxis, &p.dailyValues);
    p.dailyView = makeView(dailyChart, QStringLiteral("chartDaily"), parent);

    auto *fleetChart = new QChart;
    fleetChart->legend()->setAlignment(Qt::AlignRight);
    fleetChart->setAnimationOptions(QChart::NoAnimation);
    p.fleet = new QPieSeries(fleetChart);
    p.fleet->setHoleSize(0.45);
    fleetChart->addSeries(p.fleet);
    p.fleetView = makeView(fleetChart, QStringLiteral("chartTerminals"), parent);
}

DashboardCharts::~DashboardCharts() = default;

QWidget *DashboardCharts::hourly() const
{
    return m_parts->hourlyView;
}

QWidget *DashboardCharts::daily() const
{
    return m_parts->dailyView;
}

QWidget *DashboardCharts::fleet() const
{
    return m_parts->fleetView;
}

void DashboardCharts::setHourly(const QList<qint64> &counts)
{
    Parts &p = *m_parts;
    p.hourly = counts;
    setBars(p.hourlySet, counts);
    setAxisMax(p.hourlyValues, counts);
    p.hourlyView->setAccessibleDescription(summaryOfCounts(hourLabels(), counts));
}

void DashboardCharts::setDaily(const QList<qint64> &counts, const QStringList &days)
{
    Parts &p = *m_parts;
    p.daily = counts;
    if (days != p.days) {
        p.days = days;
        p.dailyAxis->setCategories(days);
    }
    setBars(p.dailySet, counts);
    setAxisMax(p.dailyValues, counts);
    p.dailyView->setAccessibleDescription(summaryOfCounts(days, counts));
}

void DashboardCharts::setFleet(const QList<FleetShare> &shares)
{
    Parts &p = *m_parts;
    p.shares = shares;
    if (p.fleet->count() != shares.size()) {
        p.fleet->clear();
        for (qsizetype i = 0; i < shares.size(); ++i) {
            auto *slice = new QPieSlice(QString(), 0, p.fleet);
            slice->setBorderColor(Qt::white);
            p.fleet->append(slice);
        }
    }
    for (qsizetype i = 0; i < shares.size(); ++i) {
        QPieSlice *slice = p.fleet->slices().at(i);
        slice->setColor(shares.at(i).color);
        slice->setValue(shares.at(i).count);
        slice->setLabel(tr("%1: %2").arg(shares.at(i).label).arg(shares.at(i).count));
    }
    p.fleetView->setAccessibleDescription(summaryOfFleet(shares));
}

void DashboardCharts::retranslate()
{
    Parts &p = *m_parts;
    p.hourlyView->chart()->setTitle(tr("Punches per hour today"));
    p.hourlyView->setAccessibleName(tr("Punches per hour today"));
    p.hourlySet->setLabel(tr("Punches"));
    p.dailyView->chart()->setTitle(tr("Punches per day this week"));
    p.dailyView->setAccessibleName(tr("Punches per day this week"));
    p.dailySet->setLabel(tr("Punches"));
    p.fleetView->chart()->setTitle(tr("Terminals"));
    p.fleetView->setAccessibleName(tr("Terminals by state"));
    p.hourlyView->setAccessibleDescription(summaryOfCounts(hourLabels(), p.hourly));
    p.dailyView->setAccessibleDescription(summaryOfCounts(p.days, p.daily));
    p.fleetView->setAccessibleDescription(summaryOfFleet(p.shares));
}

} // namespace termdesk::ui
