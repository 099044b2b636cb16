// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QNetworkRequest>
#include <QSqlDatabase>
#include <QString>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace termdesk::webhook {

/// One test request to an endpoint, built with its secret (or ERPNext token), which stays in the
/// request's signature or header and is never returned otherwise.
struct WebhookTestRequest
{
    qint64 endpointId = 0;
    QByteArray webhookId; ///< "tst_…": never one of a punch's ids
    QNetworkRequest request;
    QByteArray body; ///< empty for an ERPNext target (a GET)
    bool erpnext = false;
};

/// @brief `termdesk webhook test ID` and the console's Test: a Standard Webhooks endpoint gets one
/// signed "webhook.test" POST outside its queue (its cursors do not move); an ERPNext endpoint gets
/// frappe.auth.get_logged_user (who its token logs in as; no check-in is made). The attempt goes into
/// the delivery log as status "test", attempt 0.
class WebhookTest
{
public:
    static constexpr int TIMEOUT_MS = 15'000;

    /// The request for endpoint @p id; nullopt with @p error when it does not exist.
    static std::optional<WebhookTestRequest> build(QSqlDatabase db, qint64 id, qint64 nowMs, QString *error);
    /// Sends @p r through @p network (the caller owns the reply).
    static QNetworkReply *send(QNetworkAccessManager *network, const WebhookTestRequest &r);
    /// The HTTP code of a finished @p reply (0: no answer) and, in @p detail, what happened in words.
    static int result(QNetworkReply *reply, const WebhookTestRequest &r, QString *detail);
    /// Records the attempt in the delivery log (status "test", attempt 0).
    static bool record(QSqlDatabase db, const WebhookTestRequest &r, int httpCode, qint64 atMs, qint64 latencyMs,
                       const QString &detail);
};

} // namespace termdesk::webhook
