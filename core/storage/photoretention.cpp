// SPDX-License-Identifier: GPL-3.0-or-later
#include "photoretention.h"

#include "photopurge.h"
#include "storageclient.h"
#include "util/clock.h"
#include "util/clocktimer.h"
#include "util/logging.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace termdesk::storage {

PhotoRetention::PhotoRetention(StorageClient *storage, Clock *clock, QObject *parent)
    : QObject(parent), m_storage(storage), m_clock(clock), m_timer(new ClockTimer(clock, this))
{
    m_timer->setInterval(CHECK_MS);
    connect(m_timer, &ClockTimer::timeout, this, &PhotoRetention::purge);
}

PhotoRetention::~PhotoRetention() = default;

void PhotoRetention::setDays(int days)
{
    m_days = std::clamp(days, 0, photopurge::MAX_DAYS);
    if (m_days == 0) {
        m_timer->stop();
        return;
    }
    m_timer->start();
    QTimer::singleShot(0, this, &PhotoRetention::purge); // from the event loop: the caller finishes first
}

void PhotoRetention::purge()
{
    if (m_days == 0 || m_running)
        return;
    m_running = true;
    const qint64 now = m_clock->wallClockMs();
    PurgePhotosJob job{photopurge::cutoffMs(now, m_days), m_days, now,
                       QStringLiteral("termdesk server (privacy/photoRetentionDays)")};
    const int days = m_days;
    QPointer<PhotoRetention> self(this);
    m_storage->submit(
        std::move(job), [self, days](const PurgePhotosJob::Result &r) {
            if (!self)
                return;
            self->m_running = false;
            if (!r.ok)
                qCWarning(lcStorage).noquote() << QStringLiteral("photo retention: purge failed: %1").arg(r.error);
            else if (r.deleted > 0)
                qCInfo(lcStorage).noquote()
                    << QStringLiteral("photo retention: %1 photos older than %2 days deleted").arg(r.deleted).arg(days);
            Q_EMIT self->purged(r.deleted, r.ok ? QString() : r.error);
        });
}

} // namespace termdesk::storage
