// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookdispatcher.h"

#include "api/apireads.h"
#include "erpnexttarget.h"
#include "retryschedule.h"
#include "service/csvexporter.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "webhooksigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace termdesk::webhook {

Q_LOGGING_CATEGORY(lcWebhook, "termdesk.webhook", QtInfoMsg)

namespace {

const QString PUNCH_CREATED = QStringLiteral("punch.created");

// A new batch stops before its records pass this many bytes. Qt's HTTP/1.1 client hands a request to
// the socket as the headers plus the first 16 KiB of the body in one write, then 16 KiB per later
// write, and it never turns Nagle's algorithm off: a second write waits for the receiver's ACK of the
// first, which a receiver delays by 40 ms (measured on loopback: 43 ms per request of 100 punches,
// about 33 KB, against under 1 ms for one punch). A body that fits the first write goes out at once.
// The 512 bytes spare are the envelope around the records.
constexpr qsizetype MAX_BATCH_RECORD_BYTES = 16 * 1024 - 512;

QByteArray envelope(const QString &type, const QString &timestamp, const QJsonValue &data)
{
    const QJsonObject o{
        {QStringLiteral("type"), type}, {QStringLiteral("timestamp"), timestamp}, {QStringLiteral("data"), data}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// What failed, in words that never carry the URL (it may hold a token) or the secret.
QString networkFailure(QNetworkReply::NetworkError error, int timeoutMs)
{
    switch (error) {
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the receiver closed the connection");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake failed (certificate?)");
    default:
        return QStringLiteral("network error %1").arg(static_cast<int>(error));
    }
}

} // namespace

WebhookDispatcher::WebhookDispatcher(WebhookConfig config, Clock *clock, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_clock(clock ? clock : Clock::system()),
      m_connection(QStringLiteral("termdesk-webhooks-%1").arg(reinterpret_cast<quintptr>(this), 0, 16)),
      m_pollTimer(this), m_wakeTimer(this)
{
    m_pollTimer.setInterval(m_config.pollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &WebhookDispatcher::poll);
    m_wakeTimer.setSingleShot(true);
    m_wakeTimer.setInterval(m_config.wakeMs);
    connect(&m_wakeTimer, &QTimer::timeout, this, &WebhookDispatcher::poll);
}

void WebhookDispatcher::wake()
{
    if (!m_anyActive.load(std::memory_order_relaxed) || m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_wakePending = false;
            if (m_open && !m_wakeTimer.isActive())
                m_wakeTimer.start();
        },
        Qt::QueuedConnection);
}

WebhookDispatcher::~WebhookDispatcher()
{
    stop();
}

bool WebhookDispatcher::start()
{
    storage::OpenOptions options;
    options.busyTimeoutMs = 5'000;
    QString why;
    if (!storage::Database::open(m_config.database, m_connection, options, &why)) {
        m_error = QStringLiteral("the webhooks cannot open the database: %1").arg(why);
        return false;
    }
    m_open = true;
    m_network = new QNetworkAccessManager(this);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(m_clock, &Clock::advanced, this, &WebhookDispatcher::poll);
    m_pollTimer.start();
    QTimer::singleShot(0, this, &WebhookDispatcher::poll);
    return true;
}

void WebhookDispatcher::stop()
{
    m_pollTimer.stop();
    m_wakeTimer.stop();
    disconnect(m_clock, nullptr, this, nullptr);
    for (QNetworkReply *reply : std::as_const(m_inFlight)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_inFlight.clear();
    delete m_network;
    m_network = nullptr;
    if (m_open)
        storage::Database::close(m_connection);
    m_open = false;
}

QSqlDatabase WebhookDispatcher::db() const
{
    return storage::Database::get(m_connection);
}

QNetworkRequest WebhookDispatcher::request(const QString &url, const QByteArray &id, qint64 timestampS,
                                           const QByteArray &body, const QByteArrayList &secrets, int timeoutMs)
{
    QNetworkRequest r{QUrl(url)};
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("TermDesk-Webhooks/1"));
    r.setRawHeader("webhook-id", id);
    r.setRawHeader("webhook-timestamp", QByteArray::number(timestampS));
    r.setRawHeader("webhook-signature", WebhookSigner::header(secrets, id, timestampS, body));
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setTransferTimeout(timeoutMs);
    return r;
}

std::optional<WebhookMessage> WebhookDispatcher::nextMessage(QSqlDatabase store, const WebhookEndpoint &e,
                                                             QString *error)
{
    // Events first (they are few), unless a punch request is outstanding: it is retried as it was.
    QStringList others = e.events;
    others.removeAll(PUNCH_CREATED);
    if (e.pendingLast == 0 && !others.isEmpty()) {
        QSqlQuery q(store);
        QStringList marks;
        for (qsizetype i = 0; i < others.size(); ++i)
            marks.append(QStringLiteral("?"));
        q.prepare(QStringLiteral("SELECT id, type, at_ms, data FROM events WHERE id > ? AND type IN (%1)"
                                 " ORDER BY id LIMIT 1")
                      .arg(marks.join(u',')));
        q.addBindValue(e.eventCursor);
        for (const QString &t : std::as_const(others))
            q.addBindValue(t);
        if (!q.exec()) {
            *error = QStringLiteral("cannot read the events: %1").arg(q.lastError().text());
            return std::nullopt;
        }
        if (q.next()) {
            WebhookMessage m;
            m.lastEvent = q.value(0).toLongLong();
            m.id = "evt_" + QByteArray::number(m.lastEvent);
            m.body = envelope(q.value(1).toString(), devicetime::formatUtcIso(q.value(2).toLongLong(), true),
                              QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object());
            return m;
        }
    }
    if (!e.events.contains(PUNCH_CREATED))
        return std::nullopt;
    // The records of GET /api/v1/punches: the CSV v2 fields under the CSV's column names.
    api::PunchPageRequest r;
    r.after = e.punchCursor;
    r.limit = std::max(1, e.batch);
    api::PunchPage page;
    if (!api::ApiReads::punches(store, r, &page, error))
        return std::nullopt;
    const QList<QByteArray> names = service::CsvExporter::columns(2);
    const QString idKey = QString::fromLatin1(names.at(0));
    const QString receivedKey = QString::fromLatin1(names.at(14));
    QJsonArray records;
    qint64 first = 0;
    qint64 last = 0;
    qsizetype recordBytes = 0;
    const bool newBatch = e.batch > 1 && e.pendingLast == 0 && !e.isErpnext();
    for (const QJsonValue &v : std::as_const(page.data)) {
        const qint64 id = v.toObject().value(idKey).toInteger();
        if (e.pendingLast > 0 && id > e.pendingLast)
            break; // a retry: the batch as it was first formed
        if (newBatch) {
            recordBytes += QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).size() + 1;
            if (recordBytes > MAX_BATCH_RECORD_BYTES && !records.isEmpty())
                break;
        }
        if (first == 0)
            first = id;
        last = id;
        records.append(v);
    }
    WebhookMessage m;
    if (records.isEmpty()) {
        if (e.pendingLast == 0)
            return std::nullopt;
        m.lastPunch = e.pendingLast; // the punches of the outstanding request were deleted: nothing to send
        return m;
    }
    m.lastPunch = e.pendingLast > 0 ? e.pendingLast : last;
    const QString timestamp = records.last().toObject().value(receivedKey).toString();
    if (e.isErpnext()) {
        m.id = "pun_" + QByteArray::number(first);
        m.body = ErpnextTarget::body(records.first().toObject(), ErpnextOptions::fromJson(e.targetOptions));
    } else if (e.batch <= 1) {
        m.id = "pun_" + QByteArray::number(first);
        m.body = envelope(PUNCH_CREATED, timestamp, records.first());
    } else {
        m.id = "pun_" + QByteArray::number(first) + '_' + QByteArray::number(m.lastPunch);
        m.body = envelope(QStringLiteral("punch.batch"), timestamp, records);
    }
    return m;
}

