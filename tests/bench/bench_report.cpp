// SPDX-License-Identifier: GPL-3.0-or-later
// Collects the JSON fragments of one run (tests/bench/run.sh) into one file and prints one table
// (Markdown, so that it can be pasted into docs/performance.md as it is).
//
//   bench_report --dir RESULTS_DIR --meta META.json --out build-bench/bench-results.json
#include "benchutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

using namespace termdesk::bench;

namespace {

QJsonObject readJson(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString num(double v, int decimals = 0)
{
    if (v < 0)
        return QStringLiteral("—");
    // Thin groups for readability: 212 345 (not locale dependent).
    QString s = QString::number(v, 'f', decimals);
    const qsizetype dot = s.indexOf(u'.');
    qsizetype end = dot < 0 ? s.size() : dot;
    for (qsizetype i = end - 3; i > 0; i -= 3)
        s.insert(i, u' ');
    return s;
}

QString pct(double ratio)
{
    return ratio > 0 ? QString::number(ratio * 100, 'f', 0) + QStringLiteral(" %") : QStringLiteral("—");
}

QString load(const QJsonObject &o, const char *before = "load_before", const char *after = "load_after")
{
    const QString b = o.value(QLatin1String(before)).toString().section(u' ', 0, 0);
    const QString a = o.value(QLatin1String(after)).toString().section(u' ', 0, 0);
    if (b.isEmpty())
        return QStringLiteral("—");
    return a.isEmpty() ? b : b + QStringLiteral(" → ") + a;
}

struct Row
{
    QString area, figure, value, reference, ratio, target, met, load;
};

QJsonObject rowJson(const Row &r)
{
    return QJsonObject{{QStringLiteral("area"), r.area},   {QStringLiteral("figure"), r.figure},
                       {QStringLiteral("value"), r.value}, {QStringLiteral("reference"), r.reference},
                       {QStringLiteral("ratio"), r.ratio}, {QStringLiteral("target"), r.target},
                       {QStringLiteral("met"), r.met},     {QStringLiteral("load"), r.load}};
}

QString verdict(bool measured, bool met)
{
    if (!measured)
        return QStringLiteral("—");
    return met ? QStringLiteral("yes") : QStringLiteral("**no**");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QDir dir(option(args, QStringLiteral("--dir")));
    const QJsonObject meta = readJson(option(args, QStringLiteral("--meta")));
    QJsonObject all;
    QList<Row> rows;

    // 1. Connections (WebSocket, then TCP)
    const auto connectionRows = [&](const QString &file, const QString &area, const QString &key) {
        const QJsonObject conn = readJson(dir.filePath(file));
        all.insert(key, conn);
        if (conn.isEmpty()) {
            rows.append({area, QStringLiteral("terminals connected at once"), QStringLiteral("not run"), QString(),
                         QString(), QStringLiteral("10 000"), QStringLiteral("—"), QString()});
            return;
        }
        const int maxOk = conn.value(QStringLiteral("max_ok")).toInt();
        for (const QJsonValue &v : conn.value(QStringLiteral("runs")).toArray()) {
            const QJsonObject r = v.toObject();
            const int n = r.value(QStringLiteral("terminals")).toInt();
            const bool ok = r.value(QStringLiteral("ok")).toBool();
            rows.append(
                {area, QStringLiteral("%1 terminals: time to all registered").arg(num(n)),
                 ok ? num(r.value(QStringLiteral("seconds_to_all_registered")).toDouble(), 2) +
                          QStringLiteral(" s (%1/s; server CPU %2 s)")
                              .arg(num(r.value(QStringLiteral("registrations_per_second")).toDouble()),
                                   num(r.value(QStringLiteral("server_cpu_seconds")).toDouble(), 1))
                    : QStringLiteral("FAILED: %1 registered").arg(r.value(QStringLiteral("registered")).toInt()),
                 QString(), QString(), n == 10'000 ? QStringLiteral("10 000 at once") : QString(),
                 n == 10'000 ? verdict(true, ok) : QString(), load(r)});
            rows.append({area, QStringLiteral("%1 terminals: server RSS per connection").arg(num(n)),
                         num(r.value(QStringLiteral("server_kb_per_connection")).toDouble(), 1) +
                             QStringLiteral(" KB (RSS %1 → %2 MB)")
                                 .arg(num(r.value(QStringLiteral("server_rss_before_kb")).toDouble() / 1024, 0),
                                      num(r.value(QStringLiteral("server_rss_after_kb")).toDouble() / 1024, 0)),
                         key == QLatin1String("connections") ? QStringLiteral("design note: 19–20 KB") : QString(),
                         QString(), QString(), QString(), load(r)});
        }
        const QString stoppedBy = conn.value(QStringLiteral("stopped_by")).toString();
        rows.append({area,
                     QStringLiteral("largest N that worked (all registered within %1 s)")
                         .arg(conn.value(QStringLiteral("timeout_seconds")).toInt()),
                     num(maxOk) + (stoppedBy.isEmpty() ? QString() : QStringLiteral(" (next: %1)").arg(stoppedBy)),
                     QString(), QString(), QStringLiteral("≥ 10 000"), verdict(true, maxOk >= 10'000), QString()});
    };
    connectionRows(QStringLiteral("connections.json"), QStringLiteral("1 WS connections"),
                   QStringLiteral("connections"));
    connectionRows(QStringLiteral("tcp-connections.json"), QStringLiteral("1 TCP connections"),
                   QStringLiteral("tcp_connections"));

    // 2. Ingestion (WebSocket, then TCP)
    const auto ingestRows = [&](const QString &pattern, const QString &area, const QString &key) {
        QJsonArray ingest;
        const QStringList ingestFiles = dir.entryList({pattern}, QDir::Files, QDir::Name);
        QList<QJsonObject> ingestRuns;
        for (const QString &f : ingestFiles)
            ingestRuns.append(readJson(dir.filePath(f)));
        std::sort(ingestRuns.begin(), ingestRuns.end(), [](const QJsonObject &a, const QJsonObject &b) {
            const int na = a.value(QStringLiteral("terminals")).toInt(),
                      nb = b.value(QStringLiteral("terminals")).toInt();
            if (na != nb)
                return na < nb;
            const QString sa = a.value(QStringLiteral("synchronous")).toString(),
                          sb = b.value(QStringLiteral("synchronous")).toString();
            if (sa != sb)
                return sa < sb;
            return a.value(QStringLiteral("stored_before")).toDouble() <
                   b.value(QStringLiteral("stored_before")).toDouble();
        });
        // The ratio of the same run on an empty database: what a run on a full one is compared with.
        const auto emptyRatio = [&](int n, const QString &sync) {
            for (const QJsonObject &r : std::as_const(ingestRuns))
                if (r.value(QStringLiteral("terminals")).toInt() == n &&
                    r.value(QStringLiteral("synchronous")).toString() == sync &&
                    r.value(QStringLiteral("stored_before")).toDouble() == 0)
                    return r.value(QStringLiteral("ratio")).toDouble();
            return 0.0;
        };
        for (const QJsonObject &r : std::as_const(ingestRuns)) {
            ingest.append(r);
            const int n = r.value(QStringLiteral("terminals")).toInt();
            const QString sync = r.value(QStringLiteral("synchronous")).toString();
            const double rate = r.value(QStringLiteral("rate")).toDouble();
            const double ratio = r.value(QStringLiteral("ratio")).toDouble();
            const bool ok = r.value(QStringLiteral("ok")).toBool();
            const QJsonObject limit = r.value(QStringLiteral("limit")).toObject();
            QString target = QStringLiteral("ratio ≥ 50 %");
            bool met = ok && ratio >= 0.5;
            const double storedBefore = r.value(QStringLiteral("stored_before")).toDouble();
            if (storedBefore > 0) {
                // A full database: the ratio to its own limit (measured into a copy of that database) should
                // stay as close as the empty database's ratio to its limit.
                const double base = emptyRatio(n, sync);
                target = QStringLiteral("ratio ≥ 90 % of the empty store's (%1)").arg(pct(base));
                met = ok && base > 0 && ratio >= 0.9 * base;
            } else if (n == 50) {
                target = QStringLiteral("≥ 200 000/s and ratio ≥ 50 %");
                met = met && rate >= 200'000;
            }
            rows.append(
                {area,
                 QStringLiteral("%1 terminal%2, batch %3, %4, %5 punches%6: stored+acked/s")
                     .arg(num(n), n == 1 ? QString() : QStringLiteral("s"))
                     .arg(r.value(QStringLiteral("batch")).toInt())
                     .arg(sync, num(r.value(QStringLiteral("punches")).toDouble()),
                          storedBefore > 0 ? QStringLiteral(" onto %1 already stored").arg(num(storedBefore))
                                           : QString()),
                 ok ? num(rate) + QStringLiteral(" (10–90 %: %1; server CPU %2 µs/punch)")
                                      .arg(num(r.value(QStringLiteral("sustained_rate")).toDouble()),
                                           num(1e6 * r.value(QStringLiteral("server_cpu_seconds")).toDouble() /
                                                   r.value(QStringLiteral("punches")).toDouble(),
                                               1))
                    : QStringLiteral("FAILED"),
                 QStringLiteral("C API %1/tx: %2/s (%3/tx: %4/s)")
                     .arg(limit.value(QStringLiteral("rows_per_transaction")).toInt())
                     .arg(num(limit.value(QStringLiteral("rate")).toDouble()))
                     .arg(num(r.value(QStringLiteral("limit_group_commit"))
                                  .toObject()
                                  .value(QStringLiteral("rows_per_transaction"))
                                  .toDouble()))
                     .arg(num(r.value(QStringLiteral("limit_group_commit"))
                                  .toObject()
                                  .value(QStringLiteral("rate"))
                                  .toDouble())),
                 pct(ratio), target, verdict(true, met),
                 load(r) + QStringLiteral("; fsync %1 / %2 ms")
                               .arg(num(r.value(QStringLiteral("fsync_ms_median")).toDouble(), 1),
                                    num(r.value(QStringLiteral("fsync_ms_median_before_limit")).toDouble(), 1))});
        }
        all.insert(key, ingest);
        if (ingestRuns.isEmpty())
            rows.append({area, QStringLiteral("stored+acked/s"), QStringLiteral("not run"), QString(), QString(),
                         QStringLiteral("ratio ≥ 50 %"), QStringLiteral("—"), QString()});
    };
    ingestRows(QStringLiteral("ingest-*.json"), QStringLiteral("2 Ingestion (WS)"), QStringLiteral("ingest"));
    ingestRows(QStringLiteral("tcp-ingest-*.json"), QStringLiteral("2 Ingestion (TCP)"), QStringLiteral("tcp_ingest"));

    // 2b. PostgreSQL (run.sh --only pg): the servers' rates against the libpq COPY limit of the same run
    const QJsonObject pg = readJson(dir.filePath(QStringLiteral("pg.json")));
    all.insert(QStringLiteral("pg"), pg);
    if (!pg.isEmpty()) {
        const QJsonObject limit = pg.value(QStringLiteral("limit")).toObject();
        const QJsonObject grouped = pg.value(QStringLiteral("limit_group_commit")).toObject();
        const QString reference = QStringLiteral("COPY %1/tx: %2/s (%3/tx: %4/s)")
                                      .arg(limit.value(QStringLiteral("rows_per_transaction")).toInt())
                                      .arg(num(limit.value(QStringLiteral("rate")).toDouble()))
                                      .arg(grouped.value(QStringLiteral("rows_per_transaction")).toInt())
                                      .arg(num(grouped.value(QStringLiteral("rate")).toDouble()));
        const auto pgRow = [&](const char *key, const char *ratioKey, const QString &what, bool target) {
            const QJsonObject r = pg.value(QLatin1String(key)).toObject();
            const bool ok = r.value(QStringLiteral("ok")).toBool();
            const double ratio = pg.value(QLatin1String(ratioKey)).toDouble();
            rows.append({QStringLiteral("2 Ingestion (PostgreSQL)"),
                         QStringLiteral("%1 terminals, batch %2, %3 punches, %4: stored+acked/s")
                             .arg(pg.value(QStringLiteral("terminals")).toInt())
                             .arg(pg.value(QStringLiteral("batch")).toInt())
                             .arg(num(pg.value(QStringLiteral("punches")).toDouble()), what),
                         ok ? num(r.value(QStringLiteral("rate")).toDouble()) +
                                  QStringLiteral(" (servers' CPU %1 µs/punch)")
                                      .arg(num(1e6 * r.value(QStringLiteral("server_cpu_seconds")).toDouble() /
                                                   pg.value(QStringLiteral("punches")).toDouble(),
                                               1))
                            : QStringLiteral("FAILED"),
                         reference, pct(ratio), target ? QStringLiteral("ratio ≥ 50 %") : QString(),
                         target ? verdict(true, ok && ratio >= 0.5) : QString(),
                         load(r) + QStringLiteral("; fsync %1 ms")
                                       .arg(num(pg.value(QStringLiteral("fsync_ms_median")).toDouble(), 1))});
        };
        pgRow("one_server", "ratio", QStringLiteral("one server, libpq"), true);
        pgRow("one_server_qpsql", "ratio_qpsql", QStringLiteral("one server, QPSQL"), false);
        pgRow("two_servers", "ratio_two_servers", QStringLiteral("two servers sharing the database, libpq"), true);
    }

    // 3. Reconnect storm
    const QJsonObject storm = readJson(dir.filePath(QStringLiteral("storm.json")));
    all.insert(QStringLiteral("storm"), storm);
    if (!storm.isEmpty()) {
        const bool ok = storm.value(QStringLiteral("ok")).toBool();
        rows.append({QStringLiteral("3 Reconnect storm"),
                     QStringLiteral("%1 terminals × %2 held punches, %3: all stored+acked")
                         .arg(num(storm.value(QStringLiteral("terminals")).toDouble()),
                              num(storm.value(QStringLiteral("per_terminal")).toDouble()),
                              storm.value(QStringLiteral("synchronous")).toString()),
                     QStringLiteral("%1 s (%2/s; all registered after %3 s; server CPU %4 µs/punch)")
                         .arg(num(storm.value(QStringLiteral("seconds")).toDouble(), 2),
                              num(storm.value(QStringLiteral("rate")).toDouble()),
                              num(storm.value(QStringLiteral("seconds_to_all_registered")).toDouble(), 2),
                              num(1e6 * storm.value(QStringLiteral("server_cpu_seconds")).toDouble() /
                                      storm.value(QStringLiteral("punches")).toDouble(),
                                  1)),
                     QString(), QString(), QString(), QString(), load(storm)});
        rows.append({QStringLiteral("3 Reconnect storm"), QStringLiteral("nothing lost, nothing doubled"),
                     QStringLiteral("rows %1, acked %2, acked-not-stored %3, stored-not-acked %4, resent %5")
                         .arg(num(storm.value(QStringLiteral("rows")).toDouble()),
                              num(storm.value(QStringLiteral("acknowledged_distinct")).toDouble()),
                              num(storm.value(QStringLiteral("acknowledged_not_stored")).toDouble()),
                              num(storm.value(QStringLiteral("stored_not_acknowledged")).toDouble()),
                              num(storm.value(QStringLiteral("resent")).toDouble())),
                     QString(), QString(), QStringLiteral("exact"), verdict(true, ok), QString()});
    }

    // 4. Export
    const QJsonObject exp = readJson(dir.filePath(QStringLiteral("export.json")));
    all.insert(QStringLiteral("export"), exp);
    if (!exp.isEmpty()) {
        const QJsonObject ours = exp.value(QStringLiteral("termdesk")).toObject();
        const QJsonObject theirs = exp.value(QStringLiteral("sqlite3")).toObject();
        const double ratio = exp.value(QStringLiteral("ratio")).toDouble();
        rows.append(
            {QStringLiteral("4 CSV export"),
             QStringLiteral("%1 punches: termdesk export-csv").arg(num(exp.value(QStringLiteral("rows")).toDouble())),
             QStringLiteral("%1 s, %2 MB/s (%3 MB, max RSS %4 MB)")
                 .arg(num(ours.value(QStringLiteral("seconds")).toDouble(), 2),
                      num(ours.value(QStringLiteral("mb_per_second")).toDouble(), 1),
                      num(ours.value(QStringLiteral("bytes")).toDouble() / 1048576.0, 1),
                      num(ours.value(QStringLiteral("max_rss_kb")).toDouble() / 1024.0, 0)),
             QStringLiteral("sqlite3 -csv: %1 s (%2 MB)")
                 .arg(num(theirs.value(QStringLiteral("seconds")).toDouble(), 2),
                      num(theirs.value(QStringLiteral("bytes")).toDouble() / 1048576.0, 1)),
             pct(ratio), QStringLiteral("ratio ≥ 80 %"),
             verdict(true, exp.value(QStringLiteral("ok")).toBool() && ratio >= 0.8), load(exp)});
    }

    // 4b. The REST API reading the same punches (bench_api)
    const QJsonObject api = readJson(dir.filePath(QStringLiteral("api.json")));
    all.insert(QStringLiteral("api"), api);
    if (!api.isEmpty()) {
        const QJsonObject json = api.value(QStringLiteral("json")).toObject();
        const QJsonObject csv = api.value(QStringLiteral("csv")).toObject();
        const QJsonObject exported = api.value(QStringLiteral("export_csv")).toObject();
        const double seconds = json.value(QStringLiteral("seconds")).toDouble();
        const double exportSeconds = exported.value(QStringLiteral("seconds")).toDouble();
        rows.append({QStringLiteral("4b REST API"),
                     QStringLiteral("%1 punches: GET /api/v1/punches, %2 per page")
                         .arg(num(api.value(QStringLiteral("rows")).toDouble()),
                              num(api.value(QStringLiteral("page")).toDouble())),
                     QStringLiteral("%1 s, %2 rows/s (%3 requests, server CPU %4 s); punches.csv pages: %5 s")
                         .arg(num(seconds, 2), num(json.value(QStringLiteral("rows_per_second")).toDouble()),
                              num(json.value(QStringLiteral("requests")).toDouble()),
                              num(json.value(QStringLiteral("server_cpu_seconds")).toDouble(), 2),
                              num(csv.value(QStringLiteral("seconds")).toDouble(), 2)),
                     QStringLiteral("export-csv v2: %1 s").arg(num(exportSeconds, 2)),
                     pct(seconds > 0 ? exportSeconds / seconds : 0), QStringLiteral("all rows, once"),
                     verdict(true, api.value(QStringLiteral("ok")).toBool()), load(api)});
    }

    // 4c. Webhooks to a local receiver (bench_webhook)
    const QJsonObject hooks = readJson(dir.filePath(QStringLiteral("webhook.json")));
    all.insert(QStringLiteral("webhook"), hooks);
    if (!hooks.isEmpty()) {
        const QJsonObject single = hooks.value(QStringLiteral("single")).toObject();
        const QJsonObject batched = hooks.value(QStringLiteral("batched")).toObject();
        const QJsonObject live = hooks.value(QStringLiteral("latency")).toObject();
        rows.append({QStringLiteral("4c Webhooks"),
                     QStringLiteral("backlogs of %1 (one punch per request) and %2 (--batch 100); then %3 punches/s")
                         .arg(num(single.value(QStringLiteral("punches")).toDouble()),
                              num(batched.value(QStringLiteral("punches")).toDouble()),
                              num(live.value(QStringLiteral("rate")).toDouble())),
                     QStringLiteral("%1 punches/s single, %2 punches/s batched (%3 requests/s); latency p50 %4 ms, "
                                    "p99 %5 ms")
                         .arg(num(single.value(QStringLiteral("punches_per_second")).toDouble()),
                              num(batched.value(QStringLiteral("punches_per_second")).toDouble()),
                              num(batched.value(QStringLiteral("requests_per_second")).toDouble()),
                              num(live.value(QStringLiteral("p50_ms")).toDouble()),
                              num(live.value(QStringLiteral("p99_ms")).toDouble())),
                     QStringLiteral("—"), QString(), QStringLiteral("every punch, once"),
                     verdict(true, hooks.value(QStringLiteral("ok")).toBool()), load(hooks)});
    }

    // 4d. Failover of two servers on one PostgreSQL behind HAProxy (bench_failover)
    const QJsonObject failover = readJson(dir.filePath(QStringLiteral("failover.json")));
    all.insert(QStringLiteral("failover"), failover);
    if (!failover.isEmpty()) {
        rows.append({QStringLiteral("4d PostgreSQL failover"),
                     QStringLiteral("2 servers behind HAProxy, %1 + %1 terminals at %2 punches/s, one SIGKILLed")
                         .arg(num(failover.value(QStringLiteral("terminals_per_protocol")).toDouble()),
                              num(failover.value(QStringLiteral("rate")).toDouble())),
                     QStringLiteral("every terminal storing again %1 ms after the kill; %2 acked, %3 stored")
                         .arg(num(failover.value(QStringLiteral("failover_ms")).toDouble()),
                              num(failover.value(QStringLiteral("acknowledged")).toDouble()),
                              num(failover.value(QStringLiteral("rows")).toDouble())),
                     QStringLiteral("—"), QString(), QStringLiteral("every acked punch stored once"),
                     verdict(true, failover.value(QStringLiteral("ok")).toBool()), load(failover)});
    }

    // 5. GUI (bench_guistall)
    const QJsonObject gui = readJson(dir.filePath(QStringLiteral("gui.json")));
    all.insert(QStringLiteral("gui"), gui);
    if (!gui.isEmpty()) {
        const QJsonObject flood = gui.value(QStringLiteral("flood")).toObject();
        const QJsonObject stall = gui.value(QStringLiteral("flood_stall")).toObject();
        const QJsonObject idle = gui.value(QStringLiteral("idle")).toObject();
        const QJsonObject open = gui.value(QStringLiteral("open")).toObject();
        const double p99 = stall.value(QStringLiteral("p99_ms")).toDouble();
        const double worst = stall.value(QStringLiteral("max_ms")).toDouble();
        const QString stallText = QStringLiteral(
            "p99 %1 ms, p99.9 %2 ms, max %3 ms, median %4 ms (%5 ticks; GUI-thread CPU in a gap ≤ %6 ms)");
        rows.append({QStringLiteral("5 GUI"),
                     QStringLiteral("event-loop stall, %1 terminals at %2/s target (stored and shown: %3/s)")
                         .arg(num(gui.value(QStringLiteral("terminals")).toDouble()),
                              num(gui.value(QStringLiteral("target_rate")).toDouble()),
                              num(flood.value(QStringLiteral("steady_rate")).toDouble())),
                     stallText.arg(num(p99, 1), num(stall.value(QStringLiteral("p999_ms")).toDouble(), 1),
                                   num(worst, 1), num(stall.value(QStringLiteral("p50_ms")).toDouble(), 2),
                                   num(stall.value(QStringLiteral("samples")).toDouble()),
                                   num(stall.value(QStringLiteral("cpu_in_gap_max_ms")).toDouble(), 1)),
                     QStringLiteral("idle: ") +
                         stallText.arg(num(idle.value(QStringLiteral("p99_ms")).toDouble(), 1),
                                       num(idle.value(QStringLiteral("p999_ms")).toDouble(), 1),
                                       num(idle.value(QStringLiteral("max_ms")).toDouble(), 1),
                                       num(idle.value(QStringLiteral("p50_ms")).toDouble(), 2),
                                       num(idle.value(QStringLiteral("samples")).toDouble()),
                                       num(idle.value(QStringLiteral("cpu_in_gap_max_ms")).toDouble(), 1)),
                     QString(), QStringLiteral("p99 ≤ 50 ms, max ≤ 100 ms"),
                     verdict(true, gui.value(QStringLiteral("ok")).toBool() && p99 <= 50 && worst <= 100),
                     load(flood)});
        rows.append({QStringLiteral("5 GUI"),
                     QStringLiteral("open the Punches view on %1 stored punches")
                         .arg(num(gui.value(QStringLiteral("history_rows")).toDouble())),
                     QStringLiteral("%1 ms (window %2 ms + until the first %3 rows painted %4 ms; engine start %5 ms)")
                         .arg(num(open.value(QStringLiteral("open_total_ms")).toDouble()),
                              num(open.value(QStringLiteral("window_construct_ms")).toDouble()),
                              num(open.value(QStringLiteral("first_page_rows")).toDouble()),
                              num(open.value(QStringLiteral("show_until_punches_painted_ms")).toDouble()),
                              num(open.value(QStringLiteral("engine_start_ms")).toDouble())),
                     QStringLiteral("switch to it %1 ms; reload %2 ms; fetchMore %3 ms")
                         .arg(num(open.value(QStringLiteral("switch_to_punches_ms")).toDouble(), 1),
                              num(open.value(QStringLiteral("reload_newest_page_ms")).toDouble(), 1),
                              num(open.value(QStringLiteral("fetch_more_median_ms")).toDouble(), 1)),
                     QString(), QString(), QString(), load(open)});
    }

    // 6. Codecs
    const QJsonObject codec = readJson(dir.filePath(QStringLiteral("codec.json")));
    all.insert(QStringLiteral("codec"), codec);
    for (const QJsonValue &v : codec.value(QStringLiteral("json")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString path = c.value(QStringLiteral("path")).toString();
        if (path != QLatin1String("decode") && path != QLatin1String("general") && path != QLatin1String("encodeAck"))
            continue;
        QString value = num(c.value(QStringLiteral("messages_per_second")).toDouble()) + QStringLiteral(" msg/s");
        if (c.value(QStringLiteral("records_per_second")).toDouble() > 0)
            value +=
                QStringLiteral(" = %1 records/s").arg(num(c.value(QStringLiteral("records_per_second")).toDouble()));
        rows.append({QStringLiteral("6 Codecs (1 core)"), c.value(QStringLiteral("case")).toString(), value, QString(),
                     QString(), QString(), QString(), load(codec)});
    }
    const QJsonArray tcp = codec.value(QStringLiteral("tcp")).toArray();
    for (const QJsonValue &v : tcp) {
        const QJsonObject c = v.toObject();
        rows.append({QStringLiteral("6 Codecs (1 core)"), c.value(QStringLiteral("case")).toString(),
                     QStringLiteral("%1 frames/s, %2 MB/s")
                         .arg(num(c.value(QStringLiteral("messages_per_second")).toDouble()),
                              num(c.value(QStringLiteral("mb_per_second")).toDouble(), 0)),
                     QString(), QString(), QString(), QString(), load(codec)});
    }
    if (tcp.isEmpty() && !codec.isEmpty())
        rows.append({QStringLiteral("6 Codecs (1 core)"), QStringLiteral("TCP FrameDecoder"),
                     codec.value(QStringLiteral("tcp_status")).toString(), QString(), QString(), QString(),
                     QStringLiteral("—"), QString()});

    // Print
    std::printf("\nTermDesk benchmarks, %s, %s\n", qPrintable(meta.value(QStringLiteral("date")).toString()),
                qPrintable(meta.value(QStringLiteral("machine")).toString()));
    if (meta.value(QStringLiteral("quick")).toBool())
        std::printf("QUICK RUN: reduced sizes, the figures are not the reference ones\n");
    std::printf("load (1/5/15 min) at start %s, at end %s; git %s\n\n",
                qPrintable(meta.value(QStringLiteral("load_start")).toString()),
                qPrintable(meta.value(QStringLiteral("load_end")).toString()),
                qPrintable(meta.value(QStringLiteral("git")).toString()));
    std::printf("| Area | Figure | Value | Limit / reference | Ratio | Target | Met | Load 1 min |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    QJsonArray table;
    for (const Row &r : std::as_const(rows)) {
        std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", qPrintable(r.area), qPrintable(r.figure),
                    qPrintable(r.value), qPrintable(r.reference), qPrintable(r.ratio), qPrintable(r.target),
                    qPrintable(r.met), qPrintable(r.load));
        table.append(rowJson(r));
    }
    std::fflush(stdout);

    QJsonObject out = meta;
    out.insert(QStringLiteral("results"), all);
    out.insert(QStringLiteral("table"), table);
    QFile f(option(args, QStringLiteral("--out")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;
    f.write(QJsonDocument(out).toJson(QJsonDocument::Indented));
    return 0;
}
