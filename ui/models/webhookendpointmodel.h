// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "webhook/webhookoperator.h"

#include <QAbstractTableModel>

namespace termdesk::ui {

/// @brief The webhook endpoints (webhook::WebhookOperator::readEndpoints), by id: URL, target, events,
/// batch, state, punch cursor, backlog, last result. Never a secret or an ERPNext token (they are not
/// read), nor a URL's password. setEndpoints() changes only the rows that changed (never a reset), so
/// the selection survives the periodic refresh.
class WebhookEndpointModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookEndpointModel)
public:
    enum Column {
        IdColumn,
        UrlColumn,
        TargetColumn,
        EventsColumn,
        BatchColumn,
        StateColumn,
        CursorColumn,
        BacklogColumn,
        LastResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { IdRole = Qt::UserRole, StateRole };

    explicit WebhookEndpointModel(QObject *parent = nullptr);
    ~WebhookEndpointModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEndpoints(QList<webhook::EndpointStatus> endpoints);
    const webhook::EndpointStatus *endpoint(int row) const;
    int rowOf(qint64 id) const;
    void retranslate();

    /// The state as the console says it: "Active", "Paused", "Dead letter".
    static QString stateText(webhook::EndpointState state);
    /// @p url without its password, if it has one.
    static QString displayUrl(const QString &url);

private:
    QList<webhook::EndpointStatus> m_rows;
};

} // namespace termdesk::ui
