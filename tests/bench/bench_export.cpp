// SPDX-License-Identifier: GPL-3.0-or-later
// CSV export of a filled database: `termdesk export-csv` against `sqlite3 -csv` running the same query
// (same joins, same order) on the same file, in the same run.
//
//   bench_export --termdesk BIN --sqlite3 BIN --data DIR --work DIR --runs 3 --out FILE
#include "benchutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cstdio>

using namespace termdesk::bench;

namespace {

// The exporter's query (core/service/csvexporter.cpp) with the terminal columns joined in instead of
// looked up: what the CSV holds, unformatted. sqlite3 prints raw values (no ISO times, no mode names).
constexpr const char *SAME_QUERY =
    "SELECT t.sn, t.name, t.protocol, p.enroll_id, COALESCE(NULLIF(u.name, ''), p.name, ''), p.local_time,"
    " p.utc_offset_min, p.utc_ms, p.verify_mode, p.in_out, p.event, p.temperature, p.received_ms"
    " FROM punches p CROSS JOIN terminals t ON t.id = p.terminal_id LEFT JOIN users u ON u.enroll_id = p.enroll_id"
    " WHERE 1 = 1 ORDER BY p.utc_ms, t.sn, p.enroll_id, p.id;";

qint64 countLines(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    qint64 lines = 0;
    QByteArray buf(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = f.read(buf.data(), buf.size());
        if (n <= 0)
            break;
        lines += QByteArrayView(buf.constData(), n).count('\n');
    }
    return lines;
}

struct Best
{
    TimedRun run;
    QJsonArray all;
};

Best bestOf(int runs, const QStringList &argv, const QString &out)
{
    Best best;
    for (int i = 0; i < runs; ++i) {
        const QString load = loadAverage();
        const TimedRun r = runTimed(argv, out);
        best.all.append(QJsonObject{{QStringLiteral("seconds"), r.seconds},
                                    {QStringLiteral("cpu_seconds"), r.cpuSeconds},
                                    {QStringLiteral("max_rss_kb"), r.maxRssKb},
                                    {QStringLiteral("ok"), r.ok},
                                    {QStringLiteral("load"), load}});
        if (!r.ok)
            note(r.error);
        if (i == 0 || (r.ok && r.seconds < best.run.seconds))
            best.run = r;
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString sqlite3 = option(args, QStringLiteral("--sqlite3"), QStringLiteral("/usr/bin/sqlite3"));
    const QString data = option(args, QStringLiteral("--data"));
    const QString work = option(args, QStringLiteral("--work"));
    const int runs = option(args, QStringLiteral("--runs"), QStringLiteral("3")).toInt();
    const QString db = data + QStringLiteral("/termdesk.sqlite");
    QDir().mkpath(work);

    Sqlite check;
    if (!check.open(db, true)) {
        note(QStringLiteral("no database: ") + check.error());
        return 1;
    }
    const qint64 rows = check.scalar("SELECT count(*) FROM punches");
    const QString csv = work + QStringLiteral("/export-termdesk.csv");
    const QString raw = work + QStringLiteral("/export-sqlite3.csv");
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("export")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("query"), QString::fromLatin1(SAME_QUERY)},
                       {QStringLiteral("load_before"), loadAverage()}};
    note(QStringLiteral("export: %1 punches, best of %2 runs each").arg(rows).arg(runs));

    // Warm the page cache once so that neither side pays the first read from disk.
    runTimed({sqlite3, db, QStringLiteral("SELECT count(*), sum(length(local_time)) FROM punches;")}, {});

    const Best ours =
        bestOf(runs, {termdesk, QStringLiteral("export-csv"), csv, QStringLiteral("--data-dir"), data}, QString());
    const Best theirs = bestOf(runs,
                               {sqlite3, QStringLiteral("-csv"), QStringLiteral("-header"), QStringLiteral("-readonly"),
                                db, QString::fromLatin1(SAME_QUERY)},
                               raw);
    const qint64 oursBytes = QFileInfo(csv).size();
    const qint64 theirBytes = QFileInfo(raw).size();
    const qint64 oursLines = countLines(csv);
    const qint64 theirLines = countLines(raw);
    const double mb = 1024.0 * 1024.0;
    const bool ok = ours.run.ok && theirs.run.ok && oursLines == rows + 1 && theirLines == rows + 1;
    result.insert(QStringLiteral("ok"), ok);
    result.insert(QStringLiteral("termdesk"),
                  QJsonObject{{QStringLiteral("seconds"), ours.run.seconds},
                              {QStringLiteral("cpu_seconds"), ours.run.cpuSeconds},
                              {QStringLiteral("max_rss_kb"), ours.run.maxRssKb},
                              {QStringLiteral("bytes"), oursBytes},
                              {QStringLiteral("lines"), oursLines},
                              {QStringLiteral("mb_per_second"), oursBytes / mb / ours.run.seconds},
                              {QStringLiteral("rows_per_second"), rows / ours.run.seconds},
                              {QStringLiteral("runs"), ours.all}});
    result.insert(QStringLiteral("sqlite3"),
                  QJsonObject{{QStringLiteral("seconds"), theirs.run.seconds},
                              {QStringLiteral("cpu_seconds"), theirs.run.cpuSeconds},
                              {QStringLiteral("max_rss_kb"), theirs.run.maxRssKb},
                              {QStringLiteral("bytes"), theirBytes},
                              {QStringLiteral("lines"), theirLines},
                              {QStringLiteral("mb_per_second"), theirBytes / mb / theirs.run.seconds},
                              {QStringLiteral("rows_per_second"), rows / theirs.run.seconds},
                              {QStringLiteral("runs"), theirs.all}});
    // Speed relative to sqlite3: 1.0 = as fast, 0.8 = takes 25 % longer.
    result.insert(QStringLiteral("ratio"), ours.run.seconds > 0 ? theirs.run.seconds / ours.run.seconds : 0);
    result.insert(QStringLiteral("load_after"), loadAverage());
    note(QStringLiteral("  termdesk export-csv %1 s (%2 MB, %3 MB/s, max RSS %4 MB); sqlite3 -csv %5 s (%6 MB); "
                        "ratio %7")
             .arg(ours.run.seconds, 0, 'f', 2)
             .arg(oursBytes / mb, 0, 'f', 1)
             .arg(oursBytes / mb / ours.run.seconds, 0, 'f', 1)
             .arg(ours.run.maxRssKb / 1024.0, 0, 'f', 1)
             .arg(theirs.run.seconds, 0, 'f', 2)
             .arg(theirBytes / mb, 0, 'f', 1)
             .arg(theirs.run.seconds / ours.run.seconds, 0, 'f', 2));
    QFile::remove(raw);
    if (!args.contains(QStringLiteral("--keep")))
        QFile::remove(csv);
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    return ok ? 0 : 1;
}
