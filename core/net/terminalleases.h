// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"
#include "util/clocktimer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace termdesk::net {

class TerminalSession;

/// @brief The leases of the terminals connected to this server, when several servers share one
/// PostgreSQL database (docs/multi-pc.md, "Several servers on one database"). A terminal admitted
/// here is claimed (storage::ClaimLeaseJob: the last connect wins, its epoch is the fencing
/// token of its command claims), every lease is renewed in one statement every leaseRenewMs, and
/// a connection whose lease was taken over by another connection (another epoch), or could not be
/// renewed for leaseTtlMs (the database gone), is closed. Released when the connection ends.
/// Only for a PostgreSQL store: with SQLite the engine makes none. Lives in the engine thread.
class TerminalLeases final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalLeases)
public:
    TerminalLeases(const SessionContext &context, QString serverId, QObject *parent = nullptr);
    ~TerminalLeases() override;

    const QString &serverId() const { return m_serverId; }
    void start();
    void stop();

    /// @p session was admitted as @p sn: claims its lease; @p done gets the epoch (0: the claim
    /// failed, the reason logged).
    void claim(TerminalSession *session, const QString &sn, std::function<void(qint64 epoch)> done);
    /// The connection of @p sn holding @p epoch ended: its lease row goes.
    void release(const QString &sn, qint64 epoch);
    /// The server stops: every lease still held is released.
    void releaseAll();
    /// Renews now (the timer does it every leaseRenewMs).
    void renew();

private:
    struct Held
    {
        qint64 epoch = 0;
        QPointer<TerminalSession> session;
    };
    void closeAll(const QString &reason);

    SessionContext m_ctx;
    const QString m_serverId;
    ClockTimer m_timer;
    QHash<QString, Held> m_held;
    qint64 m_lastRenewedMs = 0; ///< monotonic ms of the last renewal that committed
    bool m_renewing = false;
};

} // namespace termdesk::net
