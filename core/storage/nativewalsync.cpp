// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativewalsync.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace termdesk::storage {

WalSyncer::WalSyncer(QString databaseFile, Deliver deliver)
    : m_wal(databaseFile + QStringLiteral("-wal")), m_dir(QFileInfo(databaseFile).absolutePath()),
      m_deliver(std::move(deliver))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("termdesk-walsync"));
    m_thread->start();
}

WalSyncer::~WalSyncer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void WalSyncer::post(QList<WriteResult> results, bool committed)
{
    QMutexLocker lock(&m_mutex);
    m_items.push_back(Item{std::move(results), committed});
    m_wake.wakeAll();
}

void WalSyncer::waitIdle()
{
    QMutexLocker lock(&m_mutex);
    while (!m_items.empty() || m_busy)
        m_idle.wait(&m_mutex);
}

qint64 WalSyncer::syncCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_syncs;
}

void WalSyncer::run()
{
    for (;;) {
        std::deque<Item> items;
        {
            QMutexLocker lock(&m_mutex);
            while (m_items.empty() && !m_stop)
                m_wake.wait(&m_mutex);
            if (m_items.empty())
                return; // stopping and nothing left
            items.swap(m_items);
            m_busy = true;
        }
        bool needSync = false;
        for (const Item &i : items)
            needSync = needSync || i.committed;
        QString error;
        const bool synced = !needSync || syncWal(&error);
        QList<WriteResult> out;
        for (Item &i : items) {
            for (WriteResult &r : i.results) {
                if (i.committed && !synced && r.ok)
                    r = WriteResult::failure(r.id, QStringLiteral("syncing the database to disk failed: ") + error);
                out.append(std::move(r));
            }
        }
        m_deliver(out);
        QMutexLocker lock(&m_mutex);
        if (needSync)
            ++m_syncs;
        m_busy = false;
        if (m_items.empty())
            m_idle.wakeAll();
    }
}

bool WalSyncer::syncWal(QString *error)
{
    const QByteArray path = QFile::encodeName(m_wal);
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("%1: %2").arg(m_wal, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    bool ok = ::fdatasync(fd) == 0;
    if (!ok)
        *error = QStringLiteral("fdatasync %1: %2").arg(m_wal, QString::fromLocal8Bit(std::strerror(errno)));
    struct stat st
    {
    };
    if (ok && ::fstat(fd, &st) == 0 && static_cast<quint64>(st.st_ino) != m_syncedInode) {
        // A new WAL file: its directory entry must be on the disk too (SQLite's FULL does this).
        const int dir = ::open(QFile::encodeName(m_dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            ok = ::fsync(dir) == 0;
            if (!ok)
                *error = QStringLiteral("fsync %1: %2").arg(m_dir, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(dir);
        }
        if (ok)
            m_syncedInode = static_cast<quint64>(st.st_ino);
    }
    ::close(fd);
    return ok;
}

} // namespace termdesk::storage
