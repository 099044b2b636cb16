// SPDX-License-Identifier: GPL-3.0-or-later
// The REST API over a filled database: every punch read through `GET /api/v1/punches` (JSON pages, the
// cursor followed) and through `GET /api/v1/punches.csv` (CSV pages), against `termdesk export-csv
// --format v2 --after 0` of the same rows, in the same run. The server runs as users run it (headless,
// API on loopback); the client is Qt's QNetworkAccessManager on one keep-alive connection.
//
//   bench_api --termdesk BIN --data DIR --work DIR [--page 1000] [--csv-page 100000] --out FILE
#include "benchutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QUrlQuery>

#include <functional>

using namespace termdesk::bench;

namespace {

/// A read key made with the real CLI (`termdesk api-key create`), as an integrator would.
QByteArray createKey(const QString &termdesk, const QString &data, QString *error)
{
    QProcess p;
    p.start(termdesk, {QStringLiteral("api-key"), QStringLiteral("create"),
                       QStringLiteral("bench-api-%1").arg(QDateTime::currentMSecsSinceEpoch()),
                       QStringLiteral("--scope"), QStringLiteral("read"), QStringLiteral("--data-dir"), data});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *error = QStringLiteral("api-key create failed: ") + QString::fromUtf8(p.readAllStandardError()).trimmed();
        return {};
    }
    return p.readAllStandardOutput().trimmed();
}

/// One page of the API: the body and two headers, or ok=false.
struct Page
{
    bool ok = false;
    QByteArray body;
    QByteArray nextCursor;
    bool hasMore = false;
    QString error;
};

Page get(QNetworkAccessManager &net, const QUrl &url, const QByteArray &key)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + key);
    QNetworkReply *reply = net.get(request);
    waitUntil([reply] { return reply->isFinished(); }, 120000, 1);
    Page page;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    page.body = reply->readAll();
    page.ok = reply->isFinished() && reply->error() == QNetworkReply::NoError && status == 200;
    if (!page.ok)
        page.error = QStringLiteral("%1: HTTP %2 %3").arg(url.toString()).arg(status).arg(reply->errorString());
    page.nextCursor = reply->rawHeader("X-Next-Cursor");
    page.hasMore = reply->rawHeader("X-Has-More") == "true";
    reply->deleteLater();
    return page;
}

QUrl pageUrl(quint16 port, const char *path, const QByteArray &after, int limit)
{
    QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QLatin1String(path)));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::fromLatin1(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    url.setQuery(query);
    return url;
}

/// What one way of reading every punch cost.
struct Reading
{
    bool ok = false;
    qint64 rows = 0;
    qint64 requests = 0;
    qint64 bytes = 0;
    double seconds = 0;
    double serverCpuSeconds = 0;
    QString error;

    QJsonObject json(const char *how) const
    {
        return {{QStringLiteral("how"), QLatin1String(how)},
                {QStringLiteral("ok"), ok},
                {QStringLiteral("rows"), rows},
                {QStringLiteral("requests"), requests},
                {QStringLiteral("bytes"), bytes},
                {QStringLiteral("seconds"), seconds},
                {QStringLiteral("rows_per_second"), seconds > 0 ? rows / seconds : 0},
                {QStringLiteral("server_cpu_seconds"), serverCpuSeconds}};
    }
};

/// What one page gave: its rows, the cursor after it, whether more follow.
struct PageRead
{
    qint64 rows = 0;
    QByteArray cursor;
    bool more = false;
};

/// Follows the cursor of @p path from 0 until no more follow; @p read takes each page apart.
Reading readAll(QNetworkAccessManager &net, const ServerProcess &server, const QByteArray &key, const char *path,
                int limit, const std::function<PageRead(const Page &)> &read)
{
    Reading r;
    const double cpu0 = procCpuSeconds(server.pid());
    QElapsedTimer clock;
    clock.start();
    QByteArray cursor = "0";
    for (bool more = true; more;) {
        const Page page = get(net, pageUrl(server.apiPort(), path, cursor, limit), key);
        const PageRead got = page.ok ? read(page) : PageRead{};
        if (!page.ok || got.cursor.isEmpty()) {
            r.error = page.ok ? QStringLiteral("%1: no cursor in the answer").arg(QLatin1String(path)) : page.error;
            return r;
        }
        r.rows += got.rows;
        r.bytes += page.body.size();
        ++r.requests;
        cursor = got.cursor;
        more = got.more;
    }
    r.seconds = clock.nsecsElapsed() / 1e9;
    r.serverCpuSeconds = procCpuSeconds(server.pid()) - cpu0;
    r.ok = true;
    return r;
}

