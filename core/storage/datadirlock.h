// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

class QLockFile;

namespace termdesk::storage {

/// @brief `termdesk.lock` in the data directory: held by a running server (the console's or
/// --headless) for as long as it has the database open, and by `termdesk restore` while it
/// replaces the database, so neither starts while the other works. A lock left by a process
/// that died is taken over (QLockFile checks whether its process still runs).
class DataDirLock
{
public:
    explicit DataDirLock(const QString &dataDir);
    ~DataDirLock();
    DataDirLock(const DataDirLock &) = delete;
    DataDirLock &operator=(const DataDirLock &) = delete;

    /// Takes the lock without waiting. false when another process holds it: *holder then
    /// describes it ("pid 1234 (termdesk) on host"), or says why the lock file cannot be written.
    bool tryLock(QString *holder);
    void unlock();
    QString fileName() const { return m_file; }

private:
    QString m_file;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace termdesk::storage
