// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchbatchjob.h"

#include "model/terminaltext.h"
#include "quarantinejob.h"
#include "storage/jobcontext.h"
#include "util/devicetime.h"

namespace termdesk::storage {
namespace {

constexpr const char *DOOR_COLUMNS[] = {"terminal_id", "local_time", "verify_mode",    "in_out",
                                        "event",       "utc_ms",     "utc_offset_min", "received_ms"};
constexpr const char *PHOTO_COLUMNS[] = {"punch_id", "image"};

QString insertDoorSql(const SqlDialect &d)
{
    return d.insertIgnoringDuplicates("door_events", DOOR_COLUMNS);
}

QString insertPhotoSql(const SqlDialect &)
{
    return insertSql("punch_photos", PHOTO_COLUMNS);
}

/// 1 stored, 0 already there, -1 failed.
int storeDoorEvent(JobContext &ctx, const PunchBatchJob &job, const Punch &p, qint64 utcMs, int offset)
{
    QSqlQuery *q = ctx.statement(insertDoorSql);
    if (!q)
        return -1;
    q->bindValue(QStringLiteral(":terminal_id"), job.terminalId);
    q->bindValue(QStringLiteral(":local_time"), p.localTime);
    q->bindValue(QStringLiteral(":verify_mode"), p.verifyMode);
    q->bindValue(QStringLiteral(":in_out"), p.inOut);
    q->bindValue(QStringLiteral(":event"), p.event);
    q->bindValue(QStringLiteral(":utc_ms"), utcMs);
    q->bindValue(QStringLiteral(":utc_offset_min"), offset);
    q->bindValue(QStringLiteral(":received_ms"), job.receivedMs);
    if (!ctx.exec(*q))
        return -1;
    return q->numRowsAffected() > 0 ? 1 : 0;
}

bool storePhoto(JobContext &ctx, qint64 punchId, const QByteArray &photo)
{
    QSqlQuery *q = ctx.statement(insertPhotoSql);
    if (!q)
        return false;
    q->bindValue(QStringLiteral(":punch_id"), punchId);
    q->bindValue(QStringLiteral(":image"), QString::fromLatin1(photo));
    return ctx.exec(*q);
}

} // namespace

bool PunchBatchJob::plain(bool storePhotos) const
{
    if (!quarantined.isEmpty())
        return false;
    for (const Punch &p : punches) {
        if (p.enrollId == 0 || !p.localEpoch || (storePhotos && !p.photo.isEmpty()))
            return false;
    }
    return true;
}

bool PunchBatchJob::run(JobContext &ctx, Result &out) const
{
    // First the batch's times, door events and unreadable records, then every attendance punch
    // in one call to the punch path (no per-punch virtual call), then what each insert gave.
    std::vector<PunchRow> &rows = ctx.punchRowBuffer();
    rows.clear();
    for (const Punch &p : punches) {
        const std::optional<qint64> local = p.localEpoch ? p.localEpoch : devicetime::parseLocal(p.localTime);
        if (!local) { // decoders only pass parseable times; keep anything else anyway
            if (!storeQuarantined(ctx, terminalId, QStringLiteral("punch"),
                                  {QStringLiteral("unreadable time"), p.localTime.toUtf8()}, receivedMs))
                return false;
            continue;
        }
        const int offset = p.utcOffsetMin ? *p.utcOffsetMin
                           : utcOffsetMin ? *utcOffsetMin
                                          : devicetime::systemOffsetAtLocal(*local);
        const qint64 utcMs = (*local - offset * 60) * 1000;
        if (p.enrollId == 0) {
            const int stored = storeDoorEvent(ctx, *this, p, utcMs, offset);
            if (stored < 0)
                return false;
            ++(stored ? out.inserted : out.duplicates);
            continue;
        }
        rows.push_back(PunchRow{&p, utcMs, offset, punchFlagsFor(utcMs, receivedMs)});
    }
    if (!rows.empty() && !ctx.punchRows().insert(terminalId, receivedMs, rows, ctx.errorOut()))
        return false;
    const bool live = ctx.liveFeed();
    for (const PunchRow &row : rows) {
        if (row.rowId == 0) {
            ++out.duplicates;
            continue;
        }
        ++out.inserted;
        const Punch &p = *row.punch;
        if (live)
            out.stored.append(StoredPunch{row.rowId, sn, protocol, p.enrollId, p.localTime, p.verifyMode, p.inOut,
                                          p.event, p.temperature, terminaltext::cleanedName(p.name), row.utcMs,
                                          row.offsetMin, receivedMs});
        if (ctx.storePhotos() && !p.photo.isEmpty() && !storePhoto(ctx, row.rowId, p.photo))
            return false;
    }
    for (const QuarantinedRecord &r : quarantined) {
        if (!storeQuarantined(ctx, terminalId, QStringLiteral("punch"), r, receivedMs))
            return false;
    }
    return ctx.punchRows().count(
        PunchCounts{terminalId, receivedMs, punches.size() + quarantined.size(), out.inserted, out.duplicates},
        ctx.errorOut());
}

} // namespace termdesk::storage
