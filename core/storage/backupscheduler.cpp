// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupscheduler.h"

#include "databasebackup.h"
#include "util/clock.h"
#include "util/duetimer.h"
#include "util/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <memory>

namespace termdesk::storage {
namespace {

struct Outcome
{
    QString path;
    QString error;
    QStringList pruned;
};

} // namespace

BackupScheduler::BackupScheduler(const QString &dbFile, Clock *clock, QObject *parent)
    : QObject(parent), m_dbFile(dbFile), m_clock(clock), m_timer(new DueTimer(clock, this))
{
    connect(m_timer, &DueTimer::reached, this, &BackupScheduler::onTimer);
}

BackupScheduler::~BackupScheduler()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void BackupScheduler::setPlan(const BackupPlan &plan)
{
    m_plan = plan;
    m_retryAtMs = 0;
    const QStringList existing = DatabaseBackup::list(m_plan.folder);
    m_lastMs = existing.isEmpty() ? 0 : DatabaseBackup::madeAtMs(existing.constFirst());
    reschedule();
}

void BackupScheduler::reschedule()
{
    m_nextMs = m_plan.nextRunMs(m_clock->wallClockMs(), m_lastMs);
    if (m_nextMs >= 0)
        m_nextMs = std::max(m_nextMs, m_retryAtMs);
    m_timer->start(m_nextMs);
}

void BackupScheduler::onTimer()
{
    if (!m_worker)
        startBackup();
}

void BackupScheduler::startBackup()
{
    const qint64 when = m_clock->wallClockMs();
    const BackupPlan plan = m_plan;
    const QString dbFile = m_dbFile;
    auto outcome = std::make_shared<Outcome>();
    m_worker = QThread::create([outcome, plan, dbFile, when] {
        outcome->path =
            DatabaseBackup::make(dbFile, plan.folder, QDateTime::fromMSecsSinceEpoch(when), &outcome->error);
        if (!outcome->path.isEmpty())
            outcome->pruned = DatabaseBackup::prune(plan.folder, plan.keep);
    });
    connect(m_worker, &QThread::finished, this, [this, outcome, when] {
        m_worker->deleteLater();
        m_worker = nullptr;
        if (outcome->path.isEmpty()) {
            m_retryAtMs = m_clock->wallClockMs() + RETRY_MS;
            qCWarning(lcStorage).noquote() << QStringLiteral("scheduled backup failed: %1; trying again in %2 min")
                                                  .arg(outcome->error)
                                                  .arg(RETRY_MS / 60'000);
        } else {
            m_retryAtMs = 0;
            m_lastMs = when;
            qCInfo(lcStorage).noquote() << QStringLiteral("backup written: %1 (%2 KiB)%3")
                                               .arg(QDir::toNativeSeparators(outcome->path))
                                               .arg(QFileInfo(outcome->path).size() / 1024)
                                               .arg(outcome->pruned.isEmpty()
                                                        ? QString()
                                                        : QStringLiteral("; %1 older deleted (keeping %2)")
                                                              .arg(outcome->pruned.size())
                                                              .arg(m_plan.keep));
        }
        Q_EMIT backupFinished(outcome->path, outcome->error, outcome->pruned);
        reschedule();
    });
    m_worker->start(QThread::LowPriority);
}

} // namespace termdesk::storage