std::optional<WebhookPruneResult> WebhookDispatcher::prune(QSqlDatabase store, qint64 cutoffMs, QString *error)
{
    WebhookPruneResult result;
    QSqlQuery deliveries(store);
    deliveries.prepare(QStringLiteral("DELETE FROM webhook_deliveries WHERE at_ms < ?"));
    deliveries.addBindValue(cutoffMs);
    if (!deliveries.exec()) {
        *error = QStringLiteral("cannot prune the delivery log: %1").arg(deliveries.lastError().text());
        return std::nullopt;
    }
    result.deliveries = std::max(0, deliveries.numRowsAffected());
    // An event stays while one endpoint (active, paused or dead) has not passed it.
    QSqlQuery events(store);
    events.prepare(QStringLiteral("DELETE FROM events WHERE at_ms < ? AND id <= COALESCE("
                                  "(SELECT MIN(event_cursor) FROM webhook_endpoints), (SELECT MAX(id) FROM events))"));
    events.addBindValue(cutoffMs);
    if (!events.exec()) {
        *error = QStringLiteral("cannot prune the events: %1").arg(events.lastError().text());
        return std::nullopt;
    }
    result.events = std::max(0, events.numRowsAffected());
    return result;
}

void WebhookDispatcher::pruneIfDue(qint64 nowMs)
{
    if (m_config.retentionDays <= 0 || nowMs < m_nextPruneMs)
        return;
    constexpr qint64 DAY_MS = 24LL * 3600 * 1000;
    m_nextPruneMs = nowMs + DAY_MS;
    QString error;
    const std::optional<WebhookPruneResult> r = prune(db(), nowMs - m_config.retentionDays * DAY_MS, &error);
    if (!r) {
        qCWarning(lcWebhook).noquote() << error;
        return;
    }
    if (r->deliveries || r->events)
        qCInfo(lcWebhook) << "pruned" << r->deliveries << "delivery log rows and" << r->events << "events older than"
                          << m_config.retentionDays << "days";
    Q_EMIT pruned(r->deliveries, r->events);
}

