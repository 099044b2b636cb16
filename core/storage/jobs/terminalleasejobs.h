// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QHash>
#include <QString>

namespace termdesk::storage {

class JobContext;

struct ClaimLeaseResult : JobResult
{
    qint64 epoch = 0;      ///< this server's fencing token for the terminal from now on
    int requeued = 0;      ///< commands sent earlier (by any server) and not answered, queued again
    QString previousOwner; ///< the server that held the terminal before, empty when none
};

/// A terminal connected to this server: it owns the terminal now (docs/multi-pc.md, "Several
/// servers on one database"). Upserts the lease row (server = me, epoch + 1, expiry now + ttl;
/// the last connect wins) and puts the terminal's sent-but-unanswered commands back in the queue,
/// for this connection to send again: the protocols' commands are idempotent writes.
struct ClaimLeaseJob
{
    QString sn;
    QString serverId;
    qint64 nowMs = 0;
    qint64 ttlMs = 30'000;

    using Result = ClaimLeaseResult;
    bool run(JobContext &ctx, Result &out) const;
};

struct RenewLeasesResult : JobResult
{
    QHash<QString, qint64> held; ///< serial → epoch of every lease this server still holds
};

/// Extends every lease of this server in one UPDATE, returning what it still holds: a terminal
/// missing there, or with another epoch, was taken over by another connection.
struct RenewLeasesJob
{
    QString serverId;
    qint64 nowMs = 0;
    qint64 ttlMs = 30'000;

    using Result = RenewLeasesResult;
    bool run(JobContext &ctx, Result &out) const;
};

/// The connection of a terminal ended cleanly: its lease row goes, unless another connection
/// took it over meanwhile (another epoch).
struct ReleaseLeaseJob
{
    QString sn;
    QString serverId;
    qint64 epoch = 0;

    using Result = JobResult;
    bool run(JobContext &ctx, Result &out) const;
};

/// The fence of every command claim and completion: whether @p serverId still holds the lease of
/// @p sn with @p epoch, in @p holds. The row is locked until the transaction ends (PostgreSQL), so
/// a takeover waits for this transaction, then finds (and re-queues) what it marked sent. False
/// (the reason in @p ctx) when the statement failed.
bool holdsLease(JobContext &ctx, const QString &sn, const QString &serverId, qint64 epoch, bool *holds);

} // namespace termdesk::storage
