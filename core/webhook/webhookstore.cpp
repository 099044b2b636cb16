// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookstore.h"

#include "erpnexttarget.h"
#include "storage/sqldialect.h"
#include "util/clock.h"
#include "webhooksigner.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

#include <algorithm>

namespace termdesk::webhook {
namespace {

constexpr qsizetype MAX_URL = 2048;

const QString COLUMNS =
    QStringLiteral("id, url, events, batch, state, punch_cursor, event_cursor, pending_last, attempts, next_attempt_ms,"
                   " last_result, revision, created_ms, secret, previous_secret, previous_until_ms, target,"
                   " target_options");

std::optional<EndpointState> stateFromName(const QString &name)
{
    if (name == QLatin1String("active"))
        return EndpointState::Active;
    if (name == QLatin1String("paused"))
        return EndpointState::Paused;
    if (name == QLatin1String("dead"))
        return EndpointState::Dead;
    return std::nullopt;
}

WebhookEndpoint fromRow(const QSqlQuery &q, bool withSecrets, qint64 nowMs)
{
    WebhookEndpoint e;
    e.id = q.value(0).toLongLong();
    e.url = q.value(1).toString();
    e.events = q.value(2).toString().split(u',', Qt::SkipEmptyParts);
    e.batch = q.value(3).toInt();
    e.state = stateFromName(q.value(4).toString()).value_or(EndpointState::Paused);
    e.punchCursor = q.value(5).toLongLong();
    e.eventCursor = q.value(6).toLongLong();
    e.pendingLast = q.value(7).isNull() ? 0 : q.value(7).toLongLong();
    e.attempts = q.value(8).toInt();
    e.nextAttemptMs = q.value(9).isNull() ? 0 : q.value(9).toLongLong();
    e.lastResult = q.value(10).toString();
    e.revision = q.value(11).toLongLong();
    e.createdMs = q.value(12).toLongLong();
    e.target = q.value(16).toString();
    e.targetOptions = q.value(17).toString();
    if (withSecrets) {
        e.secrets.append(q.value(13).toString().toLatin1());
        if (!q.value(14).isNull() && q.value(15).toLongLong() > nowMs)
            e.secrets.append(q.value(14).toString().toLatin1());
    }
    return e;
}

bool exec(QSqlQuery &q, const QString &what, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = QStringLiteral("cannot %1: %2").arg(what, q.lastError().text());
    return false;
}

/// Runs an operator's UPDATE of endpoint @p id (its revision bumped); false when there is none.
bool operatorUpdate(QSqlDatabase db, qint64 id, const QString &set, const QVariantList &values, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE webhook_endpoints SET ") + set +
              QStringLiteral(", revision = revision + 1, updated_ms = ? WHERE id = ?"));
    for (const QVariant &v : values)
        q.addBindValue(v);
    q.addBindValue(wallClockMs());
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("change the webhook endpoint"), error))
        return false;
    if (q.numRowsAffected() < 1) {
        *error = QStringLiteral("no webhook endpoint %1 (see termdesk webhook list)").arg(id);
        return false;
    }
    return true;
}

qint64 scalar(QSqlDatabase db, const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!exec(q, QStringLiteral("read the webhooks"), error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace

QString endpointStateName(EndpointState state)
{
    switch (state) {
    case EndpointState::Active:
        return QStringLiteral("active");
    case EndpointState::Paused:
        return QStringLiteral("paused");
    case EndpointState::Dead:
        return QStringLiteral("dead");
    }
    return {};
}

const QStringList &WebhookStore::eventTypes()
{
    static const QStringList types{QStringLiteral("punch.created"), QStringLiteral("command.completed"),
                                   QStringLiteral("terminal.online"), QStringLiteral("terminal.offline")};
    return types;
}

QString WebhookStore::validate(const QString &url, const QStringList &events, int batch)
{
    if (url.size() > MAX_URL)
        return QStringLiteral("the URL is longer than %1 characters").arg(MAX_URL);
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) ||
        u.host().isEmpty())
        return QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(url);
    if (events.isEmpty())
        return QStringLiteral("name the events to send (--events %1)").arg(eventTypes().join(u','));
    for (const QString &e : events) {
        if (!eventTypes().contains(e))
            return QStringLiteral("'%1' is not an event (the events: %2)").arg(e, eventTypes().join(u','));
    }
    if (batch < 1 || batch > MAX_BATCH)
        return QStringLiteral("--batch: give 1 to %1 punches per request").arg(MAX_BATCH);
    return {};
}

