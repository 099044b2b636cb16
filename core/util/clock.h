// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>

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

} // namespace termdesk
