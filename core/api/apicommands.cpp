// SPDX-License-Identifier: GPL-3.0-or-later
#include "apicommands.h"

#include "service/terminalactions.h"
#include "storage/database.h"
#include "util/clock.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace termdesk::api {
namespace {

using http::HttpResponse;

constexpr qsizetype MAX_IDEMPOTENCY_KEY = 200;

HttpResponse accepted(qint64 id, bool replayed)
{
    HttpResponse r = HttpResponse::json(
        202, QJsonDocument(QJsonObject{{QStringLiteral("id"), id},
                                       {QStringLiteral("status_url"), QStringLiteral("/api/v1/commands/%1").arg(id)},
                                       {QStringLiteral("replayed"), replayed}}));
    r.headers.append({QByteArrayLiteral("Location"), "/api/v1/commands/" + QByteArray::number(id)});
    return r;
}

/// The command an earlier request with this Idempotency-Key queued: its id (0: none) and the hash
/// of that request's body.
struct Earlier
{
    qint64 commandId = 0;
    QString requestHash;
};

std::optional<Earlier> findEarlier(QSqlDatabase db, qint64 keyId, const QString &idem, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT command_id, request_hash FROM api_idempotency WHERE api_key_id = ? AND "
                             "idem_key = ?"));
    q.addBindValue(keyId);
    q.addBindValue(idem);
    if (!q.exec()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    Earlier e;
    if (q.next()) {
        e.commandId = q.value(0).toLongLong();
        e.requestHash = q.value(1).toString();
    }
    return e;
}

HttpResponse answerEarlier(const Earlier &e, const QString &requestHash)
{
    if (e.requestHash != requestHash)
        return HttpResponse::error(422, QStringLiteral("this Idempotency-Key was used for another request (command "
                                                       "%1): use a new key for a new command")
                                            .arg(e.commandId));
    return accepted(e.commandId, true);
}

std::optional<QDate> day(const QJsonObject &o, const char *field, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(field));
    const QDate d = QDate::fromString(v.toString(), QStringLiteral("yyyy-MM-dd"));
    if (!v.isString() || !d.isValid()) {
        *error = QStringLiteral("\"%1\" is not a date (YYYY-MM-DD)").arg(QLatin1String(field));
        return std::nullopt;
    }
    return d;
}

} // namespace

HttpResponse ApiCommands::post(QSqlDatabase db, const storage::ApiKeyInfo &key, const QByteArray &idempotencyKey,
                               const QByteArray &body)
{
    if (idempotencyKey.isEmpty())
        return HttpResponse::error(400, QStringLiteral("POST /api/v1/commands needs an Idempotency-Key header (any "
                                                       "unique text, e.g. a UUID; a retry sends the same one)"));
    if (idempotencyKey.size() > MAX_IDEMPOTENCY_KEY)
        return HttpResponse::error(
            400, QStringLiteral("the Idempotency-Key is longer than %1 bytes").arg(MAX_IDEMPOTENCY_KEY));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return HttpResponse::error(400, QStringLiteral("the body is not a JSON object: %1")
                                            .arg(parseError.error == QJsonParseError::NoError
                                                     ? QStringLiteral("expected {\"terminal\": ..., \"action\": ...}")
                                                     : parseError.errorString()));
    const QJsonObject o = doc.object();
    static const QStringList known = {QStringLiteral("terminal"), QStringLiteral("action"), QStringLiteral("from"),
                                      QStringLiteral("to"),       QStringLiteral("users"),  QStringLiteral("confirm")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return HttpResponse::error(
                400, QStringLiteral("unknown field \"%1\" (known: %2)").arg(it.key(), known.join(QLatin1String(", "))));
    }
    const QString sn = o.value(QLatin1String("terminal")).toString().trimmed();
    if (sn.isEmpty())
        return HttpResponse::error(400, QStringLiteral("\"terminal\" (the terminal's serial) is required"));
    const QString actionName = o.value(QLatin1String("action")).toString();
    const service::TerminalAction *action = service::TerminalActions::find(actionName);
    if (!action)
        return HttpResponse::error(400, QStringLiteral("unknown action \"%1\" (the actions of termdesk command "
                                                       "--help; push-users and copy-users are not offered here)")
                                            .arg(actionName));
    if (action->danger && o.value(QLatin1String("confirm")) != QJsonValue(true))
        return HttpResponse::error(
            400, QStringLiteral("%1 %2: add \"confirm\": true").arg(actionName, QLatin1String(action->danger)));
    service::ActionOptions options;
    QString error;
    if (o.contains(QLatin1String("from")) && !(options.from = day(o, "from", &error)))
        return HttpResponse::error(400, error);
    if (o.contains(QLatin1String("to")) && !(options.to = day(o, "to", &error)))
        return HttpResponse::error(400, error);
    if (o.contains(QLatin1String("users"))) {
        const QJsonValue users = o.value(QLatin1String("users"));
        if (!users.isArray())
            return HttpResponse::error(400, QStringLiteral("\"users\" is not a list of enroll ids"));
        for (const QJsonValue v : users.toArray()) {
            const qint64 id = v.toInteger(-1);
            if (!v.isDouble() || id <= 0)
                return HttpResponse::error(400, QStringLiteral("\"users\" holds something that is not an enroll id"));
            options.users.append(id);
        }
    }

    const QString idem = QString::fromLatin1(idempotencyKey);
    const QString requestHash = QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    if (!storage::Database::beginWrite(db, &error))
        return HttpResponse::error(503, QStringLiteral("the database takes no writes now: %1").arg(error));
    const std::optional<Earlier> earlier = findEarlier(db, key.id, idem, &error);
    if (!earlier || earlier->commandId != 0) {
        db.rollback();
        return earlier ? answerEarlier(*earlier, requestHash)
                       : HttpResponse::error(503, QStringLiteral("cannot read the database: %1").arg(error));
    }
    bool usage = false;
    const qint64 id =
        service::TerminalActions::queue(db, sn, *action, options, QStringLiteral("api:") + key.name, &error, &usage);
    if (id == 0) {
        db.rollback();
        // An unknown terminal is the caller's mistake too (422); anything else is the database's (503).
        const bool unknownTerminal = error.startsWith(QLatin1String("no terminal"));
        return HttpResponse::error(usage ? 400 : (unknownTerminal ? 422 : 503), error);
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO api_idempotency (api_key_id, idem_key, request_hash, command_id, "
                             "created_ms) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(key.id);
    q.addBindValue(idem);
    q.addBindValue(requestHash);
    q.addBindValue(id);
    q.addBindValue(wallClockMs());
    if (!q.exec() || !db.commit()) {
        const QString why = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
        db.rollback();
        // Another server of a shared store took the same key at the same moment: answer with its command.
        QString again;
        if (const std::optional<Earlier> other = findEarlier(db, key.id, idem, &again); other && other->commandId)
            return answerEarlier(*other, requestHash);
        return HttpResponse::error(503, QStringLiteral("cannot queue the command: %1").arg(why));
    }
    return accepted(id, false);
}

} // namespace termdesk::api
