// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"

#include "apicommands.h"
#include "apireads.h"
#include "service/csvexporter.h"
#include "service/exportcursor.h"
#include "storage/database.h"

#include <QAtomicInt>
#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

#include <utility>

namespace termdesk::api {
namespace {

Q_LOGGING_CATEGORY(lcApi, "termdesk.api", QtInfoMsg)

using http::HttpRequest;
using http::HttpResponse;

constexpr int DEFAULT_LIMIT = 100;
constexpr int MAX_LIMIT = 1000;
constexpr int DEFAULT_CSV_LIMIT = 10'000;
constexpr int MAX_CSV_LIMIT = 100'000;
/// Rows read and sent at a time by GET /api/v1/punches.csv (about 100 KiB).
constexpr qint64 CSV_BATCH = 1'000;

QAtomicInt g_serial;

HttpResponse methodNotAllowed(const char *allowed)
{
    HttpResponse r = HttpResponse::error(405, QStringLiteral("use %1 here").arg(QLatin1String(allowed)));
    r.headers.append({QByteArrayLiteral("Allow"), QByteArray(allowed)});
    return r;
}

HttpResponse unauthorized(const QString &message)
{
    HttpResponse r = HttpResponse::error(401, message);
    r.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"termdesk\"")});
    return r;
}

/// The query parameters of a request: each at most once, none outside @p known.
class Params
{
public:
    Params(const QByteArray &query, const QStringList &known)
    {
        const QUrlQuery q(QString::fromUtf8(query));
        for (const auto &[key, value] : q.queryItems(QUrl::FullyDecoded)) {
            if (!known.contains(key)) {
                m_error =
                    QStringLiteral("unknown parameter '%1' (known: %2)").arg(key, known.join(QLatin1String(", ")));
                return;
            }
            if (m_values.contains(key)) {
                m_error = QStringLiteral("parameter '%1' given twice").arg(key);
                return;
            }
            m_values.insert(key, value);
        }
    }
    QString error() const { return m_error; }
    bool has(const QString &key) const { return m_values.contains(key); }
    QString value(const QString &key) const { return m_values.value(key); }

private:
    QHash<QString, QString> m_values;
    QString m_error;
};

/// The punch filter of GET /api/v1/punches[.csv]; an error text when a parameter is wrong.
QString punchRequest(const Params &p, int defaultLimit, int maxLimit, PunchPageRequest *r)
{
    if (!p.error().isEmpty())
        return p.error();
    if (p.has(QStringLiteral("after"))) {
        const std::optional<qint64> after = service::exportcursor::parse(p.value(QStringLiteral("after")));
        if (!after)
            return QStringLiteral("after: '%1' is not a cursor (a punch_id, 0 or more)")
                .arg(p.value(QStringLiteral("after")));
        r->after = *after;
    }
    r->limit = defaultLimit;
    if (p.has(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = p.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxLimit)
            return QStringLiteral("limit: '%1' is not a number from 1 to %2")
                .arg(p.value(QStringLiteral("limit")))
                .arg(maxLimit);
        r->limit = limit;
    }
    if (p.has(QStringLiteral("terminal"))) {
        r->terminalSn = p.value(QStringLiteral("terminal")).trimmed();
        if (r->terminalSn.isEmpty())
            return QStringLiteral("terminal: the serial is empty");
    }
    for (const char *name : {"from", "to"}) {
        const QString key = QLatin1String(name);
        if (!p.has(key))
            continue;
        const QDate d = QDate::fromString(p.value(key), QStringLiteral("yyyy-MM-dd"));
        if (!d.isValid())
            return QStringLiteral("%1: '%2' is not a date (YYYY-MM-DD)").arg(key, p.value(key));
        (key == QLatin1String("from") ? r->from : r->to) = d;
    }
    if (r->from && r->to && *r->from > *r->to)
        return QStringLiteral("from %1 is after to %2")
            .arg(r->from->toString(Qt::ISODate), r->to->toString(Qt::ISODate));
    return {};
}

} // namespace

