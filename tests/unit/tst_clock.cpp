// SPDX-License-Identifier: GPL-3.0-or-later
// The clock seam: a ManualClock moves only when advanced, and ClockTimers on it fire when it
// passes their deadline, never by themselves.
#include "util/clock.h"
#include "util/clocktimer.h"

#include <QSignalSpy>
#include <QTest>

using namespace termdesk;

class TestClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manualClockMovesOnlyWhenAdvanced()
    {
        ManualClock clock(1'748'736'000'000);
        const qint64 start = clock.monotonicMs();
        QCOMPARE(clock.wallClockMs(), qint64(1'748'736'000'000));
        QVERIFY(clock.isManual());
        QSignalSpy advanced(&clock, &Clock::advanced);
        clock.advance(1500);
        QCOMPARE(clock.monotonicMs(), start + 1500);
        QCOMPARE(clock.wallClockMs(), qint64(1'748'736'001'500));
        QCOMPARE(advanced.count(), 1);
        clock.advance(0); // not a move
        QCOMPARE(advanced.count(), 1);
        QVERIFY(!Clock::system()->isManual());
    }

    void singleShotFiresOnceWhenTheDeadlinePasses()
    {
        ManualClock clock;
        ClockTimer timer(&clock);
        timer.setSingleShot(true);
        QSignalSpy fired(&timer, &ClockTimer::timeout);
        timer.start(1000);
        QVERIFY(timer.isActive());
        clock.advance(999);
        QCOMPARE(fired.count(), 0);
        clock.advance(1);
        QCOMPARE(fired.count(), 1);
        QVERIFY(!timer.isActive());
        clock.advance(5000);
        QCOMPARE(fired.count(), 1);
        // Restarting moves the deadline from now; stop() cancels it.
        timer.start(1000);
        clock.advance(600);
        timer.start(1000);
        clock.advance(600);
        QCOMPARE(fired.count(), 1);
        timer.stop();
        clock.advance(1000);
        QCOMPARE(fired.count(), 1);
    }

    void periodicFiresOncePerAdvanceFromNow()
    {
        ManualClock clock;
        ClockTimer timer(&clock);
        timer.setInterval(100);
        QSignalSpy fired(&timer, &ClockTimer::timeout);
        timer.start();
        clock.advance(1000); // however far: once, and the next period starts now
        QCOMPARE(fired.count(), 1);
        clock.advance(99);
        QCOMPARE(fired.count(), 1);
        clock.advance(1);
        QCOMPARE(fired.count(), 2);
        QVERIFY(timer.isActive());
    }

    void onTheSystemClockItIsAQTimer()
    {
        ClockTimer timer(Clock::system());
        timer.setSingleShot(true);
        QSignalSpy fired(&timer, &ClockTimer::timeout);
        timer.start(1);
        QVERIFY(fired.wait(5000));
        QCOMPARE(fired.count(), 1);
        QVERIFY(!timer.isActive());
    }
};

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
