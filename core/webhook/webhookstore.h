// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace termdesk::webhook {

/// What a webhook endpoint is doing: sending, stopped by the operator (or by a 410 from the
/// receiver), or stopped because its retries ran out (a dead letter: the console shows a banner).
enum class EndpointState { Active, Paused, Dead };
QString endpointStateName(EndpointState state);

/// A row of webhook_endpoints. The secrets are filled only for the dispatcher (withSecrets).
struct WebhookEndpoint
{
    qint64 id = 0;
    QString url;
    QStringList events;
    int batch = 1;
    EndpointState state = EndpointState::Active;
    qint64 punchCursor = 0; ///< the last punch id delivered
    qint64 eventCursor = 0; ///< the last events.id delivered
    qint64 pendingLast = 0; ///< a punch request not yet delivered ends at this id (0: none)
    int attempts = 0;       ///< failed attempts of the request at the head
    qint64 nextAttemptMs = 0;
    QString lastResult;
    qint64 revision = 0;
    qint64 createdMs = 0;
    QByteArrayList secrets;                      ///< the current one first, then the previous one during a rotation
    QString target = QStringLiteral("standard"); ///< "standard" or "erpnext" (its token is secrets.first())
    QString targetOptions;                       ///< the target's options (ErpnextOptions::toJson)
    bool isErpnext() const { return target == QLatin1String("erpnext"); }
};

/// A row of webhook_deliveries: one attempt.
struct WebhookDelivery
{
    qint64 id = 0;
    qint64 endpointId = 0;
    QString webhookId;
    int attempt = 0;
    QString status; ///< "delivered", "failed", "dead", "paused"
    int httpCode = 0;
    qint64 atMs = 0;
    qint64 latencyMs = 0;
    QString detail;
};

/// @brief The webhook endpoints, their cursors and the delivery log, from any process (`termdesk
/// webhook`, the dispatcher, the console). The operator's changes bump the endpoint's revision; the
/// dispatcher's writes name the revision they read and change nothing when it moved.
class WebhookStore
{
public:
    static const QStringList &eventTypes(); ///< punch.created, command.completed, terminal.online, terminal.offline
    static constexpr int MAX_BATCH = 500;
    static constexpr qint64 ROTATION_OVERLAP_MS = 24LL * 3600 * 1000;

    /// Checks @p url (http or https, a host, at most 2048 characters) and @p events (known, not
    /// empty); empty, or the reason.
    static QString validate(const QString &url, const QStringList &events, int batch);
    /// A new active endpoint whose cursors start at the newest punch and event (it receives what
    /// comes next; `replay --after` sends older ones). Returns its id and sets @p secret (shown once).
    static qint64 add(QSqlDatabase db, const QString &url, const QStringList &events, int batch, QByteArray *secret,
                      QString *error);
    /// A new ERPNext / Frappe HRMS endpoint (punch.created, one per request) with @p token
    /// ("KEY:SECRET", kept as it is: it authenticates every request) and @p optionsJson.
    static qint64 addErpnext(QSqlDatabase db, const QString &url, const QByteArray &token, const QString &optionsJson,
                             QString *error);
    static QList<WebhookEndpoint> list(QSqlDatabase db, bool withSecrets, qint64 nowMs, QString *error);
    static std::optional<WebhookEndpoint> get(QSqlDatabase db, qint64 id, QString *error);
    /// Pause (Paused) or resume (Active: the head request is tried now, its retries counted afresh).
    static bool setState(QSqlDatabase db, qint64 id, EndpointState state, QString *error);
    static bool remove(QSqlDatabase db, qint64 id, QString *error);
    /// Replaces an ERPNext endpoint's options (ErpnextOptions::toJson; at most 256 KiB): the next
    /// check-in uses them.
    static bool setTargetOptions(QSqlDatabase db, qint64 id, const QString &optionsJson, QString *error);
    /// Sends again every punch after @p afterPunch (the same webhook-ids as the first time).
    static bool replay(QSqlDatabase db, qint64 id, qint64 afterPunch, QString *error);
    /// A new secret; the old one keeps signing too for ROTATION_OVERLAP_MS.
    static bool rotateSecret(QSqlDatabase db, qint64 id, QByteArray *secret, QString *error);
    /// Punches and events waiting for @p e (what it subscribes to, after its cursors).
    static qint64 backlog(QSqlDatabase db, const WebhookEndpoint &e, QString *error);
    static qint64 deadCount(QSqlDatabase db);

    // The dispatcher's writes, each only while the endpoint still has @p e's revision.
    static bool markPending(QSqlDatabase db, const WebhookEndpoint &e, qint64 pendingLast);
    static bool delivered(QSqlDatabase db, const WebhookEndpoint &e, qint64 punchCursor, qint64 eventCursor,
                          const QString &result, qint64 nowMs);
    static bool failed(QSqlDatabase db, const WebhookEndpoint &e, int attempts, qint64 nextAttemptMs,
                       qint64 pendingLast, EndpointState state, const QString &result, qint64 nowMs);
    static bool logDelivery(QSqlDatabase db, const WebhookDelivery &d);
    /// The newest @p limit attempts, of @p endpointId (0: of every endpoint), newest first.
    static QList<WebhookDelivery> deliveries(QSqlDatabase db, qint64 endpointId, int limit, QString *error);
};

} // namespace termdesk::webhook
