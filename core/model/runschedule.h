// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTime>

namespace termdesk::runschedule {

/// When a job that runs every @p intervalMs is next due, seen at @p nowMs with its last run at
/// @p lastMs (0: none yet), in UTC ms since 1970: lastMs + intervalMs, or at once (@p nowMs) when
/// none ran yet or the run is overdue (the computer was off).
qint64 everyMs(qint64 intervalMs, qint64 nowMs, qint64 lastMs);

/// When a job that runs daily at @p at (local time) is next due, seen at @p nowMs with its last
/// run at @p lastMs (0: none yet): the next @p at after nowMs, or at once (@p nowMs) when the last
/// @p at before nowMs passed without a run (or none ran yet).
qint64 dailyMs(QTime at, qint64 nowMs, qint64 lastMs);

} // namespace termdesk::runschedule