namespace {

/// A new endpoint's row: what it receives and how it is sent.
struct NewEndpoint
{
    QString url;
    QString events; ///< comma-separated
    int batch = 1;
    QByteArray secret; ///< the signing secret, or the ERPNext token
    QString target;
    QString targetOptions; ///< not null: the column is NOT NULL
};

/// Inserts @p e, starting at the newest punch and event (it receives what comes next); its id, or 0.
qint64 insertEndpoint(QSqlDatabase db, const NewEndpoint &e, QString *error)
{
    const qint64 punchCursor = scalar(db, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM punches"), {}, error);
    const qint64 eventCursor = scalar(db, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"), {}, error);
    if (punchCursor < 0 || eventCursor < 0)
        return 0;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO webhook_endpoints (url, events, batch, secret, state, punch_cursor,"
                             " event_cursor, created_ms, updated_ms, target, target_options)"
                             " VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)") +
              storage::returningId(db));
    const qint64 now = wallClockMs();
    q.addBindValue(e.url);
    q.addBindValue(e.events);
    q.addBindValue(e.batch);
    q.addBindValue(QString::fromLatin1(e.secret));
    q.addBindValue(punchCursor);
    q.addBindValue(eventCursor);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(e.target);
    q.addBindValue(e.targetOptions);
    if (!exec(q, QStringLiteral("store the webhook endpoint"), error))
        return 0;
    return storage::insertedId(q);
}

} // namespace

qint64 WebhookStore::add(QSqlDatabase db, const QString &url, const QStringList &events, int batch, QByteArray *secret,
                         QString *error)
{
    const QString why = validate(url, events, batch);
    if (!why.isEmpty()) {
        *error = why;
        return 0;
    }
    QStringList unique;
    for (const QString &e : events) {
        if (!unique.contains(e))
            unique.append(e);
    }
    const QByteArray made = WebhookSigner::generateSecret();
    const qint64 id = insertEndpoint(
        db, {url, unique.join(u','), batch, made, QStringLiteral("standard"), QStringLiteral("")}, error);
    if (id)
        *secret = made;
    return id;
}

qint64 WebhookStore::addErpnext(QSqlDatabase db, const QString &url, const QByteArray &token,
                                const QString &optionsJson, QString *error)
{
    QString why = validate(url, {QStringLiteral("punch.created")}, 1);
    if (why.isEmpty())
        why = ErpnextTarget::validate(ErpnextOptions::fromJson(optionsJson).employeeField, token);
    if (!why.isEmpty()) {
        *error = why;
        return 0;
    }
    return insertEndpoint(db, {url, QStringLiteral("punch.created"), 1, token, QStringLiteral("erpnext"), optionsJson},
                          error);
}

QList<WebhookEndpoint> WebhookStore::list(QSqlDatabase db, bool withSecrets, qint64 nowMs, QString *error)
{
    QList<WebhookEndpoint> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + COLUMNS + QStringLiteral(" FROM webhook_endpoints ORDER BY id"));
    if (!exec(q, QStringLiteral("read the webhook endpoints"), error))
        return out;
    while (q.next())
        out.append(fromRow(q, withSecrets, nowMs));
    return out;
}

std::optional<WebhookEndpoint> WebhookStore::get(QSqlDatabase db, qint64 id, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + COLUMNS + QStringLiteral(" FROM webhook_endpoints WHERE id = ?"));
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("read the webhook endpoints"), error))
        return std::nullopt;
    if (!q.next()) {
        *error = QStringLiteral("no webhook endpoint %1 (see termdesk webhook list)").arg(id);
        return std::nullopt;
    }
    return fromRow(q, false, 0);
}