ApiServer::ApiServer(ApiConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
    const int serial = g_serial.fetchAndAddRelaxed(1);
    m_readName = QStringLiteral("termdesk-api-ro-%1").arg(serial);
    m_writeName = QStringLiteral("termdesk-api-rw-%1").arg(serial);
}

ApiServer::~ApiServer()
{
    stop();
}

quint16 ApiServer::port() const
{
    return m_http ? m_http->port() : 0;
}

bool ApiServer::start()
{
    storage::OpenOptions options;
    options.readOnly = true;
    options.busyTimeoutMs = 2'000;
    QString why;
    if (!storage::Database::open(m_config.database, m_readName, options, &why)) {
        m_error = QStringLiteral("the REST API cannot open the database: %1").arg(why);
        return false;
    }
    m_readOpen = true;
    m_http = std::make_unique<http::HttpServer>(
        m_config.limits, [this](const HttpRequest &r, const QHostAddress &peer) { return handle(r, peer); });
    if (m_config.tls)
        m_http->setTls(*m_config.tls, m_config.limits.requestTimeoutMs);
    if (!m_http->listen(m_config.address, static_cast<quint16>(m_config.port), &why)) {
        m_error = QStringLiteral("cannot listen for the REST API on %1 port %2: %3")
                      .arg(m_config.address.toString())
                      .arg(m_config.port)
                      .arg(why);
        stop();
        return false;
    }
    qCInfo(lcApi).noquote() << (m_config.tls ? "REST API (https) listening on" : "REST API listening on")
                            << m_config.address.toString() << "port" << m_http->port();
    return true;
}

void ApiServer::stop()
{
    m_http.reset();
    if (m_readOpen)
        storage::Database::close(m_readName);
    if (m_writeOpen)
        storage::Database::close(m_writeName);
    m_readOpen = m_writeOpen = false;
}

bool ApiServer::openWriter(QString *error)
{
    if (m_writeOpen)
        return true;
    storage::OpenOptions options;
    options.busyTimeoutMs = 5'000;
    m_writeOpen = storage::Database::open(m_config.database, m_writeName, options, error);
    return m_writeOpen;
}

HttpResponse ApiServer::handle(const HttpRequest &request, const QHostAddress &peer)
{
    HttpResponse response = route(request);
    // The path only: never the Authorization header; the query holds no secret but may be long.
    qCDebug(lcApi).noquote() << peer.toString() << request.method << request.path << response.status;
    return response;
}

std::optional<HttpResponse> ApiServer::authenticate(const HttpRequest &request, storage::ApiKeyInfo *key)
{
    const QByteArray auth = request.header("authorization");
    if (auth.isEmpty())
        return unauthorized(QStringLiteral("an API key is needed: send 'Authorization: Bearer KEY' (termdesk "
                                           "api-key create NAME --scope read|commands)"));
    const qsizetype space = auth.indexOf(' ');
    if (space < 0 || auth.first(space).toLower() != "bearer")
        return unauthorized(QStringLiteral("the Authorization header must read 'Bearer KEY'"));
    const QByteArray token = auth.sliced(space + 1).trimmed();
    QString error;
    const std::optional<storage::ApiKeyInfo> found =
        storage::ApiKeyStore::find(storage::Database::get(m_readName), token, &error);
    if (!error.isEmpty()) {
        qCWarning(lcApi).noquote() << error;
        return HttpResponse::error(503, QStringLiteral("cannot check the API key now: the database does not answer"));
    }
    if (!found)
        return unauthorized(QStringLiteral("unknown or revoked API key"));
    *key = *found;
    return std::nullopt;
}

