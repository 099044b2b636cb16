// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "webhook/webhookstore.h"

#include <QAbstractTableModel>

namespace termdesk::ui {

/// @brief One endpoint's newest delivery attempts (webhook_deliveries), newest first: time, webhook-id,
/// attempt, status, HTTP code, latency, detail. Rows are added and removed by id (never a reset).
class WebhookDeliveryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookDeliveryModel)
public:
    enum Column {
        TimeColumn,
        WebhookIdColumn,
        AttemptColumn,
        StatusColumn,
        HttpColumn,
        LatencyColumn,
        DetailColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit WebhookDeliveryModel(QObject *parent = nullptr);
    ~WebhookDeliveryModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDeliveries(const QList<webhook::WebhookDelivery> &deliveries);
    const webhook::WebhookDelivery *delivery(int row) const;
    void retranslate();

    /// The status as the console says it ("Delivered", "Failed", …).
    static QString statusText(const QString &status);

private:
    struct Row
    {
        webhook::WebhookDelivery d;
        bool operator==(const Row &o) const { return d.id == o.d.id; } ///< an attempt never changes
    };
    QList<Row> m_rows;
};

} // namespace termdesk::ui