/// A JSON page: {"data": [...], "next_cursor": "N", "has_more": bool}.
PageRead jsonPage(const Page &page)
{
    const QJsonObject object = QJsonDocument::fromJson(page.body).object();
    return {object.value(QStringLiteral("data")).toArray().size(),
            object.value(QStringLiteral("next_cursor")).toString().toLatin1(),
            object.value(QStringLiteral("has_more")).toBool()};
}

/// A CSV page: a header line and a line per row; the cursor in X-Next-Cursor and X-Has-More.
PageRead csvPage(const Page &page)
{
    return {page.body.count('\n') - 1, page.nextCursor, page.hasMore};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString data = option(args, QStringLiteral("--data"));
    const QString work = option(args, QStringLiteral("--work"));
    const int page = option(args, QStringLiteral("--page"), QStringLiteral("1000")).toInt();
    const int csvPageSize = option(args, QStringLiteral("--csv-page"), QStringLiteral("100000")).toInt();
    QDir().mkpath(work);

    Sqlite check;
    if (!check.open(data + QStringLiteral("/termdesk.sqlite"), true)) {
        note(QStringLiteral("no database: ") + check.error());
        return 1;
    }
    const qint64 rows = check.scalar("SELECT count(*) FROM punches");
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("api")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("page"), page},
                       {QStringLiteral("csv_page"), csvPageSize},
                       {QStringLiteral("load_before"), loadAverage()}};
    note(QStringLiteral("api: %1 punches through GET /api/v1/punches (limit %2) and punches.csv (limit %3)")
             .arg(rows)
             .arg(page)
             .arg(csvPageSize));

    QString error;
    const QByteArray key = createKey(termdesk, data, &error);
    if (key.isEmpty()) {
        note(error);
        return 1;
    }
    // The same export first, with no server running: the figure the API is compared with.
    const QString csv = work + QStringLiteral("/export-api-compare.csv");
    const TimedRun exported =
        runTimed({termdesk, QStringLiteral("export-csv"), csv, QStringLiteral("--format"), QStringLiteral("v2"),
                  QStringLiteral("--after"), QStringLiteral("0"), QStringLiteral("--data-dir"), data},
                 QString());
    const qint64 exportedBytes = QFileInfo(csv).size();
    QFile::remove(csv);

    ServerProcess server;
    if (!server.start(termdesk, data, {{QStringLiteral("api/port"), 0}}, QStringLiteral("127.0.0.1"), &error) ||
        server.apiPort() == 0) {
        note(error.isEmpty() ? QStringLiteral("the server's ready line has no api= port") : error);
        return 1;
    }
    QNetworkAccessManager net;
    const Reading json = readAll(net, server, key, "/api/v1/punches", page, jsonPage);
    const Reading csvPages = readAll(net, server, key, "/api/v1/punches.csv", csvPageSize, csvPage);
    server.stop();
    for (const Reading *r : {&json, &csvPages}) {
        if (!r->error.isEmpty())
            note(r->error);
    }

    const bool ok = exported.ok && json.ok && csvPages.ok && json.rows == rows && csvPages.rows == rows;
    result.insert(QStringLiteral("ok"), ok);
    result.insert(QStringLiteral("json"), json.json("GET /api/v1/punches"));
    result.insert(QStringLiteral("csv"), csvPages.json("GET /api/v1/punches.csv"));
    result.insert(QStringLiteral("export_csv"),
                  QJsonObject{{QStringLiteral("ok"), exported.ok},
                              {QStringLiteral("seconds"), exported.seconds},
                              {QStringLiteral("cpu_seconds"), exported.cpuSeconds},
                              {QStringLiteral("bytes"), exportedBytes},
                              {QStringLiteral("rows_per_second"), exported.seconds > 0 ? rows / exported.seconds : 0}});
    result.insert(QStringLiteral("load_after"), loadAverage());
    note(QStringLiteral("  JSON: %1 rows in %2 s (%3 requests, %4 rows/s, server CPU %5 s); CSV pages: %6 rows in "
                        "%7 s (%8 requests); export-csv v2: %9 s")
             .arg(json.rows)
             .arg(json.seconds, 0, 'f', 2)
             .arg(json.requests)
             .arg(json.seconds > 0 ? json.rows / json.seconds : 0, 0, 'f', 0)
             .arg(json.serverCpuSeconds, 0, 'f', 2)
             .arg(csvPages.rows)
             .arg(csvPages.seconds, 0, 'f', 2)
             .arg(csvPages.requests)
             .arg(exported.seconds, 0, 'f', 2));
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    return ok ? 0 : 1;
}