HttpResponse ApiServer::health()
{
    QSqlQuery q(storage::Database::get(m_readName));
    const bool ok = q.exec(QStringLiteral("SELECT 1")) && q.next();
    return HttpResponse::json(
        ok ? 200 : 503,
        QJsonDocument(QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("unavailable")},
                                  {QStringLiteral("database"), ok}}));
}

HttpResponse ApiServer::route(const HttpRequest &request)
{
    const QByteArray &path = request.path;
    const bool get = request.method == "GET";
    // Open to anyone who can connect: nothing in them is data.
    if (path == "/api/v1/health")
        return get ? health() : methodNotAllowed("GET");
    if (path == "/api/v1/openapi.json") {
        if (!get)
            return methodNotAllowed("GET");
        QFile doc(QStringLiteral(":/termdesk/api/openapi.json"));
        if (!doc.open(QIODevice::ReadOnly))
            return HttpResponse::error(500, QStringLiteral("this build has no OpenAPI document"));
        HttpResponse r;
        r.body = doc.readAll();
        return r;
    }
    if (!path.startsWith("/api/v1/"))
        return HttpResponse::error(404,
                                   QStringLiteral("not found: the API is under /api/v1/ (see /api/v1/openapi.json)"));

    storage::ApiKeyInfo key;
    if (std::optional<HttpResponse> refused = authenticate(request, &key))
        return *refused;

    if (path == "/api/v1/commands") {
        if (request.method != "POST")
            return methodNotAllowed("POST");
        if (key.scope != storage::ApiScope::Commands)
            return HttpResponse::error(403, QStringLiteral("the key '%1' has the scope read: queuing commands needs "
                                                           "a key with the scope commands")
                                                .arg(key.name));
        return postCommand(request, key);
    }
    // Everything else reads; both scopes may read.
    const bool known = path == "/api/v1/punches" || path == "/api/v1/punches.csv" || path == "/api/v1/terminals" ||
                       path == "/api/v1/users" || path.startsWith("/api/v1/commands/");
    if (!known)
        return HttpResponse::error(
            404, QStringLiteral("no such endpoint: %1 (see /api/v1/openapi.json)").arg(QString::fromLatin1(path)));
    if (!get)
        return methodNotAllowed("GET");
    if (path == "/api/v1/punches")
        return punches(request, false);
    if (path == "/api/v1/punches.csv")
        return punches(request, true);
    const QSqlDatabase db = storage::Database::get(m_readName);
    QString error;
    if (path == "/api/v1/terminals" || path == "/api/v1/users") {
        if (!request.query.isEmpty())
            return HttpResponse::error(400, QStringLiteral("%1 takes no parameters").arg(QString::fromLatin1(path)));
        const std::optional<QJsonArray> list =
            path == "/api/v1/users" ? ApiReads::users(db, &error) : ApiReads::terminals(db, &error);
        if (!list)
            return HttpResponse::error(503, error);
        return HttpResponse::json(200, QJsonDocument(QJsonObject{{QStringLiteral("data"), *list}}));
    }
    // GET /api/v1/commands/{id}
    bool ok = false;
    const qint64 id = path.sliced(qsizetype(sizeof("/api/v1/commands/") - 1)).toLongLong(&ok);
    if (!ok || id <= 0)
        return HttpResponse::error(400, QStringLiteral("'%1' is not a command id")
                                            .arg(QString::fromLatin1(path.sliced(sizeof("/api/v1/commands/") - 1))));
    const std::optional<QJsonObject> command = ApiReads::command(db, id, &error);
    if (!command)
        return HttpResponse::error(503, error);
    if (command->isEmpty())
        return HttpResponse::error(404, QStringLiteral("no command %1").arg(id));
    return HttpResponse::json(200, QJsonDocument(*command));
}