void WebhookDispatcher::poll()
{
    if (!m_open)
        return;
    QString error;
    const qint64 now = m_clock->wallClockMs();
    pruneIfDue(now);
    const QList<WebhookEndpoint> endpoints = WebhookStore::list(db(), true, now, &error);
    if (!error.isEmpty()) {
        qCWarning(lcWebhook).noquote() << error;
        return;
    }
    m_anyActive = std::any_of(endpoints.cbegin(), endpoints.cend(),
                              [](const WebhookEndpoint &e) { return e.state == EndpointState::Active; });
    for (const WebhookEndpoint &e : endpoints) {
        if (e.state != EndpointState::Active || m_inFlight.contains(e.id) || e.nextAttemptMs > now)
            continue;
        const std::optional<WebhookMessage> m = nextMessage(db(), e, &error);
        if (!m) {
            if (!error.isEmpty())
                qCWarning(lcWebhook).noquote() << "endpoint" << e.id << error;
            error.clear();
            continue;
        }
        if (m->body.isEmpty()) {
            WebhookStore::delivered(db(), e, m->lastPunch, e.eventCursor, QStringLiteral("skipped: punches deleted"),
                                    now);
            QTimer::singleShot(0, this, &WebhookDispatcher::poll);
            continue;
        }
        // A batch is kept as it was first formed, so that its retries carry the same id and body.
        if (e.batch > 1 && m->lastPunch > 0 && e.pendingLast == 0 && !WebhookStore::markPending(db(), e, m->lastPunch))
            continue; // the operator changed the endpoint meanwhile: read it again at the next poll
        send(e, *m);
    }
}

void WebhookDispatcher::send(const WebhookEndpoint &e, const WebhookMessage &m)
{
    const qint64 timestampS = m_clock->wallClockMs() / 1000;
    QNetworkReply *reply =
        m_network->post(e.isErpnext() ? ErpnextTarget::request(e.url, e.secrets.value(0), m_config.timeoutMs)
                                      : request(e.url, m.id, timestampS, m.body, e.secrets, m_config.timeoutMs),
                        m.body);
    m_inFlight.insert(e.id, reply);
    const qint64 started = monotonicMs();
    connect(reply, &QNetworkReply::finished, this, [this, reply, e, m, started] { finished(reply, e, m, started); });
}

