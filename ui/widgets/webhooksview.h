// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/latestread.h"

#include <QWidget>

class QAction;
class QLabel;
class QSettings;
class QSplitter;
class QTableView;
class QTimer;

namespace termdesk::webhook {
class WebhookOperator;
}

namespace termdesk::ui {

class WebhookDeliveryModel;
class WebhookEndpointModel;

/// @brief The webhook endpoints (docs/integration.md, "Webhooks"): each one's URL, target, events,
/// state, cursor, backlog and last result; Add (the secret shown once), Pause, Resume, Test (the HTTP
/// result), Replay from a cursor and Remove (confirmed) on the selected one; below, its newest delivery
/// attempts. What `termdesk webhook` does, through the same core functions (webhook::WebhookOperator):
/// reads and writes off the GUI thread, re-read every 2 s while visible, every change audited as
/// `console`. Never shows a secret or an ERPNext token, except a new endpoint's secret once.
class WebhooksView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhooksView)
public:
    static constexpr int DELIVERY_ROWS = 200;

    explicit WebhooksView(webhook::WebhookOperator *ops, QWidget *parent = nullptr);
    ~WebhooksView() override;

    WebhookEndpointModel *endpointModel() const { return m_endpoints; }
    WebhookDeliveryModel *deliveryModel() const { return m_deliveries; }
    QAction *addAction() const { return m_add; }
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    QAction *testAction() const { return m_test; }
    QAction *replayAction() const { return m_replay; }
    QAction *removeAction() const { return m_remove; }
    /// The selected endpoint (0: none).
    qint64 selectedId() const;
    void selectEndpoint(qint64 id);
    /// Re-reads the endpoints and the selected one's deliveries now.
    void refresh();

    /// The dialogs: non-blocking (open()), found by their object names.
    void addEndpoint();
    void pauseSelected();
    void resumeSelected();
    void testSelected();
    void replaySelected();
    void removeSelected();

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);
    /// A change made here, for the events view (translated).
    void operatorAction(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void updateActions();
    void refreshDeliveries();
    /// Shows @p text in the result line and the status bar.
    void report(const QString &text, bool failed);

    webhook::WebhookOperator *m_ops;
    WebhookEndpointModel *m_endpoints;
    WebhookDeliveryModel *m_deliveries;
    QTableView *m_endpointTable;
    QTableView *m_deliveryTable;
    QSplitter *m_splitter;
    QLabel *m_deliveriesTitle;
    QLabel *m_result;
    QLabel *m_count;
    QAction *m_add;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_test;
    QAction *m_replay;
    QAction *m_remove;
    QTimer *m_timer;
    query::LatestRead m_endpointRead;
    query::LatestRead m_deliveryRead;
    qint64 m_deliveriesOf = 0; ///< the endpoint the delivery table shows
    bool m_testing = false;
};

} // namespace termdesk::ui
