// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "webhookstore.h"

#include <QHash>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

#include <atomic>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace termdesk {
class Clock;
}

namespace termdesk::webhook {

/// How the dispatcher runs (docs/integration.md, "Webhooks").
struct WebhookConfig
{
    QString database;       ///< the store: a SQLite file or a postgresql:// URL
    int pollMs = 2'000;     ///< how often the endpoints table is read (changes made by `termdesk webhook`)
    int wakeMs = 20;        ///< after wake(): read this soon (wakes in between are one read)
    int timeoutMs = 15'000; ///< a request that sends or receives nothing for this long failed
    /// Delivery log rows, and events every endpoint has passed, older than this many days are
    /// deleted once a day (0: kept for ever); setting `webhooks/retentionDays`.
    int retentionDays = 30;
};

/// What one prune deleted.
struct WebhookPruneResult
{
    qint64 deliveries = 0;
    qint64 events = 0;
};

/// One request: its webhook-id, its body and what it delivers.
struct WebhookMessage
{
    QByteArray id;
    QByteArray body;
    qint64 lastPunch = 0; ///< the punch cursor once delivered (0: the message is an event)
    qint64 lastEvent = 0; ///< the event cursor once delivered (0: the message is punches)
};

/// @brief Sends what each webhook endpoint subscribes to (docs/integration.md, "Webhooks"). The
/// punches table is the outbox of punch.created (a punch is stored, and acknowledged to its
/// terminal, before anything is sent) and the events table that of the other events; each endpoint
/// keeps a cursor per table. Per endpoint one request is in flight, first in first out; a failure
/// is tried again on RetrySchedule with the same webhook-id and body, by the injected Clock (tests
/// move a ManualClock); a 410 pauses the endpoint; retries run out: a dead letter (the endpoint is
/// dead, an audit entry says so, the console shows a banner). Every attempt goes into the delivery
/// log. The endpoints table is read every pollMs, so `termdesk webhook` works while it runs. Lives
/// in a thread of its own (WebhookHost) with its own connection to the store.
class WebhookDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookDispatcher)
public:
    explicit WebhookDispatcher(WebhookConfig config, Clock *clock = nullptr, QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    /// Opens the store and starts polling; false with lastError().
    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    /// Something was stored (EngineHost connects the engine's punchesStored directly): read within
    /// wakeMs instead of at the next poll. Any thread: it posts nothing while no endpoint is active
    /// (the poll finds new ones) or while a wake-up is already on its way, so the punch path pays an
    /// atomic load per stored batch.
    void wake();
    QString lastError() const { return m_error; }
    /// Requests sent and not answered yet (at most one per endpoint).
    int inFlight() const { return static_cast<int>(m_inFlight.size()); }

    /// The request for @p body signed with @p secrets at @p timestampS (the headers of the spec).
    static QNetworkRequest request(const QString &url, const QByteArray &id, qint64 timestampS, const QByteArray &body,
                                   const QByteArrayList &secrets, int timeoutMs);
    /// The next message of @p e (nullopt: nothing to send, or @p error), read from @p store.
    static std::optional<WebhookMessage> nextMessage(QSqlDatabase store, const WebhookEndpoint &e, QString *error);
    /// Deletes the delivery log rows older than @p cutoffMs, and the events older than it that every
    /// endpoint's cursor has passed (all of them when there is no endpoint: a new one starts at the
    /// newest event). nullopt and @p error when the store refused.
    static std::optional<WebhookPruneResult> prune(QSqlDatabase store, qint64 cutoffMs, QString *error);

Q_SIGNALS:
    /// One attempt ended (tests and the console): @p httpCode 0 when no answer came.
    void attempted(qint64 endpointId, const QByteArray &webhookId, int httpCode, bool delivered);
    void deadLettered(qint64 endpointId);
    /// The daily prune ran (tests).
    void pruned(qint64 deliveries, qint64 events);

private:
    void poll();
    void pruneIfDue(qint64 nowMs);
    void send(const WebhookEndpoint &e, const WebhookMessage &m);
    void finished(QNetworkReply *reply, const WebhookEndpoint &e, const WebhookMessage &m, qint64 startedMs);
    QSqlDatabase db() const;

    WebhookConfig m_config;
    Clock *m_clock;
    QString m_connection;
    QString m_error;
    bool m_open = false;
    QTimer m_pollTimer;
    QTimer m_wakeTimer;
    std::atomic<bool> m_anyActive{false};   ///< the last poll found an active endpoint
    std::atomic<bool> m_wakePending{false}; ///< a wake-up is posted and not run yet
    QNetworkAccessManager *m_network = nullptr;
    QHash<qint64, QNetworkReply *> m_inFlight;
    qint64 m_nextPruneMs = 0; ///< wall clock of the next prune (0: at the first poll)
};

} // namespace termdesk::webhook
