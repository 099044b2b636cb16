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
/// (result.ok) or failed (!result.ok).
class StorageClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StorageClient)
public:
    using Callback = std::function<void(const WriteResult &)>;

    StorageClient(const QString &file, const OpenOptions &options, bool storePhotos, QObject *parent = nullptr);
    ~StorageClient() override;

    /// Starts the writer thread and opens the database; blocks until it is open.
    bool start(QString *error);
    /// Writes everything queued, runs the callbacks, closes the database, stops the thread.
    void stop();

    void submit(WriteJob job, Callback done = {});
    int pending() const { return static_cast<int>(m_callbacks.size()); }

    StorageWriter *writer() const { return m_writer; }
    const WalCheckpointer *checkpointer() const { return m_checkpointer.get(); }
    /// Thread-safe: whether punchesInserted() is fed (StorageWriter::setLiveFeed).
    void setLiveFeed(bool on);

Q_SIGNALS:
    /// Emitted after the callbacks of each committed burst ran.
    void burstDone(int jobs, int inserted);
    /// The attendance punches a burst newly stored, after its commit.
    void punchesInserted(const QList<termdesk::StoredPunch> &punches);

private:
    void onFinished(const QList<termdesk::storage::WriteResult> &results);

    QThread m_thread;
    StorageWriter *m_writer = nullptr;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    QHash<quint64, Callback> m_callbacks;
    bool m_running = false;
};

} // namespace termdesk::storage
