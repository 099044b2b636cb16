// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "webhookstore.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace termdesk::query {
class BackgroundReader;
}

namespace termdesk::webhook {

/// An endpoint as the console lists it: never its secret or token (read without them).
struct EndpointStatus
{
    WebhookEndpoint endpoint;
    qint64 backlog = 0; ///< punches and events waiting for it

    /// Same as shown (the console redraws only the endpoints that changed).
    bool operator==(const EndpointStatus &o) const
    {
        const WebhookEndpoint &a = endpoint;
        const WebhookEndpoint &b = o.endpoint;
        return backlog == o.backlog && a.id == b.id && a.revision == b.revision && a.url == b.url &&
               a.events == b.events && a.batch == b.batch && a.state == b.state && a.punchCursor == b.punchCursor &&
               a.eventCursor == b.eventCursor && a.attempts == b.attempts && a.nextAttemptMs == b.nextAttemptMs &&
               a.lastResult == b.lastResult && a.target == b.target && a.targetOptions == b.targetOptions;
    }
};

/// What a write or a test did.
struct WebhookOutcome
{
    qint64 endpointId = 0;
    QByteArray secret; ///< add: the new endpoint's secret, shown once
    int httpCode = 0;  ///< test: the answer's code (0: none)
    QString detail;    ///< test: what happened, in words
    QString error;     ///< empty: done
    bool ok() const { return error.isEmpty(); }
};

/// @brief The console's webhook operations, with the functions `termdesk webhook` uses (WebhookStore,
/// WebhookTest): reads on a read-only connection of their own thread, writes (audited as `console`)
/// on a read-write connection of another, so the GUI thread never waits for the database; a test's
/// request is sent from the caller's thread (asynchronously) and logged as a delivery. Every result
/// comes back in @p context's thread, unless @p context is gone.
class WebhookOperator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookOperator)
public:
    using EndpointsDone = std::function<void(QList<EndpointStatus> endpoints, QString error)>;
    using DeliveriesDone = std::function<void(QList<WebhookDelivery> deliveries, QString error)>;
    using Done = std::function<void(WebhookOutcome outcome)>;

    /// @p synchronous: the engine's setting (FULL or NORMAL) for the writing connection.
    WebhookOperator(const QString &databaseFile, const QString &synchronous, QObject *parent = nullptr);
    ~WebhookOperator() override;

    void readEndpoints(QObject *context, EndpointsDone done);
    /// The newest @p limit attempts of endpoint @p id, newest first.
    void readDeliveries(qint64 id, int limit, QObject *context, DeliveriesDone done);

    /// Checked with WebhookStore::validate first (the command line's words); the outcome carries the
    /// new id and its secret.
    void add(const QString &url, const QStringList &events, int batch, QObject *context, Done done);
    void setState(qint64 id, EndpointState state, QObject *context, Done done);
    void remove(qint64 id, QObject *context, Done done);
    void replay(qint64 id, qint64 afterPunch, QObject *context, Done done);
    /// Sends the test request (WebhookTest) and logs it; the outcome carries the HTTP code.
    void test(qint64 id, QObject *context, Done done);

private:
    void write(std::function<WebhookOutcome(const QSqlDatabase &db)> work, QObject *context, Done done);

    query::BackgroundReader *m_reader;
    query::BackgroundReader *m_writer;
    QNetworkAccessManager *m_network;
};

} // namespace termdesk::webhook
