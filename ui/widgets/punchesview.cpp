// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchesview.h"

#include "columnchooser.h"
#include "enginebridge.h"
#include "models/punchtablemodel.h"
#include "query/punchreads.h"
#include "service/csvexporter.h"
#include "util/clocktimer.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {
constexpr int USER_DEBOUNCE_MS = 300;
// Ids one history query looks at, at most: ~30 ms for the most selective filter on this kind of machine
// (a user filter nobody matches, 1 M punches: 0.6 s as one statement).
constexpr qint64 SCAN_WINDOW = 50'000;
} // namespace

PunchesView::PunchesView(EngineBridge *engine, query::PunchReads *reads, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_reads(reads), m_model(new PunchTableModel(this)),
      m_export(new ExportController(engine->config().databaseFile(), this)), m_periodLabel(new QLabel(this)),
      m_period(new QComboBox(this)), m_from(new QDateEdit(this)), m_toLabel(new QLabel(this)),
      m_to(new QDateEdit(this)), m_terminalLabel(new QLabel(this)), m_terminal(new QComboBox(this)),
      m_userLabel(new QLabel(this)), m_user(new QLineEdit(this)), m_exportButton(new QPushButton(this)),
      m_newButton(new QPushButton(this)), m_count(new QLabel(this)), m_table(new QTableView(this)),
      m_userDebounce(new QTimer(this)), m_dayTimer(new ClockTimer(engine->clock(), this))
{
    setObjectName(QStringLiteral("punchesView"));
    m_model->setObjectName(QStringLiteral("punchModel"));
    m_model->setFetcher([this](const query::PunchFilter &filter, qint64 beforeId, int limit, QString *error) {
        return m_reads->punchPage(filter, beforeId, limit, SCAN_WINDOW, error);
    });
    connect(m_model, &PunchTableModel::searchingChanged, this, &PunchesView::updateCount);
    connect(m_model, &PunchTableModel::queryFailed, this,
            [this](const QString &error) { Q_EMIT statusMessage(tr("Could not read punches: %1").arg(error)); });

    m_period->setObjectName(QStringLiteral("punchPeriod"));
    for (int p = AllTime; p <= CustomRange; ++p)
        m_period->addItem(QString(), p);
    m_from->setObjectName(QStringLiteral("punchFrom"));
    m_to->setObjectName(QStringLiteral("punchTo"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setDate(QDate::currentDate());
        connect(edit, &QDateEdit::dateChanged, this, &PunchesView::applyFilter);
    }
    m_periodLabel->setBuddy(m_period);
    m_terminal->setObjectName(QStringLiteral("punchTerminal"));
    m_terminal->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_terminal->addItem(QString(), QString());
    m_terminalLabel->setBuddy(m_terminal);
    m_user->setObjectName(QStringLiteral("punchUser"));
    m_user->setClearButtonEnabled(true);
    m_user->setMinimumWidth(180);
    m_userLabel->setBuddy(m_user);
    m_exportButton->setObjectName(QStringLiteral("punchExport"));
    m_newButton->setObjectName(QStringLiteral("punchJumpNewest"));
    m_newButton->hide();
    m_count->setObjectName(QStringLiteral("punchCount"));

    m_userDebounce->setSingleShot(true);
    m_userDebounce->setInterval(USER_DEBOUNCE_MS);
    connect(m_userDebounce, &QTimer::timeout, this, &PunchesView::applyFilter);
    m_dayTimer->setObjectName(QStringLiteral("punchDayTimer"));
    m_dayTimer->setSingleShot(true);
    connect(m_dayTimer, &ClockTimer::timeout, this, &PunchesView::onDayChanged);
    connect(m_user, &QLineEdit::textChanged, m_userDebounce, qOverload<>(&QTimer::start));
    connect(m_user, &QLineEdit::returnPressed, this, &PunchesView::applyFilter);
    connect(m_period, &QComboBox::currentIndexChanged, this, &PunchesView::onPeriodChanged);
    connect(m_terminal, &QComboBox::currentIndexChanged, this, &PunchesView::applyFilter);
    connect(m_exportButton, &QPushButton::clicked, this, &PunchesView::exportPunches);
    connect(m_newButton, &QPushButton::clicked, this, &PunchesView::jumpToNewest);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_periodLabel);
    filters->addWidget(m_period);
    filters->addWidget(m_from);
    filters->addWidget(m_toLabel);
    filters->addWidget(m_to);
    filters->addSpacing(12);
    filters->addWidget(m_terminalLabel);
    filters->addWidget(m_terminal);
    filters->addSpacing(12);
    filters->addWidget(m_userLabel);
    filters->addWidget(m_user);
    filters->addStretch(1);
    filters->addWidget(m_exportButton);

    // The live table: fixed row height (no per-row measuring), no sorting proxy, text made on paint.
    m_table->setObjectName(QStringLiteral("punchesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionsMovable(true);
    installColumnChooser(m_table->horizontalHeader());
    const std::pair<int, int> widths[] = {
        {PunchTableModel::TimeColumn, 165},       {PunchTableModel::TerminalColumn, 170},
        {PunchTableModel::EnrollIdColumn, 90},    {PunchTableModel::UserNameColumn, 220},
        {PunchTableModel::VerifyModeColumn, 120}, {PunchTableModel::InOutColumn, 80},
        {PunchTableModel::EventColumn, 100},      {PunchTableModel::TemperatureColumn, 110}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);

    // Follow the newest while at the top; otherwise keep the rows the operator is reading in place.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0 && m_model->rowCount() > 0)
            m_anchor = m_table->verticalScrollBar()->value();
    });
    connect(m_model, &PunchTableModel::liveInserted, this, &PunchesView::onLiveInserted);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PunchesView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PunchesView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_unseen = 0;
        updateNewButton();
        updateCount();
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == 0 && m_unseen > 0) {
            m_unseen = 0;
            updateNewButton();
        }
    });
    connect(m_engine, &EngineBridge::punchesArrived, m_model, &PunchTableModel::addLive);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_count, 1);
    footer->addWidget(m_newButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(footer);

    connect(m_export, &ExportController::finished, this,
            [this](const QString &file, qint64 rows, const QString &error) {
                if (rows >= 0) {
                    Q_EMIT statusMessage(tr("Exported %n punch(es) to %1", nullptr, static_cast<int>(rows))
                                             .arg(QDir::toNativeSeparators(file)));
                    Q_EMIT exportFinished(file, rows);
                } else if (error == service::CsvExporter::cancelledError()) {
                    Q_EMIT statusMessage(tr("Export cancelled"));
                } else {
                    Q_EMIT statusMessage(tr("Export failed: %1").arg(error));
                }
            });

    retranslateUi();
    onPeriodChanged();
}

