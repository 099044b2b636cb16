// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookdeliverymodel.h"

#include "displaytext.h"
#include "keyeddiff.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace termdesk::ui {

WebhookDeliveryModel::WebhookDeliveryModel(QObject *parent) : QAbstractTableModel(parent) {}

WebhookDeliveryModel::~WebhookDeliveryModel() = default;

int WebhookDeliveryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WebhookDeliveryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WebhookDeliveryModel::statusText(const QString &status)
{
    if (status == QLatin1String("delivered"))
        return tr("Delivered");
    if (status == QLatin1String("failed"))
        return tr("Failed");
    if (status == QLatin1String("dead"))
        return tr("Dead letter");
    if (status == QLatin1String("paused"))
        return tr("Paused (410)");
    if (status == QLatin1String("test"))
        return tr("Test");
    return status;
}

QVariant WebhookDeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const webhook::WebhookDelivery &d = m_rows.at(index.row()).d;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case AttemptColumn:
        case HttpColumn:
        case LatencyColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (d.status == QLatin1String("failed") || d.status == QLatin1String("dead"))
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        if (d.status == QLatin1String("delivered"))
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return DisplayText::timestamp(d.atMs);
    case WebhookIdColumn:
        return d.webhookId;
    case AttemptColumn:
        return d.attempt;
    case StatusColumn:
        return statusText(d.status);
    case HttpColumn:
        return d.httpCode > 0 ? QString::number(d.httpCode) : tr("no answer");
    case LatencyColumn:
        return tr("%1 ms").arg(d.latencyMs);
    case DetailColumn:
        return d.detail;
    default:
        return {};
    }
}

QVariant WebhookDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case WebhookIdColumn:
        return tr("Webhook ID");
    case AttemptColumn:
        return tr("Attempt");
    case StatusColumn:
        return tr("Status");
    case HttpColumn:
        return tr("HTTP");
    case LatencyColumn:
        return tr("Latency");
    case DetailColumn:
        return tr("Detail");
    default:
        return {};
    }
}

void WebhookDeliveryModel::setDeliveries(const QList<webhook::WebhookDelivery> &deliveries)
{
    QList<Row> incoming;
    incoming.reserve(deliveries.size());
    for (const webhook::WebhookDelivery &d : deliveries)
        incoming.append(Row{d});
    std::sort(incoming.begin(), incoming.end(), [](const Row &a, const Row &b) { return a.d.id > b.d.id; });
    struct Hooks
    {
        WebhookDeliveryModel *m;
        void beginRemove(int first, int last) { m->beginRemoveRows({}, first, last); }
        void endRemove() { m->endRemoveRows(); }
        void beginInsert(int first, int last) { m->beginInsertRows({}, first, last); }
        void endInsert() { m->endInsertRows(); }
        void changed(int first, int last)
        {
            Q_EMIT m->dataChanged(m->index(first, 0), m->index(last, ColumnCount - 1));
        }
    };
    applyKeyedDiff(
        m_rows, incoming, [](const Row &r) { return r.d.id; }, Hooks{this});
}

const webhook::WebhookDelivery *WebhookDeliveryModel::delivery(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).d : nullptr;
}

void WebhookDeliveryModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace termdesk::ui
