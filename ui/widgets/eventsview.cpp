// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventsview.h"

#include "models/eventlogmodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace termdesk::ui {

EventsView::EventsView(QWidget *parent)
    : QWidget(parent), m_model(new EventLogModel(this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("eventsView"));
    m_model->setObjectName(QStringLiteral("eventModel"));
    m_table->setObjectName(QStringLiteral("eventsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(EventLogModel::TimeColumn, 160);
    m_table->setColumnWidth(EventLogModel::TerminalColumn, 260);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    retranslateUi();
}

EventsView::~EventsView() = default;

void EventsView::retranslateUi()
{
    m_table->setAccessibleName(tr("Events of this session"));
    m_model->retranslate();
}

void EventsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace termdesk::ui
