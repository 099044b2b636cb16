// SPDX-License-Identifier: GPL-3.0-or-later
#include "prefill.h"

#include "benchutil.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <sqlite3.h>

#include <cstdio>
#include <random>

namespace termdesk::bench {
namespace {

constexpr qint64 ROWS_PER_TRANSACTION = 100'000;

/// "yyyy-MM-dd HH:mm:ss" of local epoch seconds (what the server stores in local_time).
QByteArray localText(qint64 localSeconds)
{
    const QDateTime t = QDateTime::fromSecsSinceEpoch(localSeconds, Qt::UTC);
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toLatin1();
}

bool insertTerminals(Sqlite &db, int terminals, qint64 nowMs, QList<qint64> &ids)
{
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db.handle(),
                           "INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                           " VALUES (?, 'ws', 'approved', ?, ?)",
                           -1, &st, nullptr) != SQLITE_OK)
        return false;
    bool ok = true;
    for (int i = 1; ok && i <= terminals; ++i) {
        char sn[16];
        std::snprintf(sn, sizeof sn, "HIST%04d", i);
        sqlite3_bind_text(st, 1, sn, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, nowMs);
        sqlite3_bind_int64(st, 3, nowMs);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
        ids.append(sqlite3_last_insert_rowid(db.handle()));
    }
    sqlite3_finalize(st);
    return ok;
}

} // namespace

PrefillResult prefillHistory(const QString &file, qint64 punches, int terminals, qint64 endLocalMs, int days)
{
    PrefillResult r;
    Sqlite db;
    if (!db.open(file, false) || !db.exec("PRAGMA journal_mode=WAL") || !db.exec("PRAGMA synchronous=NORMAL") ||
        !db.exec("PRAGMA cache_size=-262144") || !db.exec("BEGIN")) {
        r.error = db.error();
        return r;
    }
    QElapsedTimer timer;
    timer.start();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const int offsetMin = QDateTime::currentDateTime().offsetFromUtc() / 60;
    QList<qint64> ids;
    if (!insertTerminals(db, terminals, nowMs, ids)) {
        r.error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
        return r;
    }
    sqlite3_stmt *ins = nullptr;
    if (sqlite3_prepare_v2(
            db.handle(),
            "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
            " utc_offset_min, temperature, name, received_ms) VALUES (?, ?, ?, ?, 0, 0, ?, ?, NULL, NULL, ?)"
            " ON CONFLICT DO NOTHING",
            -1, &ins, nullptr) != SQLITE_OK) {
        r.error = QString::fromUtf8(sqlite3_errmsg(db.handle()));
        return r;
    }
    // Time order, as terminals send them: each step advances the clock by the mean gap, and a random
    // terminal and person punch at that second (a few hundred people, fingerprint, face or card).
    const qint64 spanSeconds = qint64(days) * 86400;
    const qint64 startLocal = endLocalMs / 1000 - spanSeconds;
    const double gap = static_cast<double>(spanSeconds) / static_cast<double>(std::max<qint64>(1, punches));
    std::mt19937_64 rng(20261207);
    std::uniform_int_distribution<int> terminal(0, terminals - 1);
    std::uniform_int_distribution<int> person(1, 400);
    static constexpr int MODES[] = {1, 15, 4};
    bool ok = true;
    QByteArray text;
    qint64 textSecond = -1;
    for (qint64 i = 0; ok && i < punches; ++i) {
        const qint64 local = startLocal + static_cast<qint64>(static_cast<double>(i) * gap);
        if (local != textSecond) {
            text = localText(local);
            textSecond = local;
        }
        const qint64 utcMs = (local - qint64(offsetMin) * 60) * 1000;
        sqlite3_bind_int64(ins, 1, ids.at(terminal(rng)));
        sqlite3_bind_int64(ins, 2, person(rng));
        sqlite3_bind_text(ins, 3, text.constData(), static_cast<int>(text.size()), SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, MODES[i % 3]);
        sqlite3_bind_int64(ins, 5, utcMs);
        sqlite3_bind_int(ins, 6, offsetMin);
        sqlite3_bind_int64(ins, 7, utcMs + 1500);
        ok = sqlite3_step(ins) == SQLITE_DONE;
        sqlite3_reset(ins);
        r.punches += sqlite3_changes(db.handle()) > 0 ? 1 : 0;
        if ((i + 1) % ROWS_PER_TRANSACTION == 0)
            ok = ok && db.exec("COMMIT") && db.exec("BEGIN");
    }
    sqlite3_finalize(ins);
    ok = ok && db.exec("COMMIT") && db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!ok) {
        r.error = db.error().isEmpty() ? QString::fromUtf8(sqlite3_errmsg(db.handle())) : db.error();
        return r;
    }
    r.lastId = db.scalar("SELECT max(id) FROM punches");
    r.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    r.ok = true;
    return r;
}

} // namespace termdesk::bench
