// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboardview.h"

#include "capacitydelegate.h"
#include "dashboardcharts.h"
#include "models/displaytext.h"
#include "models/terminaltablemodel.h"
#include "query/punchreads.h"
#include "util/clock.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace termdesk::ui {
namespace {

constexpr int REFRESH_MS = 5'000;
constexpr int TERMINALS_COALESCE_MS = 200;
constexpr int DAYS_PER_WEEK = 7;

const TerminalStatus FLEET_ORDER[] = {TerminalStatus::Online, TerminalStatus::Sleeping, TerminalStatus::Offline,
                                      TerminalStatus::Pending, TerminalStatus::Blocked};

QColor fleetColor(TerminalStatus status)
{
    switch (status) {
    case TerminalStatus::Online:
        return QColor(0x2e, 0x9d, 0x4f);
    case TerminalStatus::Sleeping:
        return QColor(0x4a, 0x7f, 0xc1);
    case TerminalStatus::Offline:
        return QColor(0xb0, 0xb0, 0xb0);
    case TerminalStatus::Pending:
        return QColor(0xe0, 0x9a, 0x1a);
    case TerminalStatus::Blocked:
        return QColor(0xc6, 0x2f, 0x2f);
    }
    return Qt::gray;
}

} // namespace

DashboardView::DashboardView(query::PunchReads *reads, TerminalTableModel *terminals, Clock *clock, QWidget *parent)
    : QWidget(parent), m_reads(reads), m_terminals(terminals), m_clock(clock),
      m_onlineCard(makeCard(QStringLiteral("cardOnline"))), m_todayCard(makeCard(QStringLiteral("cardToday"))),
      m_pendingCard(makeCard(QStringLiteral("cardPending"))), m_warningCard(makeCard(QStringLiteral("cardWarnings"))),
      m_charts(std::make_unique<DashboardCharts>(this)), m_warningHeading(new QLabel(this)),
      m_warnings(new QTreeWidget(this)), m_timer(new QTimer(this)), m_terminalsTimer(new QTimer(this)), m_hourly(24, 0),
      m_daily(DAYS_PER_WEEK, 0)
{
    setObjectName(QStringLiteral("dashboardView"));
    updateDayCategories();

    m_warnings->setObjectName(QStringLiteral("capacityWarnings"));
    m_warnings->setRootIsDecorated(false);
    m_warnings->setColumnCount(3);
    m_warnings->setUniformRowHeights(true);
    m_warnings->header()->setStretchLastSection(true);
    m_warnings->setColumnWidth(0, 180);
    m_warnings->setColumnWidth(1, 120);
    QFont headingFont = font();
    headingFont.setBold(true);
    m_warningHeading->setFont(headingFont);

    auto *cards = new QHBoxLayout;
    for (const Card &card : {m_onlineCard, m_todayCard, m_pendingCard, m_warningCard}) {
        auto *frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAutoFillBackground(true);
        frame->setBackgroundRole(QPalette::Base);
        auto *v = new QVBoxLayout(frame);
        v->addWidget(card.value);
        v->addWidget(card.caption);
        cards->addWidget(frame);
    }

    auto *grid = new QGridLayout;
    grid->addWidget(m_charts->hourly(), 0, 0);
    grid->addWidget(m_charts->daily(), 0, 1);
    grid->addWidget(m_charts->fleet(), 1, 0);
    auto *warningBox = new QVBoxLayout;
    warningBox->addWidget(m_warningHeading);
    warningBox->addWidget(m_warnings, 1);
    grid->addLayout(warningBox, 1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(cards);
    layout->addLayout(grid, 1);

    m_timer->setInterval(REFRESH_MS);
    connect(m_timer, &QTimer::timeout, this, &DashboardView::refresh);
    // Online/offline bursts (a whole site reconnecting) cost one update, not one per terminal.
    m_terminalsTimer->setSingleShot(true);
    m_terminalsTimer->setInterval(TERMINALS_COALESCE_MS);
    connect(m_terminalsTimer, &QTimer::timeout, this, &DashboardView::refreshTerminals);
    for (auto signal : {&TerminalTableModel::recordsChanged, &TerminalTableModel::onlineChanged}) {
        connect(m_terminals, signal, this, [this] {
            if (isVisible())
                m_terminalsTimer->start();
        });
    }
    retranslateUi();
}

DashboardView::~DashboardView() = default;

DashboardView::Card DashboardView::makeCard(const QString &objectName)
{
    Card card{new QLabel(this), new QLabel(this)};
    card.value->setObjectName(objectName);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    card.value->setFont(big);
    card.caption->setEnabled(false);
    card.caption->setBuddy(card.value);
    return card;
}

void DashboardView::retranslateUi()
{
    m_onlineCard.caption->setText(tr("terminals online"));
    m_todayCard.caption->setText(tr("punches today"));
    m_pendingCard.caption->setText(tr("waiting for approval"));
    m_warningCard.caption->setText(tr("capacity warnings (≥ 80 %)"));
    m_charts->retranslate();
    m_warningHeading->setText(tr("Capacity warnings"));
    m_warnings->setHeaderLabels({tr("Terminal"), tr("Capacity"), tr("Used")});
    m_warnings->setAccessibleName(tr("Capacity warnings"));
    updateDayCategories();
    refreshTerminals();
}

void DashboardView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DashboardView::showEvent(QShowEvent *event)
{
    refresh();
    m_timer->start();
    QWidget::showEvent(event);
}

void DashboardView::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void DashboardView::refresh()
{
    refreshPunches();
    refreshTerminals();
}

QDate DashboardView::today() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock->wallClockMs()).date();
}

