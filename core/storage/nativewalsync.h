// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "writejob.h"

#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

namespace termdesk::storage {

/// @brief synchronous=FULL without the writer waiting on the disk. The writer's connection
/// commits with synchronous=NORMAL (in WAL mode a commit then writes the WAL but does not sync
/// it) and hands the results of each committed transaction here; this thread calls
/// fdatasync() on the WAL file and only then delivers the results, so a punch is still
/// acknowledged only once its transaction is on the disk. Meanwhile the writer runs the next
/// transaction, and one fdatasync() covers every transaction committed before it (the WAL is
/// append-only between checkpoints; a checkpoint syncs the WAL and the database itself, and
/// the WAL restarts only after every frame is in the synced database file).
/// Results are delivered in the order they were posted; if the sync fails, the committed
/// results are delivered as failures (the terminal resends; the de-dup key absorbs the rows).
class WalSyncer
{
public:
    using Deliver = std::function<void(const QList<WriteResult> &)>;

    WalSyncer(QString databaseFile, Deliver deliver);
    /// Delivers everything posted, then stops the thread.
    ~WalSyncer();
    WalSyncer(const WalSyncer &) = delete;
    WalSyncer &operator=(const WalSyncer &) = delete;

    /// From the writer thread. `committed`: the results describe a committed transaction that
    /// must reach the disk before they are delivered (false: failures, delivered in order).
    void post(QList<WriteResult> results, bool committed);
    /// Blocks until everything posted so far has been delivered.
    void waitIdle();
    /// fdatasync() calls so far (for tests and logs).
    qint64 syncCount() const;

private:
    struct Item
    {
        QList<WriteResult> results;
        bool committed;
    };
    void run();
    bool syncWal(QString *error);

    const QString m_wal;
    const QString m_dir;
    const Deliver m_deliver;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    std::deque<Item> m_items;
    bool m_busy = false;
    bool m_stop = false;
    qint64 m_syncs = 0;
    quint64 m_syncedInode = 0; ///< the WAL inode whose directory entry was synced
    std::unique_ptr<QThread> m_thread;
};

} // namespace termdesk::storage
