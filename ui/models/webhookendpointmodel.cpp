// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookendpointmodel.h"

#include "displaytext.h"
#include "keyeddiff.h"
#include "webhook/erpnexttarget.h"

#include <QBrush>
#include <QColor>
#include <QUrl>

#include <algorithm>

namespace termdesk::ui {

WebhookEndpointModel::WebhookEndpointModel(QObject *parent) : QAbstractTableModel(parent) {}

WebhookEndpointModel::~WebhookEndpointModel() = default;

int WebhookEndpointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WebhookEndpointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WebhookEndpointModel::stateText(webhook::EndpointState state)
{
    switch (state) {
    case webhook::EndpointState::Active:
        return tr("Active");
    case webhook::EndpointState::Paused:
        return tr("Paused");
    case webhook::EndpointState::Dead:
        return tr("Dead letter");
    }
    return {};
}

QString WebhookEndpointModel::displayUrl(const QString &url)
{
    const QUrl u(url);
    return u.isValid() ? u.toDisplayString(QUrl::RemovePassword) : url;
}

QVariant WebhookEndpointModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const webhook::EndpointStatus &s = m_rows.at(index.row());
    const webhook::WebhookEndpoint &e = s.endpoint;
    if (role == IdRole)
        return e.id;
    if (role == StateRole)
        return static_cast<int>(e.state);
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case IdColumn:
        case BatchColumn:
        case CursorColumn:
        case BacklogColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        if (e.state == webhook::EndpointState::Dead)
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        if (e.state == webhook::EndpointState::Paused)
            return QBrush(QColor(0x9e, 0x6a, 0x00));
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return e.id;
    case UrlColumn:
        return displayUrl(e.url);
    case TargetColumn:
        return e.isErpnext() ? tr("ERPNext (%1)").arg(webhook::ErpnextOptions::fromJson(e.targetOptions).employeeField)
                             : tr("Standard");
    case EventsColumn:
        return e.events.join(QStringLiteral(", "));
    case BatchColumn:
        return e.batch;
    case StateColumn:
        return stateText(e.state);
    case CursorColumn:
        return e.punchCursor;
    case BacklogColumn:
        return s.backlog;
    case LastResultColumn: {
        QString last = e.lastResult.isEmpty() ? QStringLiteral("–") : e.lastResult;
        if (e.attempts > 0 && e.state == webhook::EndpointState::Active)
            last =
                tr("%1 (attempt %2, next %3)").arg(last).arg(e.attempts).arg(DisplayText::timestamp(e.nextAttemptMs));
        return last;
    }
    default:
        return {};
    }
}

QVariant WebhookEndpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case UrlColumn:
        return tr("URL");
    case TargetColumn:
        return tr("Target");
    case EventsColumn:
        return tr("Events");
    case BatchColumn:
        return tr("Batch");
    case StateColumn:
        return tr("State");
    case CursorColumn:
        return tr("Cursor");
    case BacklogColumn:
        return tr("Backlog");
    case LastResultColumn:
        return tr("Last result");
    default:
        return {};
    }
}

void WebhookEndpointModel::setEndpoints(QList<webhook::EndpointStatus> endpoints)
{
    std::sort(endpoints.begin(), endpoints.end(),
              [](const webhook::EndpointStatus &a, const webhook::EndpointStatus &b) {
                  return a.endpoint.id < b.endpoint.id;
              });
    struct Hooks
    {
        WebhookEndpointModel *m;
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
        m_rows, endpoints, [](const webhook::EndpointStatus &s) { return s.endpoint.id; }, Hooks{this});
}

const webhook::EndpointStatus *WebhookEndpointModel::endpoint(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int WebhookEndpointModel::rowOf(qint64 id) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).endpoint.id == id)
            return r;
    }
    return -1;
}

void WebhookEndpointModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace termdesk::ui
