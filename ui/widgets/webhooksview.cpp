// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhooksview.h"

#include "columnchooser.h"
#include "dialogs/webhookadddialog.h"
#include "dialogs/webhookreplaydialog.h"
#include "dialogs/webhooksecretdialog.h"
#include "models/webhookdeliverymodel.h"
#include "models/webhookendpointmodel.h"
#include "webhook/webhookoperator.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

constexpr int REFRESH_MS = 2'000;
const QString KEY_ENDPOINT_HEADER = QStringLiteral("ui/webhooks/endpointHeader");
const QString KEY_DELIVERY_HEADER = QStringLiteral("ui/webhooks/deliveryHeader");
const QString KEY_SPLITTER = QStringLiteral("ui/webhooks/splitter");

QTableView *makeTable(const QString &name, QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionsMovable(true);
    installColumnChooser(table->horizontalHeader());
    return table;
}

QToolButton *makeButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}

} // namespace

WebhooksView::WebhooksView(webhook::WebhookOperator *ops, QWidget *parent)
    : QWidget(parent), m_ops(ops), m_endpoints(new WebhookEndpointModel(this)),
      m_deliveries(new WebhookDeliveryModel(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_deliveriesTitle(new QLabel(this)), m_result(new QLabel(this)), m_count(new QLabel(this)),
      m_add(new QAction(this)), m_pause(new QAction(this)), m_resume(new QAction(this)), m_test(new QAction(this)),
      m_replay(new QAction(this)), m_remove(new QAction(this)), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("webhooksView"));
    m_endpoints->setObjectName(QStringLiteral("webhookEndpointModel"));
    m_deliveries->setObjectName(QStringLiteral("webhookDeliveryModel"));
    const std::pair<QAction *, std::pair<const char *, QStyle::StandardPixmap>> actions[] = {
        {m_add, {"actionAddWebhook", QStyle::SP_FileDialogNewFolder}},
        {m_pause, {"actionPauseWebhook", QStyle::SP_MediaPause}},
        {m_resume, {"actionResumeWebhook", QStyle::SP_MediaPlay}},
        {m_test, {"actionTestWebhook", QStyle::SP_DialogApplyButton}},
        {m_replay, {"actionReplayWebhook", QStyle::SP_BrowserReload}},
        {m_remove, {"actionRemoveWebhook", QStyle::SP_TrashIcon}}};
    for (const auto &[action, what] : actions) {
        action->setObjectName(QLatin1String(what.first));
        action->setIcon(style()->standardIcon(what.second));
    }
    connect(m_add, &QAction::triggered, this, &WebhooksView::addEndpoint);
    connect(m_pause, &QAction::triggered, this, &WebhooksView::pauseSelected);
    connect(m_resume, &QAction::triggered, this, &WebhooksView::resumeSelected);
    connect(m_test, &QAction::triggered, this, &WebhooksView::testSelected);
    connect(m_replay, &QAction::triggered, this, &WebhooksView::replaySelected);
    connect(m_remove, &QAction::triggered, this, &WebhooksView::removeSelected);

    m_endpointTable = makeTable(QStringLiteral("webhookEndpointsTable"), m_endpoints, this);
    const std::pair<int, int> widths[] = {
        {WebhookEndpointModel::IdColumn, 40},     {WebhookEndpointModel::UrlColumn, 290},
        {WebhookEndpointModel::TargetColumn, 80}, {WebhookEndpointModel::EventsColumn, 250},
        {WebhookEndpointModel::BatchColumn, 50},  {WebhookEndpointModel::StateColumn, 80},
        {WebhookEndpointModel::CursorColumn, 70}, {WebhookEndpointModel::BacklogColumn, 70}};
    for (const auto &[column, width] : widths)
        m_endpointTable->setColumnWidth(column, width);
    m_endpointTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_endpointTable, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_endpointTable->indexAt(pos).isValid())
            return;
        QMenu menu(this);
        for (QAction *a : {m_pause, m_resume, m_test, m_replay, m_remove})
            menu.addAction(a);
        menu.exec(m_endpointTable->viewport()->mapToGlobal(pos));
    });
    connect(m_endpointTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        refreshDeliveries();
    });
    connect(m_endpoints, &QAbstractItemModel::dataChanged, this, &WebhooksView::updateActions);
    connect(m_endpoints, &QAbstractItemModel::rowsRemoved, this, &WebhooksView::updateActions);

    m_deliveryTable = makeTable(QStringLiteral("webhookDeliveriesTable"), m_deliveries, this);
    m_deliveryTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    const std::pair<int, int> deliveryWidths[] = {
        {WebhookDeliveryModel::TimeColumn, 140},   {WebhookDeliveryModel::WebhookIdColumn, 190},
        {WebhookDeliveryModel::AttemptColumn, 60}, {WebhookDeliveryModel::StatusColumn, 90},
        {WebhookDeliveryModel::HttpColumn, 70},    {WebhookDeliveryModel::LatencyColumn, 70}};
    for (const auto &[column, width] : deliveryWidths)
        m_deliveryTable->setColumnWidth(column, width);

    m_result->setObjectName(QStringLiteral("webhookResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_count->setObjectName(QStringLiteral("webhookCount"));
    m_deliveriesTitle->setObjectName(QStringLiteral("webhookDeliveriesTitle"));

    auto *top = new QHBoxLayout;
    for (QAction *a : {m_add, m_pause, m_resume, m_test, m_replay, m_remove})
        top->addWidget(makeButton(a, this));
    top->addStretch(1);
    top->addWidget(m_count);
    auto *lower = new QWidget(m_splitter);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 4, 0, 0);
    lowerLayout->addWidget(m_deliveriesTitle);
    lowerLayout->addWidget(m_deliveryTable, 1);
    m_splitter->setObjectName(QStringLiteral("webhookSplitter"));
    m_splitter->addWidget(m_endpointTable);
    m_splitter->addWidget(lower);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_result);
    layout->addWidget(m_splitter, 1);

    m_timer->setInterval(REFRESH_MS);
    connect(m_timer, &QTimer::timeout, this, &WebhooksView::refresh);
    retranslateUi();
    updateActions();
    refresh();
}

