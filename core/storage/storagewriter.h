// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "writejob.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlQuery>

#include <atomic>
#include <deque>
#include <memory>

namespace termdesk::storage {

/// @brief The one writer of the database. Lives in its own thread with its own connection.
/// Jobs queue up from any thread (submit()); each drain runs every queued job in one
/// transaction (group commit: while one transaction syncs, the next burst gathers), then
/// reports the results with finished(). A result is reported only after COMMIT returned.
/// BEGIN/COMMIT and the punch statements go through the SQLite C API (NativeStatement,
/// NativePunchInsert).
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
    /// Thread-safe. Whether results carry the stored punches (WriteResult::stored, the console's live
    /// feed); on by default. Off, nobody watching, the writer saves building them.
    void setLiveFeed(bool on) { m_liveFeed.store(on, std::memory_order_relaxed); }

    /// Call in the writer thread before anything else.
    Q_INVOKABLE bool openDatabase();
    /// Writes whatever is queued, then closes the connection. Call in the writer thread.
    Q_INVOKABLE void flushAndClose();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void finished(const QList<termdesk::storage::WriteResult> &results);

private:
    void drain();
    bool runBatch(std::deque<std::pair<quint64, WriteJob>> &jobs, QList<WriteResult> &results);
    bool runJob(const WriteJob &job, WriteResult &result);
    bool doRegister(const RegisterJob &job, WriteResult &result);
    bool doPunches(const PunchBatchJob &job, WriteResult &result);
    bool doCredential(const CredentialJob &job, WriteResult &result);
    bool doQuarantine(qint64 terminalId, const QString &kind, const QuarantinedRecord &record, qint64 receivedMs);
    bool doSeen(const TerminalSeenJob &job);
    bool doReport(const ReportJob &job, WriteResult &result);
    bool doClaim(const ClaimCommandJob &job, WriteResult &result);
    bool doComplete(const CompleteCommandJob &job);
    bool doEnqueue(const EnqueueCommandsJob &job, WriteResult &result);
    bool doPoll(const PollCommandsJob &job, WriteResult &result);
    bool doTerminalState(const TerminalStateJob &job);
    bool doTerminalUsers(const TerminalUsersJob &job);
    bool execPrepared(QSqlQuery &q);
    bool prepareTcpAndCommandStatements();
    bool prepareQueueStatements();
    bool prepareStatements();
    bool execSql(const QString &sql);
    bool beginTransaction();
    bool commitTransaction();
    void rollbackTransaction();

    const QString m_file;
    const OpenOptions m_options;
    const bool m_storePhotos;
    const QString m_connection;
    bool m_open = false;
    QString m_lastError;

    QMutex m_mutex;
    std::deque<std::pair<quint64, WriteJob>> m_queue;
    quint64 m_nextId = 1;
    bool m_scheduled = false;
    std::atomic<int> m_failCommits{0};
    std::atomic<bool> m_liveFeed{true};

    struct Statements;
    std::unique_ptr<Statements> m_st;
};

} // namespace termdesk::storage