HttpResponse ApiServer::punches(const HttpRequest &request, bool csv)
{
    const Params params(request.query, {QStringLiteral("after"), QStringLiteral("limit"), QStringLiteral("terminal"),
                                        QStringLiteral("from"), QStringLiteral("to")});
    PunchPageRequest page;
    const QString bad = csv ? punchRequest(params, DEFAULT_CSV_LIMIT, MAX_CSV_LIMIT, &page)
                            : punchRequest(params, DEFAULT_LIMIT, MAX_LIMIT, &page);
    if (!bad.isEmpty())
        return HttpResponse::error(400, bad);
    const QSqlDatabase db = storage::Database::get(m_readName);
    QString error;
    if (!csv) {
        PunchPage result;
        if (!ApiReads::punches(db, page, &result, &error))
            return HttpResponse::error(503, error);
        return HttpResponse::json(200, QJsonDocument(QJsonObject{
                                           {QStringLiteral("data"), result.data},
                                           {QStringLiteral("next_cursor"), QString::number(result.nextCursor)},
                                           {QStringLiteral("has_more"), result.hasMore},
                                       }));
    }
    // The same rows as the JSON page, as a CSV v2 file (docs/csv-export.md), formula-like cells guarded.
    // Streamed: the rows are read and sent CSV_BATCH at a time while the client reads, so a page of
    // 100 000 rows never sits in memory. Where the page ends is read first (the header fields say it);
    // ids are handed out in commit order, so the batches up to that id are the page's rows.
    qint64 rows = 0;
    qint64 cursor = page.after;
    if (!ApiReads::pageEnd(db, page, &rows, &cursor, &error))
        return HttpResponse::error(503, error);
    const bool more = ApiReads::morePunches(db, page, cursor, &error);
    if (!error.isEmpty())
        return HttpResponse::error(503, error);
    HttpResponse r;
    r.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
    r.headers.append({QByteArrayLiteral("X-Next-Cursor"), QByteArray::number(cursor)});
    r.headers.append({QByteArrayLiteral("X-Has-More"), more ? QByteArrayLiteral("true") : QByteArrayLiteral("false")});
    struct Progress
    {
        qint64 after;
        qint64 left;
        bool headerSent = false;
    };
    auto at = std::make_shared<Progress>(Progress{page.after, rows});
    r.stream = [this, page, at]() -> std::optional<QByteArray> {
        if (!at->headerSent) {
            at->headerSent = true;
            return service::CsvExporter::headerLine(2);
        }
        if (at->left <= 0)
            return QByteArray();
        service::CsvExportFilter filter;
        filter.afterId = at->after;
        filter.limit = std::min<qint64>(CSV_BATCH, at->left);
        filter.terminalSn = page.terminalSn;
        filter.from = page.from;
        filter.to = page.to;
        service::CsvExportOptions options;
        options.format = 2;
        options.lastId = &at->after;
        QByteArray piece;
        QBuffer out(&piece);
        out.open(QIODevice::WriteOnly);
        QString why;
        const qint64 written =
            service::CsvExporter::exportPunches(storage::Database::get(m_readName), filter, options, &out, &why);
        out.close();
        if (written <= 0) {
            // A punch of the page gone (0 rows) or the store failing: the answer cannot be whole.
            qCWarning(lcApi).noquote() << "punches.csv cut short:" << (written < 0 ? why : QStringLiteral("rows gone"));
            return std::nullopt;
        }
        at->left -= written;
        return piece.sliced(service::CsvExporter::headerLine(2).size()); // each batch starts with the header
    };
    return r;
}

HttpResponse ApiServer::postCommand(const HttpRequest &request, const storage::ApiKeyInfo &key)
{
    const QByteArray type = request.header("content-type").toLower();
    if (!type.startsWith("application/json"))
        return HttpResponse::error(415, QStringLiteral("send the command as Content-Type: application/json"));
    QString error;
    if (!openWriter(&error))
        return HttpResponse::error(503, QStringLiteral("cannot open the database for writing: %1").arg(error));
    return ApiCommands::post(storage::Database::get(m_writeName), key, request.header("idempotency-key"), request.body);
}

} // namespace termdesk::api
