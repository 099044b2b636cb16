// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "writejob.h"

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <deque>
#include <memory>

namespace termdesk::storage {

class JobContext;
class SqlDialect;

/// @brief The one writer of the database. Lives in its own thread with its own connection.
/// Jobs queue up from any thread (submit()); each drain runs every queued job in one
/// transaction (group commit: while one transaction syncs, the next burst gathers), then
/// reports the results with finished(). A result is reported only after COMMIT returned. On
/// PostgreSQL with libpq, runs of plain punch batches are transactions of their own on the
/// dialect's punch connection (SqlDialect::punchConnection), in the order the jobs came.
/// What a job writes is the job's own (core/storage/jobs/); what depends on the database
/// engine is the SqlDialect's.
class StorageWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StorageWriter)
public:
    StorageWriter(QString file, OpenOptions options, bool storePhotos, QObject *parent = nullptr);
    ~StorageWriter() override;

    /// Thread-safe. Returns the job id that finished() will carry.
    quint64 submit(WriteJob job);

    /// Test seam: the next n transactions fail as if COMMIT had failed. A drain of several
    /// jobs retries each alone afterwards, so the failure reaches a job's callback only when
    /// that job was alone in its transaction (or n covers the retries too).
    void failNextCommits(int n) { m_failCommits.store(n); }
    /// Thread-safe. Whether punch results carry the stored punches (PunchBatchResult::stored, the
    /// console's live feed); on by default. Off, nobody watching, the writer saves building them.
    void setLiveFeed(bool on) { m_liveFeed.store(on, std::memory_order_relaxed); }
    /// Whether the open connection's punch path is SQLite's C API (OpenOptions::sqliteCApi where
    /// the build allows it). Set by openDatabase().
    bool usesSqliteCApi() const { return m_sqliteCApi.load(); }
    /// Whether plain punch batches go through a punch connection of their own (PostgreSQL through
    /// libpq, OpenOptions::postgresLibpq where the build has it). Set by openDatabase().
    bool usesPunchConnection() const { return m_punchConnection.load(); }

    /// Call in the writer thread before anything else.
    Q_INVOKABLE bool openDatabase();
    /// Writes whatever is queued, then closes the connection. Call in the writer thread.
    Q_INVOKABLE void flushAndClose();

    /// Whether the last transaction failed on the disk (full, read-only, I/O error) and none
    /// committed since. Writer thread.
    bool writesFailing() const { return m_writesFailing; }
    /// Whether @p error (a failed transaction's text) is the disk's fault, not a job's: SQLite's
    /// texts for SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY and SQLITE_CANTOPEN.
    static bool isDiskError(const QString &error);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void finished(const QList<termdesk::storage::FinishedJob> &results);
    /// Writes began failing on the disk (@p failing, @p error says how) or work again (the first
    /// commit after): emitted on each change only, after it was logged.
    void writesFailingChanged(bool failing, const QString &error);

private:
    using Queue = std::deque<std::pair<quint64, WriteJob>>;
    void drain();
    /// Whether `job` runs on the dialect's punch connection (a plain punch batch, when there is one).
    bool onPunchConnection(const WriteJob &job) const;
    /// `jobs` in one transaction (on the punch connection or the writer's), each alone if that failed.
    void runTransaction(Queue &jobs, bool punchConnection, QList<FinishedJob> &results);
    bool runBatch(Queue &jobs, bool punchConnection, QList<FinishedJob> &results);
    void noteDiskState(const QList<FinishedJob> &results);
    /// Opens the connection, the dialect and the job context; false with @p error.
    bool openConnection(QString *error);
    /// PostgreSQL went away (a transaction could not begin): opens the connection again, at once
    /// the first time, then no more often than every 1, 2, 4 ... 30 s. False while it cannot.
    bool reconnect(QString *error);
    void close();

    const QString m_file;
    const OpenOptions m_options;
    const bool m_storePhotos;
    const QString m_connection;
    std::unique_ptr<SqlDialect> m_dialect;
    std::unique_ptr<JobContext> m_ctx; ///< null while closed
    QString m_batchError;              ///< why the last transaction failed
    bool m_began = false;              ///< whether the last transaction began
    bool m_writesFailing = false;      ///< writesFailing()
    int m_failedSince = 0;             ///< transactions failed on the disk since writes began failing
    const bool m_postgres;             ///< m_file is a postgresql:// URL
    bool m_reconnect = false;          ///< PostgreSQL went away: reconnect() before the next transaction
    QElapsedTimer m_reconnectClock;    ///< since the last try to connect again
    int m_reconnectDelayMs = 0;        ///< how long to wait before the next try
    QString m_unreachable;             ///< "PostgreSQL unreachable since ...: why", while it is

    QMutex m_mutex;
    Queue m_queue;
    quint64 m_nextId = 1;
    bool m_scheduled = false;
    std::atomic<int> m_failCommits{0};
    std::atomic<bool> m_liveFeed{true};
    std::atomic<bool> m_sqliteCApi{false};
    std::atomic<bool> m_punchConnection{false};
};

} // namespace termdesk::storage
