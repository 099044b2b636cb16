// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <deque>
#include <utility>

namespace termdesk::ui {

/// @brief Punches per second over a sliding window (one second by default), fed with the sizes of the
/// engine's coalesced batches. Time is passed in (monotonic ms), so tests control the clock.
class PunchRateMeter
{
public:
    explicit PunchRateMeter(qint64 windowMs = 1000) : m_windowMs(windowMs) {}

    void add(qint64 nowMs, qint64 count)
    {
        m_samples.emplace_back(nowMs, count);
        m_sum += count;
        expire(nowMs);
    }

    /// Punches per second in the window ending at @p nowMs.
    double rate(qint64 nowMs)
    {
        expire(nowMs);
        return double(m_sum) * 1000.0 / double(m_windowMs);
    }

private:
    void expire(qint64 nowMs)
    {
        while (!m_samples.empty() && m_samples.front().first <= nowMs - m_windowMs) {
            m_sum -= m_samples.front().second;
            m_samples.pop_front();
        }
    }

    qint64 m_windowMs;
    std::deque<std::pair<qint64, qint64>> m_samples;
    qint64 m_sum = 0;
};

} // namespace termdesk::ui
