// SPDX-License-Identifier: GPL-3.0-or-later
#include "duetimer.h"

#include "clocktimer.h"

#include <algorithm>

namespace termdesk {

DueTimer::DueTimer(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_timer(new ClockTimer(clock, this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &ClockTimer::timeout, this, &DueTimer::check);
}

DueTimer::~DueTimer() = default;

void DueTimer::start(qint64 dueMs)
{
    m_timer->stop();
    m_dueMs = dueMs;
    if (dueMs < 0)
        return;
    const qint64 wait = std::clamp<qint64>(dueMs - m_clock->wallClockMs(), 0, 24 * 3'600'000);
    m_timer->start(static_cast<int>(wait));
    if (wait == 0)
        QMetaObject::invokeMethod(this, &DueTimer::check, Qt::QueuedConnection);
}

void DueTimer::check()
{
    if (m_dueMs < 0)
        return;
    if (m_clock->wallClockMs() < m_dueMs) {
        start(m_dueMs); // a step of a long wait
        return;
    }
    stop();
    Q_EMIT reached();
}

} // namespace termdesk