bool WebhookStore::setState(QSqlDatabase db, qint64 id, EndpointState state, QString *error)
{
    if (state == EndpointState::Active)
        return operatorUpdate(db, id,
                              QStringLiteral("state = 'active', attempts = 0, next_attempt_ms = NULL, last_result = "
                                             "'resumed'"),
                              {}, error);
    return operatorUpdate(db, id, QStringLiteral("state = ?"), {endpointStateName(state)}, error);
}

bool WebhookStore::remove(QSqlDatabase db, qint64 id, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM webhook_endpoints WHERE id = ?"));
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("remove the webhook endpoint"), error))
        return false;
    if (q.numRowsAffected() < 1) {
        *error = QStringLiteral("no webhook endpoint %1 (see termdesk webhook list)").arg(id);
        return false;
    }
    QSqlQuery d(db);
    d.prepare(QStringLiteral("DELETE FROM webhook_deliveries WHERE endpoint_id = ?"));
    d.addBindValue(id);
    return exec(d, QStringLiteral("remove the endpoint's delivery log"), error);
}

bool WebhookStore::setTargetOptions(QSqlDatabase db, qint64 id, const QString &optionsJson, QString *error)
{
    if (optionsJson.size() > 256 * 1024) {
        *error = QStringLiteral("the endpoint's options are larger than 256 KiB");
        return false;
    }
    const QString why =
        ErpnextTarget::validate(ErpnextOptions::fromJson(optionsJson).employeeField, QByteArrayLiteral("k:s"));
    if (!why.isEmpty()) {
        *error = why;
        return false;
    }
    return operatorUpdate(db, id, QStringLiteral("target_options = ?"), {optionsJson}, error);
}

bool WebhookStore::replay(QSqlDatabase db, qint64 id, qint64 afterPunch, QString *error)
{
    if (afterPunch < 0) {
        *error = QStringLiteral("--after: a punch id (0 or more; the punch_id column of the CSV and the API)");
        return false;
    }
    return operatorUpdate(db, id,
                          QStringLiteral("punch_cursor = ?, pending_last = NULL, attempts = 0, next_attempt_ms = NULL,"
                                         " last_result = 'replay'"),
                          {afterPunch}, error);
}

bool WebhookStore::rotateSecret(QSqlDatabase db, qint64 id, QByteArray *secret, QString *error)
{
    const QByteArray made = WebhookSigner::generateSecret();
    if (!operatorUpdate(db, id, QStringLiteral("previous_secret = secret, previous_until_ms = ?, secret = ?"),
                        {wallClockMs() + ROTATION_OVERLAP_MS, QString::fromLatin1(made)}, error))
        return false;
    *secret = made;
    return true;
}

qint64 WebhookStore::backlog(QSqlDatabase db, const WebhookEndpoint &e, QString *error)
{
    qint64 n = 0;
    if (e.events.contains(QLatin1String("punch.created"))) {
        const qint64 p =
            scalar(db, QStringLiteral("SELECT count(*) FROM punches WHERE id > ?"), {e.punchCursor}, error);
        if (p < 0)
            return -1;
        n += p;
    }
    QStringList others = e.events;
    others.removeAll(QStringLiteral("punch.created"));
    if (!others.isEmpty()) {
        QVariantList values{e.eventCursor};
        QStringList marks;
        for (const QString &t : others) {
            values.append(t);
            marks.append(QStringLiteral("?"));
        }
        const qint64 ev = scalar(
            db, QStringLiteral("SELECT count(*) FROM events WHERE id > ? AND type IN (%1)").arg(marks.join(u',')),
            values, error);
        if (ev < 0)
            return -1;
        n += ev;
    }
    return n;
}

qint64 WebhookStore::deadCount(QSqlDatabase db)
{
    QString ignored;
    return scalar(db, QStringLiteral("SELECT count(*) FROM webhook_endpoints WHERE state = 'dead'"), {}, &ignored);
}

