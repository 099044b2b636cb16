// SPDX-License-Identifier: GPL-3.0-or-later
#include "clocktimer.h"

namespace termdesk {

ClockTimer::ClockTimer(Clock *clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    if (m_clock->isManual())
        connect(m_clock, &Clock::advanced, this, &ClockTimer::onAdvanced);
    else
        connect(&m_timer, &QTimer::timeout, this, &ClockTimer::fire);
}

ClockTimer::~ClockTimer() = default;

void ClockTimer::start()
{
    m_active = true;
    m_deadline = m_clock->monotonicMs() + m_interval;
    if (!m_clock->isManual()) {
        m_timer.setSingleShot(m_singleShot);
        m_timer.start(m_interval);
    }
}

void ClockTimer::start(int ms)
{
    m_interval = ms;
    start();
}

void ClockTimer::stop()
{
    m_active = false;
    m_timer.stop();
}

void ClockTimer::onAdvanced()
{
    if (m_active && m_clock->monotonicMs() >= m_deadline)
        fire();
}

void ClockTimer::fire()
{
    if (!m_active)
        return;
    if (m_singleShot)
        m_active = false;
    else
        m_deadline = m_clock->monotonicMs() + m_interval;
    Q_EMIT timeout();
}

} // namespace termdesk
