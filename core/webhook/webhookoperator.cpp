// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookoperator.h"

#include "query/backgroundreader.h"
#include "storage/auditlog.h"
#include "util/clock.h"
#include "webhooktest.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

#include <memory>

namespace termdesk::webhook {
namespace {

const QString VIA = QStringLiteral("console");

void audit(const QSqlDatabase &db, const QString &action, const QString &target, const QString &detail,
           const QString &result)
{
    storage::AuditLog::record(db, storage::AuditLog::currentActor(VIA), action, target, detail, result);
}

} // namespace

WebhookOperator::WebhookOperator(const QString &databaseFile, const QString &synchronous, QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
    m_reader = new query::BackgroundReader(databaseFile, this);
    storage::OpenOptions options;
    options.synchronous = synchronous;
    options.busyTimeoutMs = 10'000; // beside the engine's writer: waits off the GUI thread
    m_writer = new query::BackgroundReader(databaseFile, options, QStringLiteral("termdesk-webhook-ops"), this);
}

WebhookOperator::~WebhookOperator() = default;

void WebhookOperator::readEndpoints(QObject *context, EndpointsDone done)
{
    m_reader->run<QList<EndpointStatus>>(
        [](const QSqlDatabase &db, QString *error) {
            QList<EndpointStatus> out;
            for (WebhookEndpoint &e : WebhookStore::list(db, false, 0, error)) {
                EndpointStatus s;
                s.backlog = WebhookStore::backlog(db, e, error);
                s.endpoint = std::move(e);
                out.append(std::move(s));
            }
            return out;
        },
        context, std::move(done));
}

void WebhookOperator::readDeliveries(qint64 id, int limit, QObject *context, DeliveriesDone done)
{
    m_reader->run<QList<WebhookDelivery>>(
        [id, limit](const QSqlDatabase &db, QString *error) {
            return id > 0 ? WebhookStore::deliveries(db, id, limit, error) : QList<WebhookDelivery>{};
        },
        context, std::move(done));
}

void WebhookOperator::write(std::function<WebhookOutcome(const QSqlDatabase &db)> work, QObject *context, Done done)
{
    m_writer->run<WebhookOutcome>([work = std::move(work)](const QSqlDatabase &db, QString *) { return work(db); },
                                  context,
                                  [done = std::move(done)](WebhookOutcome outcome, const QString &openError) {
                                      if (!openError.isEmpty())
                                          outcome.error = openError;
                                      done(std::move(outcome));
                                  });
}

void WebhookOperator::add(const QString &url, const QStringList &events, int batch, QObject *context, Done done)
{
    const QString why = WebhookStore::validate(url, events, batch);
    if (!why.isEmpty()) {
        WebhookOutcome o;
        o.error = why;
        QMetaObject::invokeMethod(
            context, [done = std::move(done), o] { done(o); }, Qt::QueuedConnection);
        return;
    }
    write(
        [url, events, batch](const QSqlDatabase &db) {
            WebhookOutcome o;
            o.endpointId = WebhookStore::add(db, url, events, batch, &o.secret, &o.error);
            audit(db, QStringLiteral("add webhook"), url, events.join(u','),
                  o.endpointId ? QStringLiteral("endpoint %1").arg(o.endpointId) : o.error);
            return o;
        },
        context, std::move(done));
}

void WebhookOperator::setState(qint64 id, EndpointState state, QObject *context, Done done)
{
    write(
        [id, state](const QSqlDatabase &db) {
            WebhookOutcome o;
            o.endpointId = id;
            const std::optional<WebhookEndpoint> e = WebhookStore::get(db, id, &o.error);
            if (!e)
                return o;
            const bool resume = state == EndpointState::Active;
            WebhookStore::setState(db, id, state, &o.error);
            audit(db, resume ? QStringLiteral("webhook resume") : QStringLiteral("webhook pause"),
                  QStringLiteral("endpoint %1 %2").arg(id).arg(e->url),
                  resume ? QStringLiteral("was %1").arg(endpointStateName(e->state)) : QString(),
                  o.ok() ? QStringLiteral("ok") : o.error);
            return o;
        },
        context, std::move(done));
}

void WebhookOperator::remove(qint64 id, QObject *context, Done done)
{
    write(
        [id](const QSqlDatabase &db) {
            WebhookOutcome o;
            o.endpointId = id;
            const std::optional<WebhookEndpoint> e = WebhookStore::get(db, id, &o.error);
            if (!e)
                return o;
            WebhookStore::remove(db, id, &o.error);
            audit(db, QStringLiteral("webhook remove"), QStringLiteral("endpoint %1 %2").arg(id).arg(e->url), QString(),
                  o.ok() ? QStringLiteral("ok") : o.error);
            return o;
        },
        context, std::move(done));
}

void WebhookOperator::replay(qint64 id, qint64 afterPunch, QObject *context, Done done)
{
    write(
        [id, afterPunch](const QSqlDatabase &db) {
            WebhookOutcome o;
            o.endpointId = id;
            const std::optional<WebhookEndpoint> e = WebhookStore::get(db, id, &o.error);
            if (!e)
                return o;
            WebhookStore::replay(db, id, afterPunch, &o.error);
            audit(db, QStringLiteral("webhook replay"), QStringLiteral("endpoint %1 %2").arg(id).arg(e->url),
                  QStringLiteral("after punch %1 (cursor was %2)").arg(afterPunch).arg(e->punchCursor),
                  o.ok() ? QStringLiteral("ok") : o.error);
            return o;
        },
        context, std::move(done));
}

void WebhookOperator::test(qint64 id, QObject *context, Done done)
{
    // Built on the writing thread (it reads the secret), sent from this thread, logged there again.
    m_writer->run<std::optional<WebhookTestRequest>>(
        [id](const QSqlDatabase &db, QString *error) { return WebhookTest::build(db, id, wallClockMs(), error); }, this,
        [this, id, ctx = QPointer<QObject>(context), done = std::move(done)](std::optional<WebhookTestRequest> request,
                                                                             const QString &error) mutable {
            if (!request) {
                WebhookOutcome o;
                o.endpointId = id;
                o.error = error.isEmpty() ? QStringLiteral("endpoint %1: no test request").arg(id) : error;
                if (ctx)
                    done(o);
                return;
            }
            const qint64 startedMs = wallClockMs();
            auto timer = std::make_shared<QElapsedTimer>();
            timer->start();
            QNetworkReply *reply = WebhookTest::send(m_network, *request);
            connect(reply, &QNetworkReply::finished, this,
                    [this, reply, request = *request, startedMs, timer, ctx, done = std::move(done)]() mutable {
                        reply->deleteLater();
                        WebhookOutcome result;
                        result.endpointId = request.endpointId;
                        result.httpCode = WebhookTest::result(reply, request, &result.detail);
                        const qint64 latency = timer->elapsed();
                        write(
                            [request, result, startedMs, latency](const QSqlDatabase &db) {
                                WebhookOutcome o = result;
                                if (!WebhookTest::record(db, request, o.httpCode, startedMs, latency, o.detail))
                                    o.error = QStringLiteral("the test was sent (%1) but not logged").arg(o.detail);
                                return o;
                            },
                            ctx ? ctx.data() : this,
                            [ctx, done = std::move(done)](WebhookOutcome o) {
                                if (ctx)
                                    done(std::move(o));
                            });
                    });
        });
}

} // namespace termdesk::webhook
