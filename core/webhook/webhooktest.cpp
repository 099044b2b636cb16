// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhooktest.h"

#include "erpnexttarget.h"
#include "util/devicetime.h"
#include "webhookdispatcher.h"
#include "webhookstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>

namespace termdesk::webhook {

std::optional<WebhookTestRequest> WebhookTest::build(QSqlDatabase db, qint64 id, qint64 nowMs, QString *error)
{
    // The secrets are read here only, for the signature or the token header.
    const QList<WebhookEndpoint> all = WebhookStore::list(db, true, nowMs, error);
    if (!error->isEmpty())
        return std::nullopt;
    const auto it = std::find_if(all.begin(), all.end(), [id](const WebhookEndpoint &e) { return e.id == id; });
    if (it == all.end()) {
        *error = QStringLiteral("no webhook endpoint %1 (see termdesk webhook list)").arg(id);
        return std::nullopt;
    }
    WebhookTestRequest r;
    r.endpointId = id;
    r.webhookId = "tst_" + QByteArray::number(QRandomGenerator::system()->generate64() >> 1);
    if (it->isErpnext()) {
        QUrl url = ErpnextTarget::methodUrl(it->url);
        url.setPath(QStringLiteral("/api/method/frappe.auth.get_logged_user"));
        url.setQuery(QString());
        r.request = ErpnextTarget::request(url.toString(), it->secrets.value(0), TIMEOUT_MS);
        r.erpnext = true;
        return r;
    }
    QJsonObject data;
    data.insert(QStringLiteral("endpoint"), id);
    QJsonObject o;
    o.insert(QStringLiteral("type"), QStringLiteral("webhook.test"));
    o.insert(QStringLiteral("timestamp"), devicetime::formatUtcIso(nowMs, true));
    o.insert(QStringLiteral("data"), data);
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    r.request = WebhookDispatcher::request(it->url, r.webhookId, nowMs / 1000, r.body, it->secrets, TIMEOUT_MS);
    return r;
}

QNetworkReply *WebhookTest::send(QNetworkAccessManager *network, const WebhookTestRequest &r)
{
    return r.erpnext ? network->get(r.request) : network->post(r.request, r.body);
}

int WebhookTest::result(QNetworkReply *reply, const WebhookTestRequest &r, QString *detail)
{
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (code == 0) {
        *detail = QStringLiteral("no answer (network error %1)").arg(static_cast<int>(reply->error()));
    } else if (!r.erpnext) {
        *detail = QStringLiteral("HTTP %1").arg(code);
    } else if (code < 200 || code >= 300) {
        *detail = QStringLiteral("HTTP %1: the token is refused").arg(code);
    } else {
        const QString user = QJsonDocument::fromJson(reply->read(16 * 1024))
                                 .object()
                                 .value(QLatin1String("message"))
                                 .toString()
                                 .left(200);
        *detail = QStringLiteral("HTTP %1: the token logs in as %2").arg(code).arg(user);
    }
    return code;
}

bool WebhookTest::record(QSqlDatabase db, const WebhookTestRequest &r, int httpCode, qint64 atMs, qint64 latencyMs,
                         const QString &detail)
{
    WebhookDelivery d;
    d.endpointId = r.endpointId;
    d.webhookId = QString::fromLatin1(r.webhookId);
    d.attempt = 0;
    d.status = QStringLiteral("test");
    d.httpCode = httpCode;
    d.atMs = atMs;
    d.latencyMs = latencyMs;
    d.detail = detail;
    return WebhookStore::logDelivery(db, d);
}

} // namespace termdesk::webhook