void DashboardView::updateDayCategories()
{
    const QDate today = this->today();
    const QLocale locale;
    const int shift = (today.dayOfWeek() - static_cast<int>(locale.firstDayOfWeek()) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
    m_weekStart = today.addDays(-shift);
    QStringList days;
    for (int d = 0; d < DAYS_PER_WEEK; ++d) {
        const QDate day = m_weekStart.addDays(d);
        days.append(locale.dayName(day.dayOfWeek(), QLocale::ShortFormat) + u' ' + QString::number(day.day()));
    }
    if (days != m_days) {
        m_days = days;
        m_charts->setDaily(m_daily, m_days);
    }
}

void DashboardView::refreshPunches()
{
    // The counts grow with the week's punches (450 000 rows: ~150 ms): read on the reader thread,
    // applied here when they arrive. One read at a time; a refresh asked meanwhile follows it.
    if (!m_latest.start())
        return;
    const QDate today = this->today();
    updateDayCategories();
    m_reads->readPunchCounts(today, m_weekStart, DAYS_PER_WEEK, this,
                             [this](query::PunchCounts counts, const QString &) {
                                 applyPunchCounts(std::move(counts.perHour), std::move(counts.perDay));
                                 Q_EMIT punchCountsUpdated();
                                 if (m_latest.finish())
                                     refreshPunches();
                             });
}

void DashboardView::applyPunchCounts(QList<qint64> hourly, QList<qint64> daily)
{
    if (hourly.size() != 24 || daily.size() != DAYS_PER_WEEK)
        return; // a busy database: the next tick tries again
    m_hourly = std::move(hourly);
    m_daily = std::move(daily);
    m_charts->setHourly(m_hourly);
    m_charts->setDaily(m_daily, m_days);
    qint64 todayTotal = 0;
    for (qint64 n : std::as_const(m_hourly))
        todayTotal += n;
    m_todayCard.value->setText(QLocale().toString(todayTotal));
}

void DashboardView::refreshTerminals()
{
    int counts[TERMINAL_STATUS_COUNT] = {};
    struct Warning
    {
        double fraction;
        QString terminal;
        query::CapacityKind kind;
        query::Capacity capacity;
    };
    QList<Warning> warnings;
    for (int row = 0; row < m_terminals->rowCount(); ++row) {
        const query::TerminalRecord *r = m_terminals->record(row);
        ++counts[static_cast<int>(m_terminals->status(row))];
        for (int k = 0; k < query::CAPACITY_KIND_COUNT; ++k) {
            const auto kind = static_cast<query::CapacityKind>(k);
            const query::Capacity &c = r->capacity(kind);
            const auto fraction = c.fraction();
            if (fraction && *fraction >= CapacityDelegate::WARNING)
                warnings.append({*fraction, r->name.isEmpty() ? r->sn : r->name, kind, c});
        }
    }
    std::sort(warnings.begin(), warnings.end(),
              [](const Warning &a, const Warning &b) { return a.fraction > b.fraction; });

    const QLocale locale;
    const int total = m_terminals->rowCount();
    m_onlineCard.value->setText(tr("%1 / %2").arg(locale.toString(counts[0]), locale.toString(total)));
    m_pendingCard.value->setText(locale.toString(counts[static_cast<int>(TerminalStatus::Pending)]));
    m_warningCount = static_cast<int>(warnings.size());
    m_warningCard.value->setText(locale.toString(m_warningCount));
    QList<FleetShare> fleet;
    for (TerminalStatus status : FLEET_ORDER)
        fleet.append({DisplayText::terminalStatus(status), counts[static_cast<int>(status)], fleetColor(status)});
    m_charts->setFleet(fleet);

    m_warnings->clear();
    for (const Warning &w : std::as_const(warnings)) {
        auto *item = new QTreeWidgetItem(
            m_warnings, {w.terminal, DisplayText::capacity(w.kind), DisplayText::capacityUsage(w.capacity)});
        item->setForeground(2, CapacityDelegate::barColor(w.fraction, palette()).darker(120));
    }
    if (warnings.isEmpty())
        new QTreeWidgetItem(m_warnings, {tr("None: every capacity is below 80 %"), QString(), QString()});
}

} // namespace termdesk::ui