WebhooksView::~WebhooksView() = default;

void WebhooksView::retranslateUi()
{
    m_add->setText(tr("&Add…"));
    m_add->setToolTip(tr("Add an endpoint (its secret is shown once)"));
    m_pause->setText(tr("&Pause"));
    m_pause->setToolTip(tr("Stop sending to the selected endpoint (what is stored waits for it)"));
    m_resume->setText(tr("&Resume"));
    m_resume->setToolTip(tr("Send again; a dead letter's retries start afresh"));
    m_test->setText(tr("&Test"));
    m_test->setToolTip(tr("Send one signed webhook.test request now and show the answer"));
    m_replay->setText(tr("Re&play…"));
    m_replay->setToolTip(tr("Send again every punch after a punch ID"));
    m_remove->setText(tr("Re&move…"));
    m_remove->setToolTip(tr("Delete the endpoint and its delivery log"));
    m_endpointTable->setAccessibleName(tr("Webhook endpoints"));
    m_deliveryTable->setAccessibleName(tr("Delivery attempts"));
    m_endpoints->retranslate();
    m_deliveries->retranslate();
    m_count->setText(tr("%n endpoint(s)", nullptr, m_endpoints->rowCount()));
    m_deliveriesTitle->setText(m_deliveriesOf > 0
                                   ? tr("Delivery attempts of endpoint %1, newest first").arg(m_deliveriesOf)
                                   : tr("Select an endpoint to see its delivery attempts."));
}

void WebhooksView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WebhooksView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void WebhooksView::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

qint64 WebhooksView::selectedId() const
{
    const QModelIndexList rows = m_endpointTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(WebhookEndpointModel::IdRole).toLongLong();
}

void WebhooksView::selectEndpoint(qint64 id)
{
    const int row = m_endpoints->rowOf(id);
    if (row >= 0)
        m_endpointTable->selectRow(row);
}

