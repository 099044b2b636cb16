// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace termdesk {

class Clock;
class ClockTimer;

/// @brief Fires once when a Clock's wall time reaches a due time (UTC ms): what a schedule waits
/// on (backups, scheduled exports). A due time already passed fires at once, from the event loop.
/// A long wait is taken in steps of at most a day (ClockTimer's interval is an int of ms), and the
/// wall time is looked at again after each; on a ManualClock it fires when the clock is advanced.
class DueTimer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DueTimer)
public:
    explicit DueTimer(Clock *clock, QObject *parent = nullptr);
    ~DueTimer() override;

    /// Fires reached() once at @p dueMs; -1 stops the timer.
    void start(qint64 dueMs);
    void stop() { start(-1); }
    /// The due time waited for, -1 when stopped (also after reached()).
    qint64 dueMs() const { return m_dueMs; }

Q_SIGNALS:
    void reached();

private:
    void check();

    Clock *m_clock;
    ClockTimer *m_timer;
    qint64 m_dueMs = -1;
};

} // namespace termdesk
