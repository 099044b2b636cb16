// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

#include <atomic>

namespace termdesk {

/// Monotonic milliseconds (never jumps with the wall clock): for timeouts.
inline qint64 monotonicMs()
{
    static const QElapsedTimer origin = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return origin.elapsed();
}

/// Wall clock, UTC milliseconds since 1970: for what we store.
inline qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// @brief Where the engine reads the time: idle and handshake deadlines, reply timeouts, retries,
/// the command poll, last seen, clock drift. The engine uses system() unless a test gives it a
/// ManualClock, which moves only when the test advances it; ClockTimer runs on either.
class Clock : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Clock)
public:
    using QObject::QObject;
    ~Clock() override;

    /// The real clock (the free functions above). One for the process, never deleted.
    static Clock *system();

    virtual qint64 monotonicMs() const { return termdesk::monotonicMs(); }
    virtual qint64 wallClockMs() const { return termdesk::wallClockMs(); }
    /// True when time moves only by advance(): timers then wait for advanced(), not for real time.
    virtual bool isManual() const { return false; }

Q_SIGNALS:
    /// A manual clock moved forward: deadlines that passed are due.
    void advanced();
};

/// @brief A clock that stands still until advance() moves it (tests): both its monotonic and its
/// wall time move by the same amount. Thread-safe reads.
class ManualClock final : public Clock
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManualClock)
public:
    /// Starts at wall time @p wallMs (default: now) and monotonic time 1 000 000 ms.
    explicit ManualClock(qint64 wallMs = termdesk::wallClockMs(), QObject *parent = nullptr);
    ~ManualClock() override;

    qint64 monotonicMs() const override { return m_monotonic.load(); }
    qint64 wallClockMs() const override { return m_wall.load(); }
    bool isManual() const override { return true; }

    /// Moves time forward by @p ms (> 0), then emits advanced(): the ClockTimers that are due fire.
    void advance(qint64 ms);

private:
    std::atomic<qint64> m_monotonic{1'000'000};
    std::atomic<qint64> m_wall;
};

} // namespace termdesk