void WebhooksView::refresh()
{
    if (!m_endpointRead.start())
        return;
    m_ops->readEndpoints(this, [this](QList<webhook::EndpointStatus> endpoints, const QString &error) {
        if (!error.isEmpty())
            report(tr("Could not read the webhook endpoints: %1").arg(error), true);
        else
            m_endpoints->setEndpoints(std::move(endpoints));
        m_count->setText(tr("%n endpoint(s)", nullptr, m_endpoints->rowCount()));
        updateActions();
        if (m_endpointRead.finish())
            refresh();
    });
    refreshDeliveries();
}

void WebhooksView::refreshDeliveries()
{
    const qint64 id = selectedId();
    if (id != m_deliveriesOf) {
        m_deliveriesOf = id;
        m_deliveries->setDeliveries({});
        m_deliveriesTitle->setText(id > 0 ? tr("Delivery attempts of endpoint %1, newest first").arg(id)
                                          : tr("Select an endpoint to see its delivery attempts."));
    }
    if (id <= 0 || !m_deliveryRead.start())
        return;
    m_ops->readDeliveries(id, DELIVERY_ROWS, this,
                          [this, id](QList<webhook::WebhookDelivery> deliveries, const QString &error) {
                              if (!error.isEmpty())
                                  report(tr("Could not read the deliveries: %1").arg(error), true);
                              else if (id == m_deliveriesOf)
                                  m_deliveries->setDeliveries(deliveries);
                              if (m_deliveryRead.finish())
                                  refreshDeliveries();
                          });
}

void WebhooksView::updateActions()
{
    const webhook::EndpointStatus *s = m_endpoints->endpoint(m_endpoints->rowOf(selectedId()));
    const bool any = s != nullptr;
    m_pause->setEnabled(any && s->endpoint.state == webhook::EndpointState::Active);
    m_resume->setEnabled(any && s->endpoint.state != webhook::EndpointState::Active);
    m_test->setEnabled(any && !m_testing);
    m_replay->setEnabled(any);
    m_remove->setEnabled(any);
}

void WebhooksView::report(const QString &text, bool failed)
{
    m_result->setText(text);
    m_result->setStyleSheet(failed ? QStringLiteral("QLabel { color: #b71c1c; }") : QString());
    Q_EMIT statusMessage(text);
}

void WebhooksView::addEndpoint()
{
    auto *dialog = new WebhookAddDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WebhookAddDialog::submitted, this,
            [this, dialog](const QString &url, const QStringList &events, int batch) {
                // Answered here even when the dialog was closed meanwhile: the secret must be shown.
                m_ops->add(url, events, batch, this,
                           [this, dialog = QPointer<WebhookAddDialog>(dialog), url](webhook::WebhookOutcome o) {
                               if (!o.ok()) {
                                   if (dialog)
                                       dialog->showError(o.error);
                                   else
                                       report(tr("Could not add the endpoint: %1").arg(o.error), true);
                                   return;
                               }
                               if (dialog)
                                   dialog->accept();
                               const QString text = tr("Webhook endpoint %1 added (%2).")
                                                        .arg(o.endpointId)
                                                        .arg(WebhookEndpointModel::displayUrl(url));
                               report(text, false);
                               Q_EMIT operatorAction(text);
                               auto *secret = new WebhookSecretDialog(o.endpointId, o.secret, this);
                               secret->setAttribute(Qt::WA_DeleteOnClose);
                               secret->open();
                               const qint64 id = o.endpointId;
                               m_ops->readEndpoints(this,
                                                    [this, id](QList<webhook::EndpointStatus> all, const QString &) {
                                                        m_endpoints->setEndpoints(std::move(all));
                                                        selectEndpoint(id);
                                                    });
                           });
            });
    dialog->open();
}

void WebhooksView::pauseSelected()
{
    const qint64 id = selectedId();
    if (id <= 0)
        return;
    m_ops->setState(id, webhook::EndpointState::Paused, this, [this, id](webhook::WebhookOutcome o) {
        if (!o.ok())
            return report(tr("Could not pause endpoint %1: %2").arg(id).arg(o.error), true);
        const QString text = tr("Webhook endpoint %1 paused: what is stored waits for it.").arg(id);
        report(text, false);
        Q_EMIT operatorAction(text);
        refresh();
    });
}

