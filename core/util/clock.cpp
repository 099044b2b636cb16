// SPDX-License-Identifier: GPL-3.0-or-later
#include "clock.h"

namespace termdesk {

Clock::~Clock() = default;

Clock *Clock::system()
{
    // Never deleted: timers of objects destroyed at exit may still ask it.
    static Clock *const clock = new Clock;
    return clock;
}

ManualClock::ManualClock(qint64 wallMs, QObject *parent) : Clock(parent), m_wall(wallMs) {}

ManualClock::~ManualClock() = default;

void ManualClock::advance(qint64 ms)
{
    if (ms <= 0)
        return;
    m_monotonic += ms;
    m_wall += ms;
    Q_EMIT advanced();
}

} // namespace termdesk
