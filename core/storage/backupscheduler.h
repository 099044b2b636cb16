// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/backupplan.h"

#include <QObject>
#include <QString>
#include <QStringList>

class QThread;

namespace termdesk {
class Clock;
class DueTimer;
} // namespace termdesk

namespace termdesk::storage {

/// @brief Backs the server's database up on its BackupPlan (docs/backup.md): each backup is made
/// by DatabaseBackup::make() in a thread of its own, on a read-only connection of its own, so the
/// storage writer and the sessions never wait for it; then the folder is pruned to the plan's
/// `keep`. Times come from a Clock (tests advance a ManualClock). The last backup is the newest
/// file in the folder, so a restart neither repeats nor postpones one; a backup that failed is
/// tried again RETRY_MS later.
class BackupScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupScheduler)
public:
    static constexpr qint64 RETRY_MS = 15 * 60 * 1000;

    /// @p folder of the plans given later is absolute (EngineConfig::backupPlan() resolves it).
    BackupScheduler(const QString &dbFile, Clock *clock, QObject *parent = nullptr);
    /// Waits for a backup under way.
    ~BackupScheduler() override;

    /// Follows @p plan from now on (computes the next backup at once).
    void setPlan(const BackupPlan &plan);
    const BackupPlan &plan() const { return m_plan; }
    /// When the next backup is due (UTC ms), -1 when none is planned.
    qint64 nextRunMs() const { return m_nextMs; }
    bool isBackingUp() const { return m_worker != nullptr; }

Q_SIGNALS:
    /// A backup ended: @p path written (empty on failure, @p error says why), @p pruned the older
    /// backups deleted to keep plan().keep.
    void backupFinished(const QString &path, const QString &error, const QStringList &pruned);

private:
    void reschedule();
    void onTimer();
    void startBackup();

    QString m_dbFile;
    Clock *m_clock;
    DueTimer *m_timer;
    BackupPlan m_plan;
    qint64 m_nextMs = -1;
    qint64 m_lastMs = 0;    ///< the newest backup (made or found), UTC ms
    qint64 m_retryAtMs = 0; ///< after a failure: not before this
    QThread *m_worker = nullptr;
};

} // namespace termdesk::storage
