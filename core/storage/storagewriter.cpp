// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagewriter.h"

#include "jobcontext.h"
#include "postgresurl.h"
#include "sqldialect.h"

#include "util/logging.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>
#include <iterator>

namespace termdesk::storage {
namespace {

// A drain stops taking jobs once this many records are in its transaction, so one
// transaction stays short and acks flow steadily during a flood.
constexpr int MAX_RECORDS_PER_TRANSACTION = 20'000;

FinishedJob failure(quint64 id, const WriteJob &job, const QString &why)
{
    return FinishedJob{id, WriteJobs::failed(job.index(), why)};
}

} // namespace

StorageWriter::StorageWriter(QString file, OpenOptions options, bool storePhotos, QObject *parent)
    : QObject(parent), m_file(std::move(file)), m_options(std::move(options)), m_storePhotos(storePhotos),
      m_connection(QStringLiteral("termdesk-writer-") + QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_postgres(PostgresUrl::isUrl(m_file))
{
    qRegisterMetaType<QList<termdesk::storage::FinishedJob>>();
}

StorageWriter::~StorageWriter()
{
    close();
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
    const bool ok = openConnection(&error);
    Q_EMIT opened(ok, error);
    return ok;
}

bool StorageWriter::openConnection(QString *errorOut)
{
    QString error;
    if (Database::open(m_file, m_connection, m_options, &error)) {
        const QSqlDatabase db = Database::get(m_connection);
        m_dialect = SqlDialect::create(db, m_options, &error);
        if (m_dialect) {
            m_ctx = std::make_unique<JobContext>(db, *m_dialect, m_storePhotos);
            m_sqliteCApi.store(m_dialect->punchRows().nativeApi());
            m_punchConnection.store(m_dialect->punchConnection() != nullptr);
        } else {
            Database::close(m_connection);
        }
    }
    *errorOut = error;
    return m_ctx != nullptr;
}

bool StorageWriter::reconnect(QString *error)
{
    if (m_reconnectClock.isValid() && m_reconnectClock.elapsed() < m_reconnectDelayMs) {
        *error = m_unreachable;
        return false;
    }
    m_reconnectClock.start();
    close();
    QString why;
    if (!openConnection(&why)) {
        m_reconnectDelayMs = std::clamp(m_reconnectDelayMs * 2, 1'000, 30'000);
        qCWarning(lcStorage).noquote() << "cannot connect to the database again (next try in"
                                       << m_reconnectDelayMs / 1000 << "s):" << why;
        *error = m_unreachable;
        return false;
    }
    qCWarning(lcStorage) << "connected to the database again";
    m_reconnect = false;
    m_reconnectDelayMs = 0;
    m_reconnectClock.invalidate();
    return true;
}

void StorageWriter::close()
{
    const bool open = m_ctx != nullptr;
    // Every statement goes before the connection does.
    m_ctx.reset();
    m_dialect.reset();
    if (open)
        Database::close(m_connection);
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
    close();
}

void StorageWriter::drain()
{
    Queue jobs;
    {
        QMutexLocker lock(&m_mutex);
        int records = 0;
        while (!m_queue.empty() && records < MAX_RECORDS_PER_TRANSACTION) {
            records += WriteJobs::records(m_queue.front().second);
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

    QList<FinishedJob> results;
    results.reserve(static_cast<qsizetype>(jobs.size()));
    QString unreachable;
    if (m_reconnect && !reconnect(&unreachable)) {
        // Nothing is acknowledged while PostgreSQL is away: the terminals keep their punches.
        for (const auto &[id, job] : jobs)
            results.append(failure(id, job, unreachable));
        noteDiskState(results);
        Q_EMIT finished(results);
        return;
    }
    if (!m_ctx) {
        for (const auto &[id, job] : jobs)
            results.append(failure(id, job, QStringLiteral("database is not open")));
        Q_EMIT finished(results);
        return;
    }
    m_ctx->setLiveFeed(m_liveFeed.load(std::memory_order_relaxed));
    if (!m_dialect->punchConnection()) {
        runTransaction(jobs, false, results);
    } else {
        // Runs of plain punch batches go on the punch connection, everything else on Qt's, each
        // run one transaction, in the order they came (an acknowledgement never overtakes).
        for (auto first = jobs.begin(); first != jobs.end();) {
            const bool own = onPunchConnection(first->second);
            auto last = std::find_if(std::next(first), jobs.end(),
                                     [&](const auto &j) { return onPunchConnection(j.second) != own; });
            Queue run(std::make_move_iterator(first), std::make_move_iterator(last));
            first = last;
            runTransaction(run, own, results);
        }
    }
    noteDiskState(results);
    Q_EMIT finished(results);
}

bool StorageWriter::onPunchConnection(const WriteJob &job) const
{
    const auto *punches = std::get_if<PunchBatchJob>(&job);
    return punches && punches->plain(m_storePhotos);
}

void StorageWriter::runTransaction(Queue &jobs, bool punchConnection, QList<FinishedJob> &results)
{
    const qsizetype firstResult = results.size();
    if (runBatch(jobs, punchConnection, results) || jobs.size() <= 1)
        return;
    // The transaction could not begin (PostgreSQL unreachable: each try may wait for the connect
    // timeout): each job alone would fail the same way.
    if ((punchConnection || m_postgres) && !m_began)
        return;
    // One bad job must not fail its neighbours: retry each in a transaction of its own.
    qCWarning(lcStorage) << "batch of" << jobs.size() << "jobs failed (" << m_batchError << "); retrying one by one";
    results.resize(firstResult);
    for (auto &job : jobs) {
        Queue one;
        one.push_back(std::move(job));
        runBatch(one, punchConnection, results);
    }
}

bool StorageWriter::isDiskError(const QString &error)
{
    for (const char *text : {"database or disk is full", "disk I/O error", "attempt to write a readonly database",
                             "unable to open database file"}) {
        if (error.contains(QLatin1String(text), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

void StorageWriter::noteDiskState(const QList<FinishedJob> &results)
{
    QString diskError;
    bool committed = false;
    for (const FinishedJob &f : results) {
        if (WriteJobs::ok(f.outcome)) {
            committed = true;
        } else {
            const QString error = std::visit([](const JobResult &r) { return r.error; }, f.outcome);
            if (isDiskError(error) || (!m_unreachable.isEmpty() && error == m_unreachable))
                diskError = error;
        }
    }
    if (committed)
        m_unreachable.clear();
    if (committed && m_writesFailing) {
        m_writesFailing = false;
        qCWarning(lcStorage).noquote() << QStringLiteral("database writes work again (after %1 failed transactions): "
                                                         "punches are stored and acknowledged as before")
                                              .arg(m_failedSince);
        m_failedSince = 0;
        Q_EMIT writesFailingChanged(false, QString());
    } else if (!committed && !diskError.isEmpty()) {
        ++m_failedSince;
        if (!m_writesFailing) {
            m_writesFailing = true;
            // Said once per outage: every refused batch is also logged by its session.
            // m_file is a URL on PostgreSQL: shown without its password.
            const QString store = displayLocation(m_file);
            qCCritical(lcStorage).noquote()
                << QStringLiteral("cannot write the database %1: %2. Until it can be written again nothing is "
                                  "acknowledged to the terminals: they keep their punches and send them again. "
                                  "%3; TermDesk resumes by itself.")
                       .arg(store, diskError,
                            m_postgres ? QStringLiteral("Check the PostgreSQL server and the network")
                                       : QStringLiteral("Free disk space or check the disk"));
            Q_EMIT writesFailingChanged(true, diskError);
        }
    }
}

bool StorageWriter::runBatch(Queue &jobs, bool punchConnection, QList<FinishedJob> &results)
{
    PunchConnection *own = punchConnection ? m_dialect->punchConnection() : nullptr;
    m_ctx->usePunchRows(own);
    const qsizetype firstResult = results.size();
    QString &error = m_batchError;
    error.clear();
    auto failAll = [&] {
        results.resize(firstResult);
        for (const auto &[id, job] : jobs)
            results.append(failure(id, job, error));
        return false;
    };
    m_began = own ? own->begin(&error) : m_dialect->begin(&error);
    if (!m_began && !own && m_postgres) {
        // The writer's Qt connection is gone (QPSQL does not reconnect by itself): open it again
        // before the next transaction; until then nothing is acknowledged.
        m_reconnect = true;
        if (m_unreachable.isEmpty())
            m_unreachable =
                QStringLiteral("PostgreSQL unreachable since %1: %2")
                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), error.trimmed());
        error = m_unreachable;
    }
    if (!m_began)
        return failAll();
    bool ok = true;
    for (const auto &[id, job] : jobs) {
        FinishedJob done{id, WriteJobs::run(job, *m_ctx)};
        if (!WriteJobs::ok(done.outcome)) {
            error = std::visit([](const JobResult &r) { return r.error; }, done.outcome);
            ok = false;
            break;
        }
        results.append(std::move(done));
    }
    if (ok && m_failCommits.load() > 0) {
        m_failCommits.fetch_sub(1);
        error = QStringLiteral("simulated commit failure");
        ok = false;
    }
    if (ok && (own ? own->commit(&error) : m_dialect->commit(&error)))
        return true;
    if (error.isEmpty())
        error = QStringLiteral("the transaction failed");
    if (own)
        own->rollback();
    else
        m_dialect->rollback();
    return failAll();
}

} // namespace termdesk::storage
