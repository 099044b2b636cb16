// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

namespace termdesk::bench {

/// What prefillHistory() wrote.
struct PrefillResult
{
    bool ok = false;
    qint64 punches = 0;
    qint64 lastId = 0; ///< the highest punch id after the history: the run's own rows come after it
    double seconds = 0;
    QString error;
};

/// A site's history before a run: @p punches attendance punches from @p terminals terminals ("HIST0001"...),
/// spread over the @p days days that end at @p endLocalMs (local wall-clock milliseconds), in time order, as a
/// year of real terminals would have left them. Written with the SQLite C API into the database @p file, which the
/// server created (its schema) and which no process has open. The rows have the shape the server writes
/// (local_time "yyyy-MM-dd HH:mm:ss", UTC instant, offset, received time).
PrefillResult prefillHistory(const QString &file, qint64 punches, int terminals, qint64 endLocalMs, int days);

} // namespace termdesk::bench
