// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace termdesk {
class Clock;
class ClockTimer;
} // namespace termdesk

namespace termdesk::storage {

class StorageClient;

/// @brief The server side of privacy/photoRetentionDays (docs/security.md, "Photos"): while the
/// retention is set, the photos of punches older than it are deleted through the storage writer
/// (PurgePhotosJob) once when it is set and then every CHECK_MS, so no photo outlives it by more
/// than that. Times come from a Clock (tests advance a ManualClock).
class PhotoRetention final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhotoRetention)
public:
    static constexpr int CHECK_MS = 60 * 60 * 1000;

    PhotoRetention(StorageClient *storage, Clock *clock, QObject *parent = nullptr);
    ~PhotoRetention() override;

    /// Keeps photos @p days (0: forever, nothing is purged). A new value purges at once.
    void setDays(int days);
    int days() const { return m_days; }

Q_SIGNALS:
    /// One purge ended: @p deleted photos went (or it failed: @p error says why).
    void purged(int deleted, const QString &error);

private:
    void purge();

    StorageClient *m_storage;
    Clock *m_clock;
    ClockTimer *m_timer;
    int m_days = 0;
    bool m_running = false;
};

} // namespace termdesk::storage