PunchesView::~PunchesView() = default;

void PunchesView::retranslateUi()
{
    m_periodLabel->setText(tr("&Period:"));
    m_period->setItemText(AllTime, tr("All time"));
    m_period->setItemText(Today, tr("Today"));
    m_period->setItemText(Yesterday, tr("Yesterday"));
    m_period->setItemText(Last7Days, tr("Last 7 days"));
    m_period->setItemText(Last30Days, tr("Last 30 days"));
    m_period->setItemText(CustomRange, tr("From… to…"));
    m_period->setAccessibleName(tr("Period"));
    m_from->setAccessibleName(tr("First day"));
    m_toLabel->setText(tr("to"));
    m_to->setAccessibleName(tr("Last day"));
    m_terminalLabel->setText(tr("&Terminal:"));
    m_terminal->setItemText(0, tr("All terminals"));
    m_terminal->setAccessibleName(tr("Terminal"));
    m_userLabel->setText(tr("&User:"));
    m_user->setPlaceholderText(tr("Enroll ID or name"));
    m_user->setAccessibleName(tr("User"));
    m_exportButton->setText(tr("&Export CSV…"));
    m_exportButton->setToolTip(tr("Export the punches the filter selects (Ctrl+E)"));
    m_exportButton->setAccessibleName(tr("Export CSV"));
    m_table->setAccessibleName(tr("Punches"));
    m_newButton->setAccessibleName(tr("Show newest punches"));
    m_model->retranslate();
    updateNewButton();
    updateCount();
}

void PunchesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PunchesView::setExportPathProvider(ExportController::PathProvider provider)
{
    m_export->setPathProvider(std::move(provider));
}

QDateTime PunchesView::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_engine->clock()->wallClockMs());
}

query::PunchFilter PunchesView::currentFilter() const
{
    query::PunchFilter f;
    const QDate today = now().date();
    switch (static_cast<Period>(m_period->currentData().toInt())) {
    case AllTime:
        break;
    case Today:
        f.from = f.to = today;
        break;
    case Yesterday:
        f.from = f.to = today.addDays(-1);
        break;
    case Last7Days:
        f.from = today.addDays(-6);
        f.to = today;
        break;
    case Last30Days:
        f.from = today.addDays(-29);
        f.to = today;
        break;
    case CustomRange:
        f.from = std::min(m_from->date(), m_to->date());
        f.to = std::max(m_from->date(), m_to->date());
        break;
    }
    f.terminalSn = m_terminal->currentData().toString();
    f.user = m_user->text().trimmed();
    return f;
}

