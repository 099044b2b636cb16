// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard's figures without Qt Charts (TERMDESK_CHARTS=OFF): the same numbers as small read-only
// tables, each in a box titled like the chart it stands for.
#include "dashboardcharts.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QIcon>
#include <QLocale>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

constexpr int HOURS_PER_ROW = 12;

/// A table exactly as tall as its rows: a scroll area's minimum size leaves room for scroll bars
/// this one never shows, blank space below a table of one row.
class FigureTable final : public QTableWidget
{
public:
    using QTableWidget::QTableWidget;
    QSize minimumSizeHint() const override { return {QTableWidget::minimumSizeHint().width(), sizeHint().height()}; }
};

struct Display
{
    QGroupBox *box = nullptr;
    QTableWidget *table = nullptr;
};

Display makeDisplay(const QString &objectName, int rows, int columns, QWidget *parent)
{
    auto *box = new QGroupBox(parent);
    box->setObjectName(objectName);
    auto *table = new FigureTable(rows, columns, box);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::ContiguousSelection);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setMinimumSectionSize(24);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            table->setItem(r, c, item);
        }
    }
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(table);
    layout->addStretch(1);
    return {box, table};
}

void describe(const Display &display, const QString &name, const QString &description)
{
    display.box->setAccessibleName(name);
    display.box->setAccessibleDescription(description);
    display.table->setAccessibleName(name);
    display.table->setAccessibleDescription(description);
    display.table->updateGeometry(); // its size hint follows its rows and columns
}

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(color);
    return QIcon(pixmap);
}

} // namespace

struct DashboardCharts::Parts
{
    Display hourly;
    Display daily;
    Display fleet;
    QList<qint64> hourlyCounts = QList<qint64>(24, 0);
    QList<qint64> dailyCounts;
    QStringList days;
    QList<FleetShare> shares;
};

DashboardCharts::DashboardCharts(QWidget *parent) : m_parts(std::make_unique<Parts>())
{
    m_parts->hourly = makeDisplay(QStringLiteral("chartHourly"), 2 * 24 / HOURS_PER_ROW, HOURS_PER_ROW, parent);
    m_parts->daily = makeDisplay(QStringLiteral("chartDaily"), 1, 0, parent);
    m_parts->fleet = makeDisplay(QStringLiteral("chartTerminals"), 0, 2, parent);
    // The hourly table: a row of hours above each row of counts, twelve hours a row.
    QTableWidget *hours = m_parts->hourly.table;
    hours->horizontalHeader()->hide();
    const QBrush headerBrush = hours->palette().alternateBase();
    const QStringList labels = hourLabels();
    for (int h = 0; h < 24; ++h) {
        QTableWidgetItem *item = hours->item(2 * (h / HOURS_PER_ROW), h % HOURS_PER_ROW);
        item->setText(labels.at(h));
        item->setBackground(headerBrush);
        item->setFlags(Qt::ItemIsEnabled);
    }
    QTableWidget *fleet = m_parts->fleet.table;
    fleet->verticalHeader()->hide();
    fleet->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    setHourly(m_parts->hourlyCounts);
}

DashboardCharts::~DashboardCharts() = default;

QWidget *DashboardCharts::hourly() const
{
    return m_parts->hourly.box;
}

QWidget *DashboardCharts::daily() const
{
    return m_parts->daily.box;
}

QWidget *DashboardCharts::fleet() const
{
    return m_parts->fleet.box;
}

void DashboardCharts::setHourly(const QList<qint64> &counts)
{
    Parts &p = *m_parts;
    p.hourlyCounts = counts;
    const QLocale locale;
    for (int h = 0; h < 24; ++h)
        p.hourly.table->item(2 * (h / HOURS_PER_ROW) + 1, h % HOURS_PER_ROW)->setText(locale.toString(counts.value(h)));
    describe(p.hourly, tr("Punches per hour today"), summaryOfCounts(hourLabels(), counts));
}

void DashboardCharts::setDaily(const QList<qint64> &counts, const QStringList &days)
{
    Parts &p = *m_parts;
    p.dailyCounts = counts;
    p.days = days;
    QTableWidget *table = p.daily.table;
    if (table->columnCount() != days.size()) {
        table->setColumnCount(static_cast<int>(days.size()));
        for (int d = 0; d < table->columnCount(); ++d) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            table->setItem(0, d, item);
        }
    }
    table->setHorizontalHeaderLabels(days);
    const QLocale locale;
    for (int d = 0; d < table->columnCount(); ++d)
        table->item(0, d)->setText(locale.toString(counts.value(d)));
    describe(p.daily, tr("Punches per day this week"), summaryOfCounts(days, counts));
}

void DashboardCharts::setFleet(const QList<FleetShare> &shares)
{
    Parts &p = *m_parts;
    p.shares = shares;
    QTableWidget *table = p.fleet.table;
    if (table->rowCount() != shares.size()) {
        table->setRowCount(static_cast<int>(shares.size()));
        for (int r = 0; r < table->rowCount(); ++r) {
            auto *state = new QTableWidgetItem;
            state->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            table->setItem(r, 0, state);
            auto *count = new QTableWidgetItem;
            count->setTextAlignment(Qt::AlignCenter);
            table->setItem(r, 1, count);
        }
    }
    const QLocale locale;
    for (int r = 0; r < table->rowCount(); ++r) {
        const FleetShare &share = shares.at(r);
        table->item(r, 0)->setText(share.label);
        table->item(r, 0)->setIcon(swatch(share.color));
        table->item(r, 1)->setText(locale.toString(share.count));
    }
    describe(p.fleet, tr("Terminals by state"), summaryOfFleet(shares));
}

void DashboardCharts::retranslate()
{
    Parts &p = *m_parts;
    p.hourly.box->setTitle(tr("Punches per hour today"));
    QStringList rows;
    for (int r = 0; r < p.hourly.table->rowCount(); r += 2)
        rows << tr("Hour") << tr("Punches");
    p.hourly.table->setVerticalHeaderLabels(rows);
    p.daily.box->setTitle(tr("Punches per day this week"));
    p.daily.table->setVerticalHeaderLabels({tr("Punches")});
    p.fleet.box->setTitle(tr("Terminals"));
    p.fleet.table->setHorizontalHeaderLabels({tr("State"), tr("Terminals")});
    setHourly(p.hourlyCounts);
    setDaily(p.dailyCounts, p.days);
    setFleet(p.shares);
}

} // namespace termdesk::ui
