// SPDX-License-Identifier: GPL-3.0-or-later
#include "datadirlock.h"

#include <QDir>
#include <QLockFile>

namespace termdesk::storage {

DataDirLock::DataDirLock(const QString &dataDir)
    : m_file(QDir(dataDir).filePath(QStringLiteral("termdesk.lock"))), m_lock(std::make_unique<QLockFile>(m_file))
{
    m_lock->setStaleLockTime(0); // stale only when its process is gone, however long a server runs
}

DataDirLock::~DataDirLock() = default;

bool DataDirLock::tryLock(QString *holder)
{
    if (m_lock->isLocked() || m_lock->tryLock(0))
        return true;
    if (holder) {
        qint64 pid = 0;
        QString host;
        QString app;
        if (m_lock->error() == QLockFile::LockFailedError && m_lock->getLockInfo(&pid, &host, &app))
            *holder = QStringLiteral("pid %1 (%2) on %3").arg(pid).arg(app, host);
        else if (m_lock->error() == QLockFile::PermissionError)
            *holder = QStringLiteral("cannot write %1").arg(QDir::toNativeSeparators(m_file));
        else
            *holder = QStringLiteral("%1 is held").arg(QDir::toNativeSeparators(m_file));
    }
    return false;
}

void DataDirLock::unlock()
{
    m_lock->unlock();
}

} // namespace termdesk::storage
