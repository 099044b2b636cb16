// SPDX-License-Identifier: GPL-3.0-or-later
#include "traceview.h"

#include "enginebridge.h"
#include "models/tracemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSet>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace termdesk::ui {

TraceView::TraceView(EngineBridge *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_model(new TraceModel(this)), m_filter(new TraceFilterModel(this)),
      m_terminal(new QComboBox(this)), m_search(new QLineEdit(this)), m_count(new QLabel(this)),
      m_table(new QTableView(this)), m_pause(new QAction(this)), m_clear(new QAction(this)), m_copy(new QAction(this))
{
    setObjectName(QStringLiteral("traceView"));
    m_model->setObjectName(QStringLiteral("traceModel"));
    m_filter->setObjectName(QStringLiteral("traceFilterModel"));
    m_filter->setSourceModel(m_model);
    m_terminal->setObjectName(QStringLiteral("traceTerminalFilter"));
    m_terminal->setMinimumWidth(200);
    m_terminal->addItem(QString());
    connect(m_terminal, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setTerminal(index <= 0 ? QString() : m_terminal->itemText(index));
        updateCount();
    });
    m_search->setObjectName(QStringLiteral("traceSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text.trimmed());
        updateCount();
    });
    m_count->setObjectName(QStringLiteral("traceCount"));

    m_pause->setObjectName(QStringLiteral("actionPauseTrace"));
    m_pause->setCheckable(true);
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    connect(m_pause, &QAction::toggled, this, &TraceView::setPaused);
    m_clear->setObjectName(QStringLiteral("actionClearTrace"));
    m_clear->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));
    connect(m_clear, &QAction::triggered, this, [this] {
        m_held.clear();
        m_model->clear();
        updateCount();
    });
    m_copy->setObjectName(QStringLiteral("actionCopyTrace"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copy, &QAction::triggered, this, &TraceView::copySelected);
    addAction(m_copy);

    m_table->setObjectName(QStringLiteral("traceTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const std::pair<int, int> widths[] = {{TraceModel::TimeColumn, 100},    {TraceModel::TerminalColumn, 150},
                                          {TraceModel::ProtocolColumn, 90}, {TraceModel::DirectionColumn, 70},
                                          {TraceModel::CommandColumn, 110}, {TraceModel::SizeColumn, 70}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);
    // Follow new messages while scrolled to the bottom; hold still while the operator reads above.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_followBottom = value >= m_table->verticalScrollBar()->maximum(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followBottom)
            m_table->scrollToBottom();
    });

    auto tool = [this](QAction *action, const char *name) {
        auto *button = new QToolButton(this);
        button->setObjectName(QLatin1String(name));
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return button;
    };
    auto *top = new QHBoxLayout;
    top->addWidget(m_terminal);
    top->addWidget(m_search);
    top->addWidget(tool(m_pause, "pauseTraceButton"));
    top->addWidget(tool(m_clear, "clearTraceButton"));
    top->addWidget(tool(m_copy, "copyTraceButton"));
    top->addStretch(1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_engine, &EngineBridge::traceEntries, this, &TraceView::addEntries);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TraceView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TraceView::updateCount);
    retranslateUi();
}

TraceView::~TraceView()
{
    setTracing(false);
}

void TraceView::retranslateUi()
{
    m_terminal->setItemText(0, tr("All terminals"));
    m_terminal->setAccessibleName(tr("Filter by terminal"));
    m_search->setPlaceholderText(tr("Search command or content…"));
    m_search->setAccessibleName(tr("Search the trace"));
    m_pause->setText(m_pause->isChecked() ? tr("Resume") : tr("Pause"));
    m_clear->setText(tr("Clear"));
    m_copy->setText(tr("Copy selected"));
    m_copy->setToolTip(tr("Copy the selected messages (all shown when none is selected) as plain text"));
    m_table->setAccessibleName(tr("Protocol trace"));
    m_model->retranslate();
    updateCount();
}

void TraceView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TraceView::showEvent(QShowEvent *event)
{
    setTracing(true);
    QWidget::showEvent(event);
}

void TraceView::hideEvent(QHideEvent *event)
{
    setTracing(false);
    QWidget::hideEvent(event);
}

void TraceView::setTracing(bool on)
{
    if (on == m_tracing)
        return;
    m_tracing = on;
    if (m_engine)
        m_engine->setTraceEnabled(on);
}

void TraceView::setPaused(bool paused)
{
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    if (!paused && !m_held.isEmpty())
        addEntries(std::exchange(m_held, {}));
    updateCount();
}

void TraceView::addEntries(const QList<TraceEntry> &entries)
{
    if (m_pause->isChecked()) {
        m_held += entries;
        const qsizetype excess = m_held.size() - m_model->capacity();
        if (excess > 0)
            m_held.remove(0, excess);
        updateCount();
        return;
    }
    QSet<QString> known;
    for (int i = 1; i < m_terminal->count(); ++i)
        known.insert(m_terminal->itemText(i));
    for (const TraceEntry &e : entries) {
        if (!e.terminal.isEmpty() && !known.contains(e.terminal)) {
            known.insert(e.terminal);
            m_terminal->addItem(e.terminal);
        }
    }
    m_model->append(entries);
}

QString TraceView::copySelected()
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int row = 0; row < m_filter->rowCount(); ++row)
            rows.append(m_filter->mapToSource(m_filter->index(row, 0)).row());
    } else {
        for (const QModelIndex &index : selected)
            rows.append(m_filter->mapToSource(index).row());
        std::sort(rows.begin(), rows.end());
    }
    QStringList lines;
    lines.reserve(rows.size());
    for (const int row : std::as_const(rows))
        lines.append(TraceModel::line(m_model->entry(row)));
    const QString text = lines.join(QLatin1Char('\n')) + (lines.isEmpty() ? QString() : QStringLiteral("\n"));
    QApplication::clipboard()->setText(text);
    return text;
}

void TraceView::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    QString text =
        shown == total ? tr("%Ln message(s)", nullptr, total) : tr("%1 of %Ln message(s)", nullptr, total).arg(shown);
    if (m_pause->isChecked())
        text += QStringLiteral(" · ") + tr("paused, %Ln held", nullptr, static_cast<int>(m_held.size()));
    m_count->setText(text);
}

} // namespace termdesk::ui
