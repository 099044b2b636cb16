// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QString>

namespace termdesk::storage {

class JobContext;

/// A terminal came online or went offline (after the debounce, net/presenceevents.h): the
/// terminal.online / terminal.offline webhook event, and for offline its last-seen time moved to
/// the disconnect (never backwards), in one transaction; an offline is skipped when the terminal
/// is served by another server of the same database (`server`).
struct TerminalPresenceJob
{
    bool online = true;
    QString sn;
    QString protocol; ///< "ws" or "tcp"
    QString peer;     ///< remote address as the server saw it
    qint64 atMs = 0;  ///< UTC ms: the admission, or the disconnect for offline
    QString reason;   ///< offline: why the connection ended, when known
    /// PostgreSQL with terminal leases: this server's name. An offline is not written while another
    /// server holds an unexpired lease on the terminal (it moved there; that server writes its events).
    QString server;
    qint64 nowMs = 0; ///< UTC ms when the job was made: the lease expiry is compared with it

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