bool WebhookStore::markPending(QSqlDatabase db, const WebhookEndpoint &e, qint64 pendingLast)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE webhook_endpoints SET pending_last = ? WHERE id = ? AND revision = ?"));
    q.addBindValue(pendingLast);
    q.addBindValue(e.id);
    q.addBindValue(e.revision);
    return q.exec() && q.numRowsAffected() == 1;
}

bool WebhookStore::delivered(QSqlDatabase db, const WebhookEndpoint &e, qint64 punchCursor, qint64 eventCursor,
                             const QString &result, qint64 nowMs)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE webhook_endpoints SET punch_cursor = ?, event_cursor = ?, pending_last = NULL,"
                             " attempts = 0, next_attempt_ms = NULL, last_result = ?, updated_ms = ?"
                             " WHERE id = ? AND revision = ? AND punch_cursor = ? AND event_cursor = ?"));
    q.addBindValue(punchCursor);
    q.addBindValue(eventCursor);
    q.addBindValue(result);
    q.addBindValue(nowMs);
    q.addBindValue(e.id);
    q.addBindValue(e.revision);
    // Never backwards: another server on the same PostgreSQL database may have moved it already.
    q.addBindValue(e.punchCursor);
    q.addBindValue(e.eventCursor);
    return q.exec() && q.numRowsAffected() == 1;
}

bool WebhookStore::failed(QSqlDatabase db, const WebhookEndpoint &e, int attempts, qint64 nextAttemptMs,
                          qint64 pendingLast, EndpointState state, const QString &result, qint64 nowMs)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE webhook_endpoints SET attempts = ?, next_attempt_ms = ?, pending_last = ?,"
                             " state = ?, last_result = ?, updated_ms = ? WHERE id = ? AND revision = ?"));
    q.addBindValue(attempts);
    q.addBindValue(nextAttemptMs);
    q.addBindValue(pendingLast > 0 ? QVariant(pendingLast) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(endpointStateName(state));
    q.addBindValue(result);
    q.addBindValue(nowMs);
    q.addBindValue(e.id);
    q.addBindValue(e.revision);
    return q.exec() && q.numRowsAffected() == 1;
}

bool WebhookStore::logDelivery(QSqlDatabase db, const WebhookDelivery &d)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO webhook_deliveries (endpoint_id, webhook_id, attempt, status, http_code,"
                             " at_ms, latency_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(d.endpointId);
    q.addBindValue(d.webhookId);
    q.addBindValue(d.attempt);
    q.addBindValue(d.status);
    q.addBindValue(d.httpCode);
    q.addBindValue(d.atMs);
    q.addBindValue(d.latencyMs);
    q.addBindValue(d.detail.isEmpty() ? QStringLiteral("") : d.detail.left(500)); // NOT NULL: never a null QString
    return q.exec();
}

QList<WebhookDelivery> WebhookStore::deliveries(QSqlDatabase db, qint64 endpointId, int limit, QString *error)
{
    QList<WebhookDelivery> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, endpoint_id, webhook_id, attempt, status, http_code, at_ms, latency_ms, detail"
                             " FROM webhook_deliveries") +
              (endpointId > 0 ? QStringLiteral(" WHERE endpoint_id = ?") : QString()) +
              QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::clamp(limit, 1, 10'000)));
    if (endpointId > 0)
        q.addBindValue(endpointId);
    if (!exec(q, QStringLiteral("read the webhook deliveries"), error))
        return out;
    while (q.next()) {
        WebhookDelivery d;
        d.id = q.value(0).toLongLong();
        d.endpointId = q.value(1).toLongLong();
        d.webhookId = q.value(2).toString();
        d.attempt = q.value(3).toInt();
        d.status = q.value(4).toString();
        d.httpCode = q.value(5).toInt();
        d.atMs = q.value(6).toLongLong();
        d.latencyMs = q.value(7).toLongLong();
        d.detail = q.value(8).toString();
        out.append(d);
    }
    return out;
}

} // namespace termdesk::webhook