void WebhookDispatcher::finished(QNetworkReply *reply, const WebhookEndpoint &e, const WebhookMessage &m,
                                 qint64 startedMs)
{
    m_inFlight.remove(e.id);
    reply->deleteLater();
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    const QNetworkReply::NetworkError networkError = reply->error();
    const qint64 now = m_clock->wallClockMs();
    WebhookDelivery d;
    d.endpointId = e.id;
    d.webhookId = QString::fromLatin1(m.id);
    d.attempt = e.attempts + 1;
    d.httpCode = code;
    d.atMs = now;
    d.latencyMs = monotonicMs() - startedMs;
    QString result = code ? QStringLiteral("HTTP %1").arg(code) : networkFailure(networkError, m_config.timeoutMs);
    bool ok = code >= 200 && code < 300;
    // ERPNext refuses a check-in it holds already (a replay, a retry after a lost answer): delivered.
    constexpr qint64 MAX_ANSWER = 16 * 1024;
    if (!ok && e.isErpnext() && ErpnextTarget::isDuplicate(code, reply->read(MAX_ANSWER))) {
        ok = true;
        result += QStringLiteral(": duplicate (delivered)");
    }
    // The log row and the endpoint's new state in one transaction: one commit (one fsync) per attempt.
    QString why;
    const bool inTransaction = storage::Database::beginWrite(db(), &why);
    const auto commit = [this, inTransaction, &e] {
        if (inTransaction && !db().commit()) {
            qCWarning(lcWebhook).noquote() << "endpoint" << e.id << "cannot commit:" << db().lastError().text();
            db().rollback();
        }
    };
    if (ok) {
        d.status = QStringLiteral("delivered");
        d.detail = result;
        if (!WebhookStore::logDelivery(db(), d))
            qCWarning(lcWebhook).noquote() << "endpoint" << e.id << "cannot write the delivery log";
        WebhookStore::delivered(db(), e, m.lastPunch ? m.lastPunch : e.punchCursor,
                                m.lastEvent ? m.lastEvent : e.eventCursor, result, now);
        commit();
        Q_EMIT attempted(e.id, m.id, code, true);
        QTimer::singleShot(0, this, &WebhookDispatcher::poll); // the next one now
        return;
    }
    const int attempts = e.attempts + 1;
    EndpointState state = EndpointState::Active;
    qint64 next = 0;
    QString detail = result;
    if (code >= 300 && code < 400)
        detail += QStringLiteral(" (redirects are not followed: give the final URL)");
    if (code == 410) {
        state = EndpointState::Paused;
        d.status = QStringLiteral("paused");
        detail += QStringLiteral(": the receiver is gone, the endpoint is paused (termdesk webhook resume)");
    } else if (const std::optional<qint64> delay =
                   RetrySchedule::delayMs(attempts, QRandomGenerator::global()->generate())) {
        const std::optional<qint64> asked =
            retryAfter.isEmpty() ? std::nullopt : RetrySchedule::retryAfterMs(retryAfter, now);
        next = now + asked.value_or(*delay);
        d.status = QStringLiteral("failed");
    } else {
        state = EndpointState::Dead;
        d.status = QStringLiteral("dead");
        detail += QStringLiteral(": %1 attempts failed, the endpoint is a dead letter").arg(attempts);
    }
    d.detail = detail;
    if (!WebhookStore::logDelivery(db(), d))
        qCWarning(lcWebhook).noquote() << "endpoint" << e.id << "cannot write the delivery log";
    const bool stored = WebhookStore::failed(db(), e, attempts, next, m.lastPunch, state, detail, now);
    if (state != EndpointState::Active && stored) {
        storage::AuditLog::record(db(), QStringLiteral("webhook dispatcher"),
                                  state == EndpointState::Dead ? QStringLiteral("webhook dead letter")
                                                               : QStringLiteral("webhook paused by receiver"),
                                  QStringLiteral("endpoint %1").arg(e.id), detail, QString::fromLatin1(m.id));
        qCWarning(lcWebhook).noquote() << "webhook endpoint" << e.id << detail;
    }
    commit();
    Q_EMIT attempted(e.id, m.id, code, false);
    if (state == EndpointState::Dead && stored)
        Q_EMIT deadLettered(e.id);
}

} // namespace termdesk::webhook