void WebhooksView::resumeSelected()
{
    const qint64 id = selectedId();
    if (id <= 0)
        return;
    m_ops->setState(id, webhook::EndpointState::Active, this, [this, id](webhook::WebhookOutcome o) {
        if (!o.ok())
            return report(tr("Could not resume endpoint %1: %2").arg(id).arg(o.error), true);
        const QString text = tr("Webhook endpoint %1 resumed (a running server sends within a few seconds).").arg(id);
        report(text, false);
        Q_EMIT operatorAction(text);
        refresh();
    });
}

void WebhooksView::testSelected()
{
    const qint64 id = selectedId();
    if (id <= 0 || m_testing)
        return;
    m_testing = true;
    updateActions();
    report(tr("Testing endpoint %1…").arg(id), false);
    m_ops->test(id, this, [this, id](webhook::WebhookOutcome o) {
        m_testing = false;
        updateActions();
        if (!o.ok())
            report(tr("Test of endpoint %1: %2").arg(id).arg(o.error), true);
        else
            report(tr("Test of endpoint %1: %2").arg(id).arg(o.detail), o.httpCode < 200 || o.httpCode >= 300);
        refreshDeliveries();
    });
}

void WebhooksView::replaySelected()
{
    const webhook::EndpointStatus *s = m_endpoints->endpoint(m_endpoints->rowOf(selectedId()));
    if (!s)
        return;
    const qint64 id = s->endpoint.id;
    auto *dialog = new WebhookReplayDialog(id, s->endpoint.punchCursor, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const qint64 after = dialog->cursor();
        m_ops->replay(id, after, this, [this, id, after](webhook::WebhookOutcome o) {
            if (!o.ok())
                return report(tr("Could not replay endpoint %1: %2").arg(id).arg(o.error), true);
            const QString text =
                tr("Webhook endpoint %1 replays every punch after %2 (a running server sends within a few seconds).")
                    .arg(id)
                    .arg(after);
            report(text, false);
            Q_EMIT operatorAction(text);
            refresh();
        });
    });
    dialog->open();
}

void WebhooksView::removeSelected()
{
    const webhook::EndpointStatus *s = m_endpoints->endpoint(m_endpoints->rowOf(selectedId()));
    if (!s)
        return;
    const qint64 id = s->endpoint.id;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove webhook endpoint"),
                                tr("Remove webhook endpoint %1 (%2)? Nothing more is sent to it and its delivery "
                                   "log is deleted.")
                                    .arg(id)
                                    .arg(WebhookEndpointModel::displayUrl(s->endpoint.url)),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmRemoveWebhook"));
    QPushButton *yes = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmRemoveWebhookYes"));
    QPushButton *no = box->addButton(tr("Keep it"), QMessageBox::RejectRole);
    no->setObjectName(QStringLiteral("confirmRemoveWebhookNo"));
    box->setDefaultButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, id] {
        if (box->clickedButton() != yes)
            return;
        m_ops->remove(id, this, [this, id](webhook::WebhookOutcome o) {
            if (!o.ok())
                return report(tr("Could not remove endpoint %1: %2").arg(id).arg(o.error), true);
            const QString text = tr("Webhook endpoint %1 removed.").arg(id);
            report(text, false);
            Q_EMIT operatorAction(text);
            refresh();
        });
    });
    box->open();
}

void WebhooksView::saveState(QSettings &settings) const
{
    settings.setValue(KEY_ENDPOINT_HEADER, m_endpointTable->horizontalHeader()->saveState());
    settings.setValue(KEY_DELIVERY_HEADER, m_deliveryTable->horizontalHeader()->saveState());
    settings.setValue(KEY_SPLITTER, m_splitter->saveState());
}

void WebhooksView::restoreState(const QSettings &settings)
{
    m_endpointTable->horizontalHeader()->restoreState(settings.value(KEY_ENDPOINT_HEADER).toByteArray());
    m_deliveryTable->horizontalHeader()->restoreState(settings.value(KEY_DELIVERY_HEADER).toByteArray());
    m_splitter->restoreState(settings.value(KEY_SPLITTER).toByteArray());
}

} // namespace termdesk::ui
