// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAtomicInteger>
#include <QObject>
#include <QThread>

namespace termdesk::storage {

/// @brief Copies the write-ahead log back into the database on a thread of its own, so the storage
/// writer does not do it inside its commits: this connection runs `PRAGMA wal_checkpoint(PASSIVE)`
/// every @p intervalMs (it never waits for readers or the writer and copies only committed frames:
/// durability stays the WAL's). The writer's own automatic checkpoint is raised to WRITER_AUTO_PAGES,
/// a safety net should this thread fall behind. With checkpoints in the commit path, 50 terminals ×
/// 50-record batches stored ~20 % fewer punches per second (docs/performance.md). The final
/// checkpoint is the writer's, when it closes.
class WalCheckpointer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WalCheckpointer)
public:
    WalCheckpointer(const QString &databaseFile, const QString &synchronous, int intervalMs, QObject *parent = nullptr);
    ~WalCheckpointer() override;

    void start();
    void stop(); ///< waits for a checkpoint in progress

    /// The writer's wal_autocheckpoint while this runs (pages; SQLite's default is 1 000).
    static constexpr int WRITER_AUTO_PAGES = 16'000;
    /// A PASSIVE checkpoint never lets the log start again from its beginning while the writer
    /// keeps committing, so the WAL file would grow to WRITER_AUTO_PAGES, and every commit that
    /// makes the file longer pays for it at fsync (a 50-row commit with synchronous=FULL: ~255 us
    /// into a log file that is reused, ~380 us into one that grows). Once a pass leaves more than
    /// this many frames, a RESTART checkpoint is tried that never waits (busy timeout 0): when
    /// the writer is between transactions and no reader still needs the log, it copies the few
    /// frames left and the writer's next commit writes the log from its start again.
    static constexpr int RESTART_FRAMES = 1'000;

    /// Checkpoints run, and the frames the last one found in the WAL and had copied.
    qint64 checkpoints() const { return m_runs.loadRelaxed(); }
    qint64 lastWalFrames() const { return m_walFrames.loadRelaxed(); }
    qint64 lastCopiedFrames() const { return m_copied.loadRelaxed(); }
    /// RESTART checkpoints that completed (the log starts again from its beginning).
    qint64 restarts() const { return m_restarts.loadRelaxed(); }

private:
    QThread m_thread;
    QObject *m_worker; ///< lives in m_thread
    QString m_file;
    QString m_synchronous;
    QString m_connection;
    int m_intervalMs;
    QAtomicInteger<qint64> m_runs{0};
    QAtomicInteger<qint64> m_walFrames{0};
    QAtomicInteger<qint64> m_copied{0};
    QAtomicInteger<qint64> m_restarts{0};
};

} // namespace termdesk::storage
