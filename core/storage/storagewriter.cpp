// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagewriter.h"
#include "walcheckpointer.h"

#include "nativepunchinsert.h"
#include "nativestatement.h"
#include "terminalstore.h"

#include "util/devicetime.h"
#include "util/logging.h"

#include <QSqlError>
#include <QThread>
#include <QUuid>

namespace termdesk::storage {
namespace {

// A drain stops taking jobs once this many records are in its transaction, so one
// transaction stays short and acks flow steadily during a flood.
constexpr int MAX_RECORDS_PER_TRANSACTION = 20'000;

int recordCount(const WriteJob &job)
{
    if (const auto *p = std::get_if<PunchBatchJob>(&job))
        return static_cast<int>(p->punches.size() + p->quarantined.size()) + 1;
    if (const auto *r = std::get_if<ReportJob>(&job))
        return static_cast<int>(r->punches.punches.size() + r->credentials.size() + r->alarms.size()) + 1;
    return 1;
}

QVariant optionalValue(const std::optional<qint64> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace

struct StorageWriter::Statements
{
    QSqlQuery findTerminal, insertTerminal, updateTerminal, refusal;
    QSqlQuery insertPunch, insertDoor, insertPhoto, countPunches;
    QSqlQuery upsertUser, upsertCredential, upsertTerminalUser;
    QSqlQuery quarantine, quarantineCount, seen;
    QSqlQuery updateStatus, insertAlarm;
    QSqlQuery expireCommands, failCommands, nextCommand, markSent, completeCommand;
    QSqlQuery insertCommand, pendingKind, pendingPayload, newestCommand, queuedSince, terminalState;
    std::unique_ptr<NativePunchInsert> nativePunch; ///< SQLite only: the hot statement without QVariant binding
    /// SQLite only: the statements of every transaction, prepared once on the connection's handle.
    std::unique_ptr<NativeStatement> begin, commit, rollback, nativeCountPunches;
};

StorageWriter::StorageWriter(QString file, OpenOptions options, bool storePhotos, QObject *parent)
    : QObject(parent), m_file(std::move(file)), m_options(std::move(options)), m_storePhotos(storePhotos),
      m_connection(QStringLiteral("termdesk-writer-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    qRegisterMetaType<QList<termdesk::storage::WriteResult>>();
}

StorageWriter::~StorageWriter()
{
    if (m_open) {
        m_st.reset();
        Database::close(m_connection);
    }
}

quint64 StorageWriter::submit(WriteJob job)
{
    QMutexLocker lock(&m_mutex);
    const quint64 id = m_nextId++;
    m_queue.emplace_back(id, std::move(job));
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(this, &StorageWriter::drain, Qt::QueuedConnection);
    }
    return id;
}

bool StorageWriter::openDatabase()
{
    QString error;
    m_open = Database::open(m_file, m_connection, m_options, &error);
    // Checkpoints run on WalCheckpointer's thread; the writer's own is only a safety net.
    if (m_open && !m_options.readOnly &&
        !execSql(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(WalCheckpointer::WRITER_AUTO_PAGES)))
        qCWarning(lcStorage) << "wal_autocheckpoint:" << m_lastError;
    if (m_open && !prepareStatements()) {
        error = m_lastError;
        m_st.reset();
        Database::close(m_connection);
        m_open = false;
    }
    Q_EMIT opened(m_open, error);
    return m_open;
}

void StorageWriter::flushAndClose()
{
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.empty())
                break;
        }
        drain();
    }
    if (m_open) {
        m_st.reset();
        Database::close(m_connection);
        m_open = false;
    }
}

