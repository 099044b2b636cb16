// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "walcheckpointer.h"
#include "writejob.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace termdesk::storage {

class StorageWriter;

/// @brief The engine thread's handle on the writer thread: submit a job with a callback,
/// and the callback runs in the caller's thread once the job's transaction committed
/// (result.ok) or failed (!result.ok). The callback receives the job's own result type
/// (`Job::Result`, e.g. RegisterResult for a RegisterJob); one that needs only ok / error may
/// take a `const JobResult &`.
class StorageClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StorageClient)
public:
    template <typename Job> using Callback = std::function<void(const typename Job::Result &)>;

    StorageClient(const QString &file, const OpenOptions &options, bool storePhotos, QObject *parent = nullptr);
    ~StorageClient() override;

    /// Starts the writer thread and opens the database; blocks until it is open.
    bool start(QString *error);
    /// Writes everything queued, runs the callbacks, closes the database, stops the thread.
    void stop();

    template <typename Job> void submit(Job job, Callback<Job> done = {})
    {
        static_assert(WriteJobs::contains<Job>, "a job submitted to storage must be listed in WriteJob (writejob.h)");
        constexpr std::size_t index = WriteJobs::indexOf<Job>();
        Completion completion;
        if (done)
            completion = [done = std::move(done)](const JobOutcome &o) { done(std::get<index>(o)); };
        submitJob(WriteJob(std::in_place_index<index>, std::move(job)), std::move(completion));
    }
    int pending() const { return static_cast<int>(m_callbacks.size()); }

    StorageWriter *writer() const { return m_writer; }
    const WalCheckpointer *checkpointer() const { return m_checkpointer.get(); }
    /// Thread-safe: whether punchesInserted() is fed (StorageWriter::setLiveFeed).
    void setLiveFeed(bool on);

Q_SIGNALS:
    /// Emitted after the callbacks of each committed burst ran; `inserted` counts punches and
    /// door events newly stored.
    void burstDone(int jobs, int inserted);
    /// The attendance punches a burst newly stored, after its commit.
    void punchesInserted(const QList<termdesk::StoredPunch> &punches);
    /// The disk refuses writes (@p failing: full, read-only, I/O error; @p error says which) or
    /// takes them again (StorageWriter::writesFailingChanged). Nothing is acknowledged meanwhile.
    void writesFailingChanged(bool failing, const QString &error);

private:
    using Completion = std::function<void(const JobOutcome &)>;
    void submitJob(WriteJob job, Completion done);
    void onFinished(const QList<termdesk::storage::FinishedJob> &results);

    QThread m_thread;
    StorageWriter *m_writer = nullptr;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    QHash<quint64, Completion> m_callbacks;
    bool m_running = false;
};

} // namespace termdesk::storage
