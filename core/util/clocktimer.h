// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"

#include <QObject>
#include <QTimer>

namespace termdesk {

/// @brief A timer on a Clock. On the real clock it is a QTimer; on a ManualClock it fires when the
/// clock is advanced past its deadline (and never by itself), so a test moves time instead of
/// waiting for it. Periodic unless setSingleShot(true); a periodic timer fires at most once per
/// advance, however far the clock moved.
class ClockTimer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClockTimer)
public:
    explicit ClockTimer(Clock *clock, QObject *parent = nullptr);
    ~ClockTimer() override;

    void setSingleShot(bool singleShot) { m_singleShot = singleShot; }
    void setInterval(int ms) { m_interval = ms; }
    int interval() const { return m_interval; }
    bool isActive() const { return m_active; }

    /// (Re)starts: the first timeout comes interval() ms from now.
    void start();
    void start(int ms);
    void stop();

Q_SIGNALS:
    void timeout();

private:
    void onAdvanced();
    void fire();

    Clock *m_clock;
    QTimer m_timer; ///< the real clock's timer; idle on a manual clock
    qint64 m_deadline = 0;
    int m_interval = 0;
    bool m_singleShot = false;
    bool m_active = false;
};

} // namespace termdesk