bool StorageWriter::execSql(const QString &sql)
{
    QSqlQuery q(Database::get(m_connection));
    if (!q.exec(sql)) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

bool StorageWriter::beginTransaction()
{
    return m_st->begin ? m_st->begin->exec(&m_lastError) : execSql(QStringLiteral("BEGIN IMMEDIATE"));
}

bool StorageWriter::commitTransaction()
{
    return m_st->commit ? m_st->commit->exec(&m_lastError) : execSql(QStringLiteral("COMMIT"));
}

void StorageWriter::rollbackTransaction()
{
    QString ignored;
    if (m_st->rollback)
        m_st->rollback->exec(&ignored);
    else
        execSql(QStringLiteral("ROLLBACK"));
}

bool StorageWriter::prepareStatements()
{
    m_st = std::make_unique<Statements>();
    const QSqlDatabase db = Database::get(m_connection);
    QString nativeError;
    m_st->nativePunch = NativePunchInsert::create(db, &nativeError);
    if (!nativeError.isEmpty())
        qCWarning(lcStorage) << "native punch insert unavailable, using QSqlQuery:" << nativeError;
    m_st->begin = NativeStatement::create(db, "BEGIN IMMEDIATE", &nativeError);
    m_st->commit = NativeStatement::create(db, "COMMIT", &nativeError);
    m_st->rollback = NativeStatement::create(db, "ROLLBACK", &nativeError);
    m_st->nativeCountPunches = NativeStatement::create(
        db,
        "UPDATE terminals SET last_seen_ms = MAX(last_seen_ms, ?), punches_received = punches_received + ?,"
        " punches_stored = punches_stored + ?, punches_duplicate = punches_duplicate + ? WHERE id = ?",
        &nativeError);
    if (!m_st->begin || !m_st->commit || !m_st->rollback || !m_st->nativeCountPunches) {
        if (!nativeError.isEmpty())
            qCWarning(lcStorage) << "native transaction statements unavailable, using QSqlQuery:" << nativeError;
        m_st->begin.reset();
        m_st->commit.reset();
        m_st->rollback.reset();
        m_st->nativeCountPunches.reset();
    }
    auto prep = [&](QSqlQuery &q, const char *sql) {
        q = QSqlQuery(db);
        if (!q.prepare(QLatin1String(sql))) {
            m_lastError = QStringLiteral("%1: %2").arg(QLatin1String(sql), q.lastError().text());
            return false;
        }
        return true;
    };
    return prep(m_st->findTerminal, "SELECT id, admission, utc_offset_min FROM terminals WHERE sn = ?") &&
           prep(
               m_st->insertTerminal,
               "INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)") &&
           prep(m_st->updateTerminal,
                "UPDATE terminals SET protocol = ?, last_seen_ms = MAX(last_seen_ms, ?), ws_path = ?, peer_address = ?,"
                " model = COALESCE(?, model), firmware = COALESCE(?, firmware), cpusn = COALESCE(?, cpusn),"
                " mac = COALESCE(?, mac), fpalgo = COALESCE(?, fpalgo),"
                " user_capacity = COALESCE(?, user_capacity), users_used = COALESCE(?, users_used),"
                " fp_capacity = COALESCE(?, fp_capacity), fps_used = COALESCE(?, fps_used),"
                " face_capacity = COALESCE(?, face_capacity), faces_used = COALESCE(?, faces_used),"
                " palm_capacity = COALESCE(?, palm_capacity), palms_used = COALESCE(?, palms_used),"
                " card_capacity = COALESCE(?, card_capacity), cards_used = COALESCE(?, cards_used),"
                " pwd_capacity = COALESCE(?, pwd_capacity), pwds_used = COALESCE(?, pwds_used),"
                " log_capacity = COALESCE(?, log_capacity), logs_used = COALESCE(?, logs_used),"
                " new_logs = COALESCE(?, new_logs), battery_percent = COALESCE(?, battery_percent),"
                " devinfo_json = COALESCE(?, devinfo_json), device_time = COALESCE(?, device_time),"
                " clock_drift_s = COALESCE(?, clock_drift_s), admission = ?, last_refusal = ?"
                " WHERE id = ?") &&
           prep(m_st->insertPunch,
                "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                " utc_offset_min, temperature, name, received_ms, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING") &&
           prep(m_st->insertDoor,
                "INSERT INTO door_events (terminal_id, local_time, verify_mode, in_out, event, utc_ms,"
                " utc_offset_min, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING") &&
           prep(m_st->insertPhoto, "INSERT INTO punch_photos (punch_id, image) VALUES (?, ?)") &&
           prep(m_st->countPunches,
                "UPDATE terminals SET last_seen_ms = MAX(last_seen_ms, ?), punches_received = punches_received + ?,"
                " punches_stored = punches_stored + ?, punches_duplicate = punches_duplicate + ? WHERE id = ?") &&
           prep(m_st->upsertUser,
                "INSERT INTO users (enroll_id, name, admin, updated_ms) VALUES (?, ?, COALESCE(?, 0), ?)"
                " ON CONFLICT (enroll_id) DO UPDATE SET"
                " name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END,"
                " admin = CASE WHEN ? THEN excluded.admin ELSE users.admin END, updated_ms = excluded.updated_ms") &&
           prep(m_st->upsertCredential,
                "INSERT INTO credentials (enroll_id, backup_num, data, updated_ms, source_terminal_id)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (enroll_id, backup_num) DO UPDATE SET"
                " data = excluded.data, updated_ms = excluded.updated_ms,"
                " source_terminal_id = excluded.source_terminal_id") &&
           prep(m_st->upsertTerminalUser,
                "INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (terminal_id, enroll_id, backup_num) DO UPDATE SET seen_ms = excluded.seen_ms") &&
           prep(m_st->quarantine,
                "INSERT INTO quarantine (terminal_id, received_ms, kind, reason, raw) VALUES (?, ?, ?, ?, ?)") &&
           prep(m_st->quarantineCount,
                "UPDATE terminals SET records_quarantined = records_quarantined + 1 WHERE id = ?") &&
           prep(m_st->seen, "UPDATE terminals SET last_seen_ms = MAX(last_seen_ms, ?) WHERE id = ?") &&
           prepareTcpAndCommandStatements();
}

bool StorageWriter::prepareTcpAndCommandStatements()
{
    const QSqlDatabase db = Database::get(m_connection);
    auto prep = [&](QSqlQuery &q, const char *sql) {
        q = QSqlQuery(db);
        if (!q.prepare(QLatin1String(sql))) {
            m_lastError = QStringLiteral("%1: %2").arg(QLatin1String(sql), q.lastError().text());
            return false;
        }
        return true;
    };
    return prep(m_st->updateStatus, "UPDATE terminals SET last_seen_ms = MAX(last_seen_ms, ?),"
                                    " model = COALESCE(?, model), firmware = COALESCE(?, firmware),"
                                    " user_capacity = COALESCE(?, user_capacity), users_used = COALESCE(?, users_used),"
                                    " fp_capacity = COALESCE(?, fp_capacity), fps_used = COALESCE(?, fps_used),"
                                    " card_capacity = COALESCE(?, card_capacity), cards_used = COALESCE(?, cards_used),"
                                    " log_capacity = COALESCE(?, log_capacity), logs_used = COALESCE(?, logs_used),"
                                    " new_logs = COALESCE(?, new_logs), battery_percent = COALESCE(?, battery_percent),"
                                    " devinfo_json = COALESCE(?, devinfo_json) WHERE id = ?") &&
           prep(m_st->insertAlarm,
                "INSERT INTO alarms (terminal_id, code, text, utc_ms, received_ms) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING") &&
           prep(m_st->failCommands, "UPDATE commands SET state = 'failed', updated_ms = ?, finished_ms = ?,"
                                    " reason = 'no answer after ' || tries || ' tries'"
                                    " WHERE terminal_sn = ? AND state = 'sent' AND sent_ms < ? AND tries >= ?") &&
           prep(m_st->expireCommands,
                "UPDATE commands SET state = 'queued', updated_ms = ?, reason = 'no answer, will retry'"
                " WHERE terminal_sn = ? AND state = 'sent' AND sent_ms < ?") &&
           prep(m_st->nextCommand,
                "SELECT id, kind, payload, tries FROM commands WHERE terminal_sn = ? AND state = 'queued'"
                " ORDER BY id LIMIT 1") &&
           prep(m_st->markSent,
                "UPDATE commands SET state = 'sent', tries = tries + 1, sent_ms = ?, updated_ms = ? WHERE id = ?") &&
           prep(m_st->completeCommand,
                "UPDATE commands SET state = ?, result = ?, reason = ?, updated_ms = ?,"
                " finished_ms = CASE WHEN ? IN ('done', 'failed', 'expired', 'cancelled') THEN ? ELSE finished_ms END"
                " WHERE id = ? AND state = 'sent'") && // a command cancelled meanwhile stays cancelled
           prepareQueueStatements();
}

bool StorageWriter::prepareQueueStatements()
{
    const QSqlDatabase db = Database::get(m_connection);
    auto prep = [&](QSqlQuery &q, const char *sql) {
        q = QSqlQuery(db);
        if (!q.prepare(QLatin1String(sql))) {
            m_lastError = QStringLiteral("%1: %2").arg(QLatin1String(sql), q.lastError().text());
            return false;
        }
        return true;
    };
    return prep(m_st->insertCommand,
                "INSERT INTO commands (terminal_sn, protocol, kind, payload, state, created_ms, updated_ms, origin)"
                " VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)") &&
           prep(m_st->pendingKind, "SELECT 1 FROM commands WHERE terminal_sn = ? AND state IN ('queued', 'sent')"
                                   " AND kind = ? LIMIT 1") &&
           prep(m_st->pendingPayload, "SELECT 1 FROM commands WHERE terminal_sn = ? AND state IN ('queued', 'sent')"
                                      " AND kind = ? AND payload = ? LIMIT 1") &&
           prep(m_st->newestCommand, "SELECT COALESCE(MAX(id), 0) FROM commands") &&
           // A range of the primary key: only the rows added since the last poll are read.
           prep(m_st->queuedSince, "SELECT DISTINCT terminal_sn FROM commands WHERE id > ? AND id <= ?"
                                   " AND protocol = ? AND state = 'queued'") &&
           prep(m_st->terminalState,
                "UPDATE terminals SET"
                " user_capacity = COALESCE(?, user_capacity), users_used = COALESCE(?, users_used),"
                " fp_capacity = COALESCE(?, fp_capacity), fps_used = COALESCE(?, fps_used),"
                " face_capacity = COALESCE(?, face_capacity), faces_used = COALESCE(?, faces_used),"
                " palm_capacity = COALESCE(?, palm_capacity), palms_used = COALESCE(?, palms_used),"
                " card_capacity = COALESCE(?, card_capacity), cards_used = COALESCE(?, cards_used),"
                " pwd_capacity = COALESCE(?, pwd_capacity), pwds_used = COALESCE(?, pwds_used),"
                " log_capacity = COALESCE(?, log_capacity), logs_used = COALESCE(?, logs_used),"
                " new_logs = COALESCE(?, new_logs), battery_percent = COALESCE(?, battery_percent),"
                " device_time = COALESCE(?, device_time), clock_drift_s = COALESCE(?, clock_drift_s)"
                " WHERE id = ?");
}

void StorageWriter::drain()
{
    std::deque<std::pair<quint64, WriteJob>> jobs;
    {
        QMutexLocker lock(&m_mutex);
        int records = 0;
        while (!m_queue.empty() && records < MAX_RECORDS_PER_TRANSACTION) {
            records += recordCount(m_queue.front().second);
            jobs.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        if (m_queue.empty())
            m_scheduled = false;
        else
            QMetaObject::invokeMethod(this, &StorageWriter::drain, Qt::QueuedConnection);
    }
    if (jobs.empty())
        return;

    QList<WriteResult> results;
    results.reserve(static_cast<qsizetype>(jobs.size()));
    if (!m_open) {
        for (const auto &[id, job] : jobs)
            results.append(WriteResult::failure(id, QStringLiteral("database is not open")));
        Q_EMIT finished(results);
        return;
    }
    if (!runBatch(jobs, results) && jobs.size() > 1) {
        // One bad job must not fail its neighbours: retry each in a transaction of its own.
        qCWarning(lcStorage) << "batch of" << jobs.size() << "jobs failed (" << m_lastError << "); retrying one by one";
        results.clear();
        for (auto &job : jobs) {
            std::deque<std::pair<quint64, WriteJob>> one;
            one.push_back(std::move(job));
            runBatch(one, results);
        }
    }
    Q_EMIT finished(results);
}

bool StorageWriter::runBatch(std::deque<std::pair<quint64, WriteJob>> &jobs, QList<WriteResult> &results)
{
    const qsizetype firstResult = results.size();
    auto failAll = [&](const QString &why) {
        results.resize(firstResult);
        for (const auto &entry : jobs)
            results.append(WriteResult::failure(entry.first, why));
        return false;
    };
    if (!beginTransaction())
        return failAll(m_lastError);
    bool ok = true;
    for (const auto &[id, job] : jobs) {
        WriteResult r;
        r.id = id;
        r.ok = runJob(job, r);
        if (!r.ok) {
            r.error = m_lastError;
            ok = false;
            break;
        }
        results.append(r);
    }
    if (ok && m_failCommits.load() > 0) {
        m_failCommits.fetch_sub(1);
        m_lastError = QStringLiteral("simulated commit failure");
        ok = false;
    }
    if (!ok) {
        const QString why = m_lastError;
        rollbackTransaction();
        return failAll(why);
    }
    if (!commitTransaction()) {
        const QString why = m_lastError;
        rollbackTransaction();
        return failAll(why);
    }
    return true;
}

bool StorageWriter::runJob(const WriteJob &job, WriteResult &result)
{
    if (const auto *j = std::get_if<RegisterJob>(&job))
        return doRegister(*j, result);
    if (const auto *j = std::get_if<PunchBatchJob>(&job))
        return doPunches(*j, result);
    if (const auto *j = std::get_if<CredentialJob>(&job))
        return doCredential(*j, result);
    if (const auto *j = std::get_if<QuarantineJob>(&job))
        return doQuarantine(j->terminalId, j->kind, j->record, j->receivedMs);
    if (const auto *j = std::get_if<TerminalSeenJob>(&job))
        return doSeen(*j);
    if (const auto *j = std::get_if<ReportJob>(&job))
        return doReport(*j, result);
    if (const auto *j = std::get_if<ClaimCommandJob>(&job))
        return doClaim(*j, result);
    if (const auto *j = std::get_if<CompleteCommandJob>(&job))
        return doComplete(*j);
    if (const auto *j = std::get_if<EnqueueCommandsJob>(&job))
        return doEnqueue(*j, result);
    if (const auto *j = std::get_if<PollCommandsJob>(&job))
        return doPoll(*j, result);
    if (const auto *j = std::get_if<TerminalStateJob>(&job))
        return doTerminalState(*j);
    if (const auto *j = std::get_if<TerminalUsersJob>(&job))
        return doTerminalUsers(*j);
    return false;
}

bool StorageWriter::doRegister(const RegisterJob &job, WriteResult &result)
{
    RegisterOutcome &out = result.registration;
    QSqlQuery &find = m_st->findTerminal;
    find.addBindValue(job.sn);
    if (!find.exec()) {
        m_lastError = find.lastError().text();
        return false;
    }
    bool known = find.next();
    QString admission = known ? find.value(1).toString() : QString();
    if (known) {
        out.terminalId = find.value(0).toLongLong();
        if (!find.value(2).isNull())
            out.utcOffsetMin = find.value(2).toInt();
    }
    find.finish();

    if (!known) {
        if (job.policy == AdmissionPolicy::Closed) {
            out.accepted = false;
            out.reason = job.closedReason;
            return true; // nothing stored for strangers while closed
        }
        admission = job.policy == AdmissionPolicy::Open ? QStringLiteral("approved") : QStringLiteral("pending");
        QSqlQuery &ins = m_st->insertTerminal;
        ins.addBindValue(job.sn);
        ins.addBindValue(protocolName(job.protocol));
        ins.addBindValue(admission);
        ins.addBindValue(job.arrivalMs);
        ins.addBindValue(job.arrivalMs);
        if (!ins.exec()) {
            m_lastError = ins.lastError().text();
            return false;
        }
        out.terminalId = ins.lastInsertId().toLongLong();
        out.isNew = true;
    } else if (admission == QLatin1String("pending") && job.policy == AdmissionPolicy::Open) {
        admission = QStringLiteral("approved");
    }

    if (admission == QLatin1String("blocked")) {
        out.admission = Admission::Blocked;
        out.reason = job.blockedReason;
    } else if (admission == QLatin1String("approved")) {
        out.admission = Admission::Approved;
        out.accepted = true;
    } else {
        out.admission = Admission::Pending;
        out.reason = job.refusalReason;
    }

    const TerminalInfo &i = job.info;
    if (const auto device = devicetime::parseLocal(i.deviceTime)) {
        out.driftSeconds = *device - devicetime::nowLocalEpoch(job.arrivalMs, out.utcOffsetMin);
    }
    QSqlQuery &u = m_st->updateTerminal;
    u.addBindValue(protocolName(job.protocol));
    u.addBindValue(job.arrivalMs);
    u.addBindValue(textOrNull(job.wsPath));
    u.addBindValue(textOrNull(job.peer));
    for (const QString *s : {&i.model, &i.firmware, &i.cpuSerial, &i.mac, &i.fpAlgorithm})
        u.addBindValue(textOrNull(*s));
    for (const std::optional<qint64> *v :
         {&i.userCapacity, &i.usersUsed, &i.fpCapacity, &i.fpsUsed, &i.faceCapacity, &i.facesUsed, &i.palmCapacity,
          &i.palmsUsed, &i.cardCapacity, &i.cardsUsed, &i.pwdCapacity, &i.pwdsUsed, &i.logCapacity, &i.logsUsed,
          &i.newLogs, &i.batteryPercent})
        u.addBindValue(optionalValue(*v));
    u.addBindValue(i.rawJson.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                       : QVariant(QString::fromUtf8(i.rawJson)));
    u.addBindValue(textOrNull(i.deviceTime));
    u.addBindValue(optionalValue(out.driftSeconds));
    u.addBindValue(admission);
    u.addBindValue(out.accepted ? QVariant(QMetaType::fromType<QString>()) : QVariant(out.reason));
    u.addBindValue(out.terminalId);
    if (!u.exec()) {
        m_lastError = u.lastError().text();
        return false;
    }
    return true;
}

bool StorageWriter::doPunches(const PunchBatchJob &job, WriteResult &result)
{
    QSqlQuery &ip = m_st->insertPunch;
    QSqlQuery &id = m_st->insertDoor;
    const bool live = m_liveFeed.load(std::memory_order_relaxed);
    for (const Punch &p : job.punches) {
        const std::optional<qint64> local = p.localEpoch ? p.localEpoch : devicetime::parseLocal(p.localTime);
        if (!local) { // decoders only pass parseable times; keep anything else anyway
            if (!doQuarantine(job.terminalId, QStringLiteral("punch"),
                              {QStringLiteral("unreadable time"), p.localTime.toUtf8()}, job.receivedMs))
                return false;
            continue;
        }
        const int offset = p.utcOffsetMin     ? *p.utcOffsetMin
                           : job.utcOffsetMin ? *job.utcOffsetMin
                                              : devicetime::systemOffsetAtLocal(*local);
        const qint64 utcMs = (*local - offset * 60) * 1000;
        if (p.enrollId != 0 && m_st->nativePunch) {
            const int flags = punchFlagsFor(utcMs, job.receivedMs);
            const int rc =
                m_st->nativePunch->insert(job.terminalId, p, utcMs, offset, job.receivedMs, flags, &m_lastError);
            if (rc < 0)
                return false;
            if (rc == 0) {
                ++result.duplicates;
                continue;
            }
            ++result.inserted;
            const qint64 rowId = m_st->nativePunch->lastInsertId();
            if (live)
                result.stored.append(StoredPunch{rowId, job.sn, job.protocol, p.enrollId, p.localTime, p.verifyMode,
                                                 p.inOut, p.event, p.temperature, p.name, utcMs, offset,
                                                 job.receivedMs});
            if (m_storePhotos && !p.photo.isEmpty()) {
                QSqlQuery &ph = m_st->insertPhoto;
                ph.addBindValue(rowId);
                ph.addBindValue(QString::fromLatin1(p.photo));
                if (!ph.exec()) {
                    m_lastError = ph.lastError().text();
                    return false;
                }
            }
            continue;
        }
        QSqlQuery &q = p.enrollId == 0 ? id : ip;
        q.addBindValue(job.terminalId);
        if (p.enrollId != 0)
            q.addBindValue(p.enrollId);
        q.addBindValue(p.localTime);
        q.addBindValue(p.verifyMode);
        q.addBindValue(p.inOut);
        q.addBindValue(p.event);
        q.addBindValue(utcMs);
        q.addBindValue(offset);
        if (p.enrollId != 0) {
            q.addBindValue(p.temperature ? QVariant(*p.temperature) : QVariant(QMetaType::fromType<double>()));
            q.addBindValue(textOrNull(p.name));
        }
        q.addBindValue(job.receivedMs);
        if (p.enrollId != 0)
            q.addBindValue(punchFlagsFor(utcMs, job.receivedMs));
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        if (q.numRowsAffected() > 0) {
            ++result.inserted;
            if (p.enrollId != 0 && live)
                result.stored.append(StoredPunch{q.lastInsertId().toLongLong(), job.sn, job.protocol, p.enrollId,
                                                 p.localTime, p.verifyMode, p.inOut, p.event, p.temperature, p.name,
                                                 utcMs, offset, job.receivedMs});
            if (m_storePhotos && p.enrollId != 0 && !p.photo.isEmpty()) {
                QSqlQuery &ph = m_st->insertPhoto;
                ph.addBindValue(q.lastInsertId());
                ph.addBindValue(QString::fromLatin1(p.photo));
                if (!ph.exec()) {
                    m_lastError = ph.lastError().text();
                    return false;
                }
            }
        } else {
            ++result.duplicates;
        }
    }
    for (const QuarantinedRecord &r : job.quarantined) {
        if (!doQuarantine(job.terminalId, QStringLiteral("punch"), r, job.receivedMs))
            return false;
    }
    if (NativeStatement *n = m_st->nativeCountPunches.get()) {
        n->bind(1, job.receivedMs);
        n->bind(2, static_cast<qint64>(job.punches.size() + job.quarantined.size()));
        n->bind(3, result.inserted);
        n->bind(4, result.duplicates);
        n->bind(5, job.terminalId);
        return n->exec(&m_lastError);
    }
    QSqlQuery &c = m_st->countPunches;
    c.addBindValue(job.receivedMs);
    c.addBindValue(static_cast<qint64>(job.punches.size() + job.quarantined.size()));
    c.addBindValue(result.inserted);
    c.addBindValue(result.duplicates);
    c.addBindValue(job.terminalId);
    if (!c.exec()) {
        m_lastError = c.lastError().text();
        return false;
    }
    return true;
}

bool StorageWriter::doCredential(const CredentialJob &job, WriteResult &)
{
    const CredentialRecord &c = job.credential;
    QSqlQuery &u = m_st->upsertUser;
    u.addBindValue(c.enrollId);
    u.addBindValue(c.name.isNull() ? QStringLiteral("") : c.name); // users.name is NOT NULL
    u.addBindValue(c.admin ? QVariant(*c.admin) : QVariant(QMetaType::fromType<int>()));
    u.addBindValue(job.receivedMs);
    u.addBindValue(c.admin.has_value()); // a push without "admin" keeps the known level
    if (!u.exec()) {
        m_lastError = u.lastError().text();
        return false;
    }
    if (c.backupNum < 0)
        return true; // a name-only push
    QSqlQuery &cr = m_st->upsertCredential;
    cr.addBindValue(c.enrollId);
    cr.addBindValue(c.backupNum);
    cr.addBindValue(c.data);
    cr.addBindValue(job.receivedMs);
    cr.addBindValue(job.terminalId);
    if (!cr.exec()) {
        m_lastError = cr.lastError().text();
        return false;
    }
    QSqlQuery &tu = m_st->upsertTerminalUser;
    tu.addBindValue(job.terminalId);
    tu.addBindValue(c.enrollId);
    tu.addBindValue(c.backupNum);
    tu.addBindValue(job.receivedMs);
    if (!tu.exec()) {
        m_lastError = tu.lastError().text();
        return false;
    }
    // what the terminal holds, for the roster comparison (content hash, name, admin)
    return TerminalStore::noteCredential(Database::get(m_connection), job.terminalId, c, job.receivedMs, &m_lastError);
}

bool StorageWriter::doQuarantine(qint64 terminalId, const QString &kind, const QuarantinedRecord &record,
                                 qint64 receivedMs)
{
    QSqlQuery &q = m_st->quarantine;
    q.addBindValue(terminalId > 0 ? QVariant(terminalId) : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(receivedMs);
    q.addBindValue(kind);
    q.addBindValue(record.reason);
    q.addBindValue(QString::fromUtf8(record.raw));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    if (terminalId > 0) {
        QSqlQuery &c = m_st->quarantineCount;
        c.addBindValue(terminalId);
        if (!c.exec()) {
            m_lastError = c.lastError().text();
            return false;
        }
    }
    return true;
}

bool StorageWriter::doSeen(const TerminalSeenJob &job)
{
    QSqlQuery &q = m_st->seen;
    q.addBindValue(job.lastSeenMs);
    q.addBindValue(job.terminalId);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

bool StorageWriter::execPrepared(QSqlQuery &q)
{
    if (q.exec())
        return true;
    m_lastError = q.lastError().text();
    return false;
}

bool StorageWriter::doReport(const ReportJob &job, WriteResult &result)
{
    const qint64 terminalId = job.punches.terminalId;
    if (job.status) {
        const TerminalInfo &i = *job.status;
        QSqlQuery &u = m_st->updateStatus;
        u.addBindValue(job.punches.receivedMs);
        u.addBindValue(textOrNull(i.model));
        u.addBindValue(textOrNull(i.firmware));
        for (const std::optional<qint64> *v :
             {&i.userCapacity, &i.usersUsed, &i.fpCapacity, &i.fpsUsed, &i.cardCapacity, &i.cardsUsed, &i.logCapacity,
              &i.logsUsed, &i.newLogs, &i.batteryPercent})
            u.addBindValue(optionalValue(*v));
        u.addBindValue(i.rawJson.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                           : QVariant(QString::fromUtf8(i.rawJson)));
        u.addBindValue(terminalId);
        if (!execPrepared(u))
            return false;
    }
    for (const AlarmRecord &a : job.alarms) {
        QSqlQuery &q = m_st->insertAlarm;
        q.addBindValue(terminalId);
        q.addBindValue(static_cast<qint64>(a.code));
        q.addBindValue(a.text);
        q.addBindValue(a.utcMs);
        q.addBindValue(job.punches.receivedMs);
        if (!execPrepared(q))
            return false;
    }
    for (const CredentialRecord &c : job.credentials) {
        WriteResult ignored;
        if (!doCredential(CredentialJob{terminalId, c, job.punches.receivedMs}, ignored))
            return false;
    }
    if (job.forgetUsersSeenBeforeMs && !TerminalStore::forgetNotSeenSince(Database::get(m_connection), terminalId,
                                                                          *job.forgetUsersSeenBeforeMs, &m_lastError))
        return false;
    return doPunches(job.punches, result);
}

bool StorageWriter::doClaim(const ClaimCommandJob &job, WriteResult &result)
{
    const qint64 staleBefore = job.nowMs - job.timeoutMs;
    QSqlQuery &f = m_st->failCommands;
    f.addBindValue(job.nowMs);
    f.addBindValue(job.nowMs);
    f.addBindValue(job.sn);
    f.addBindValue(staleBefore);
    f.addBindValue(job.maxTries);
    QSqlQuery &e = m_st->expireCommands;
    e.addBindValue(job.nowMs);
    e.addBindValue(job.sn);
    e.addBindValue(staleBefore);
    if (!execPrepared(f) || !execPrepared(e))
        return false;
    QSqlQuery &n = m_st->nextCommand;
    n.addBindValue(job.sn);
    if (!execPrepared(n))
        return false;
    if (!n.next()) {
        n.finish();
        return true;
    }
    CommandRow row;
    row.id = n.value(0).toLongLong();
    row.kind = n.value(1).toString();
    row.payload = n.value(2).toString().toUtf8();
    row.tries = n.value(3).toInt() + 1;
    n.finish();
    QSqlQuery &m = m_st->markSent;
    m.addBindValue(job.nowMs);
    m.addBindValue(job.nowMs);
    m.addBindValue(row.id);
    if (!execPrepared(m))
        return false;
    result.command = row;
    return true;
}

bool StorageWriter::doComplete(const CompleteCommandJob &job)
{
    QSqlQuery &c = m_st->completeCommand;
    c.addBindValue(job.state);
    c.addBindValue(textOrNull(job.result));
    c.addBindValue(textOrNull(job.reason));
    c.addBindValue(job.nowMs);
    c.addBindValue(job.state);
    c.addBindValue(job.nowMs);
    c.addBindValue(job.id);
    if (!execPrepared(c))
        return false;
    // a write the terminal confirmed is what it holds now (roster comparison without a re-read)
    return job.state != QLatin1String("done") ||
           TerminalStore::applyDoneCommand(Database::get(m_connection), job.id, job.nowMs, &m_lastError);
}

bool StorageWriter::doEnqueue(const EnqueueCommandsJob &job, WriteResult &result)
{
    for (const NewCommand &c : job.commands) {
        if (c.unless != NewCommand::Unless::Never) {
            const bool samePayload = c.unless == NewCommand::Unless::SamePayload;
            QSqlQuery &p = samePayload ? m_st->pendingPayload : m_st->pendingKind;
            p.addBindValue(job.sn);
            p.addBindValue(c.kind);
            if (samePayload)
                p.addBindValue(c.payload);
            if (!execPrepared(p))
                return false;
            const bool pending = p.next();
            p.finish();
            if (pending)
                continue;
        }
        QSqlQuery &q = m_st->insertCommand;
        q.addBindValue(job.sn);
        q.addBindValue(job.protocol);
        q.addBindValue(c.kind);
        q.addBindValue(c.payload);
        q.addBindValue(job.nowMs);
        q.addBindValue(job.nowMs);
        q.addBindValue(c.origin.isNull() ? QStringLiteral("") : c.origin);
        if (!execPrepared(q))
            return false;
        ++result.inserted;
    }
    return true;
}

bool StorageWriter::doPoll(const PollCommandsJob &job, WriteResult &result)
{
    QSqlQuery &n = m_st->newestCommand;
    if (!execPrepared(n))
        return false;
    result.lastCommandId = n.next() ? n.value(0).toLongLong() : 0;
    n.finish();
    if (job.afterId < 0 || result.lastCommandId <= job.afterId)
        return true;
    QSqlQuery &q = m_st->queuedSince;
    q.addBindValue(job.afterId);
    q.addBindValue(result.lastCommandId);
    q.addBindValue(job.protocol);
    if (!execPrepared(q))
        return false;
    while (q.next())
        result.terminals.append(q.value(0).toString());
    q.finish();
    return true;
}

bool StorageWriter::doTerminalState(const TerminalStateJob &job)
{
    QSqlQuery &u = m_st->terminalState;
    const TerminalInfo none;
    const TerminalInfo &i = job.capacities ? *job.capacities : none;
    for (const std::optional<qint64> *v :
         {&i.userCapacity, &i.usersUsed, &i.fpCapacity, &i.fpsUsed, &i.faceCapacity, &i.facesUsed, &i.palmCapacity,
          &i.palmsUsed, &i.cardCapacity, &i.cardsUsed, &i.pwdCapacity, &i.pwdsUsed, &i.logCapacity, &i.logsUsed,
          &i.newLogs, &i.batteryPercent})
        u.addBindValue(optionalValue(*v));
    u.addBindValue(textOrNull(job.deviceTime));
    u.addBindValue(optionalValue(job.driftSeconds));
    u.addBindValue(job.terminalId);
    return execPrepared(u);
}

bool StorageWriter::doTerminalUsers(const TerminalUsersJob &job)
{
    for (const CredentialRecord &c : job.entries) {
        QSqlQuery &u = m_st->upsertUser;
        u.addBindValue(c.enrollId);
        u.addBindValue(QStringLiteral("")); // a listing has no names: the known name stays
        u.addBindValue(c.admin ? QVariant(*c.admin) : QVariant(QMetaType::fromType<int>()));
        u.addBindValue(job.receivedMs);
        u.addBindValue(c.admin.has_value());
        if (!execPrepared(u))
            return false;
        if (!TerminalStore::noteListed(Database::get(m_connection), job.terminalId, c, job.receivedMs, &m_lastError))
            return false;
        if (c.backupNum < 0)
            continue;
        QSqlQuery &tu = m_st->upsertTerminalUser;
        tu.addBindValue(job.terminalId);
        tu.addBindValue(c.enrollId);
        tu.addBindValue(c.backupNum);
        tu.addBindValue(job.receivedMs);
        if (!execPrepared(tu))
            return false;
    }
    if (job.forgetSeenBeforeMs)
        return TerminalStore::forgetNotSeenSince(Database::get(m_connection), job.terminalId, *job.forgetSeenBeforeMs,
                                                 &m_lastError);
    return true;
}

} // namespace termdesk::storage