void PunchesView::onPeriodChanged()
{
    const bool custom = m_period->currentData().toInt() == CustomRange;
    m_from->setVisible(custom);
    m_toLabel->setVisible(custom);
    m_to->setVisible(custom);
    applyFilter();
}

void PunchesView::onDayChanged()
{
    applyFilter();
}

bool PunchesView::isDayTimerActive() const
{
    return m_dayTimer->isActive();
}

void PunchesView::applyFilter()
{
    m_userDebounce->stop();
    // A relative period (Today, Yesterday, the last 7 or 30 days) moves on at local midnight.
    const int period = m_period->currentData().toInt();
    if (period == AllTime || period == CustomRange) {
        m_dayTimer->stop();
    } else {
        const QDateTime local = now();
        const qint64 toMidnight = local.msecsTo(QDateTime(local.date().addDays(1), QTime(0, 0)));
        m_dayTimer->start(int(std::clamp<qint64>(toMidnight + 1000, 1000, 25LL * 3600 * 1000)));
    }
    const query::PunchFilter filter = currentFilter();
    if (filter == m_model->filter() && m_model->rowCount() > 0)
        return;
    m_anchor = -1;
    m_model->setFilter(filter);
    m_table->scrollToTop();
}

void PunchesView::setTerminals(const QList<query::TerminalRecord> &terminals)
{
    QHash<QString, QString> names;
    for (const query::TerminalRecord &t : terminals) {
        if (!t.name.isEmpty())
            names.insert(t.sn, t.name);
    }
    m_model->setTerminalNames(names);

    // Rebuild the combo only when the list changed, keeping the selection (and the filter) as is.
    QStringList wanted;
    for (const query::TerminalRecord &t : terminals)
        wanted.append(t.name.isEmpty() ? t.sn : tr("%1 (%2)").arg(t.name, t.sn));
    QStringList shown;
    for (int i = 1; i < m_terminal->count(); ++i)
        shown.append(m_terminal->itemText(i));
    if (wanted == shown)
        return;
    const QString selected = m_terminal->currentData().toString();
    const QSignalBlocker blocker(m_terminal);
    while (m_terminal->count() > 1)
        m_terminal->removeItem(1);
    for (qsizetype i = 0; i < terminals.size(); ++i)
        m_terminal->addItem(wanted.at(i), terminals.at(i).sn);
    const int index = m_terminal->findData(selected);
    m_terminal->setCurrentIndex(index >= 0 ? index : 0);
    if (index < 0 && !selected.isEmpty())
        applyFilter();
}

bool PunchesView::isFollowing() const
{
    return m_table->verticalScrollBar()->value() == 0;
}

void PunchesView::onLiveInserted(int count)
{
    if (m_anchor > 0) {
        m_table->verticalScrollBar()->setValue(m_anchor + count);
        m_unseen += count;
        updateNewButton();
    }
    m_anchor = -1;
}

void PunchesView::jumpToNewest()
{
    m_table->scrollToTop();
    m_unseen = 0;
    updateNewButton();
}

void PunchesView::updateNewButton()
{
    m_newButton->setVisible(m_unseen > 0);
    m_newButton->setText(tr("↑ %n new punch(es)", nullptr, m_unseen));
}

void PunchesView::updateCount()
{
    const int rows = m_model->rowCount();
    if (m_model->isSearching())
        m_count->setText(tr("%Ln punch(es) found so far; searching older punches…", nullptr, rows));
    else if (m_model->canFetchMore({}))
        m_count->setText(tr("%Ln punch(es) shown; scroll down for older ones", nullptr, rows));
    else
        m_count->setText(tr("%Ln punch(es)", nullptr, rows));
}

void PunchesView::exportPunches()
{
    m_export->exportPunches(currentFilter());
}

void PunchesView::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("ui/punches/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("ui/punches/period"), m_period->currentData().toInt());
}

void PunchesView::restoreState(const QSettings &settings)
{
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("ui/punches/header")).toByteArray());
    const int period = m_period->findData(settings.value(QStringLiteral("ui/punches/period"), int(AllTime)).toInt());
    if (period >= 0 && period != CustomRange)
        m_period->setCurrentIndex(period);
}

} // namespace termdesk::ui
