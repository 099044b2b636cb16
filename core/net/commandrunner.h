// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/commandstate.h"
#include "net/sessioncontext.h"
#include "storage/writejob.h"
#include "util/clocktimer.h"

#include <QJsonObject>
#include <QObject>

#include <optional>

namespace termdesk::net {

/// @brief The durable command queue of one connected terminal, whatever its transport
/// (docs/commands.md): claims the oldest queued row through the writer, keeps one row in flight
/// under a reply timeout on the context's clock, and finishes it; when the connection goes, the
/// row in flight goes back to the queue (failed on its last try). The transport's runner
/// (WsCommandRunner, TcpCommandRunner) decides when to claim, sends the row and reads the
/// answers. Lives in the engine thread, a child of its session.
class CommandRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandRunner)
public:
    explicit CommandRunner(const SessionContext &context, QObject *parent = nullptr);
    ~CommandRunner() override;

    /// The connection is going: the command in flight goes back to the queue (failed on its
    /// last try) and nothing more is claimed.
    void stop(const QString &why);
    bool isActive() const { return m_active; }
    /// The terminal's lease on this server (several servers on one database): claims and
    /// completions are fenced with @p epoch (storage::holdsLease()). 0 (the default): no lease.
    void setLease(const QString &serverId, qint64 epoch)
    {
        m_serverId = serverId;
        m_epoch = epoch;
    }
    bool hasCommandInFlight() const { return m_row.has_value(); }

protected:
    /// The terminal registered (or logged in) as @p sn: commands may be claimed.
    void activate(const QString &sn, qint64 terminalId, std::optional<int> utcOffsetMin);
    /// Asks the writer for the oldest queued row; this terminal's rows left sent longer than
    /// @p staleMs go back to the queue (or fail) first. A row that comes back after stop() (or
    /// for another serial) is queued again unsent; else sendCommand() gets it, in flight.
    void claim(qint64 staleMs);
    bool isClaiming() const { return m_claiming; }
    /// Completes the row in flight: done, failed or queued (to retry), @p summary of the
    /// answer (never biometric data; else progress()) and why; finished() follows once that is
    /// recorded.
    void finish(CommandState state, const QString &reason, const QJsonObject &summary = {});
    /// No answer in time: queued again, or failed after its last try. @p retry: when the next
    /// try comes ("will retry…").
    void unanswered(const QString &retry);
    /// Waits @p ms (the context's clock) for an answer; replyTimedOut() when none came.
    void armReplyTimer(int ms) { m_replyTimer.start(ms); }
    void stopReplyTimer() { m_replyTimer.stop(); }
    /// The row in flight, null when none.
    const storage::CommandRow *inFlight() const { return m_row ? &*m_row : nullptr; }
    /// Whether @p id is still the row in flight (for callbacks that come back from the writer).
    bool stillInFlight(qint64 id) const { return m_row && m_row->id == id; }
    qint64 nowMs() const;

    /// Send @p row, now in flight.
    virtual void sendCommand(const storage::CommandRow &row) = 0;
    /// The claim brought nothing (@p failed: the writer failed; logged already).
    virtual void claimedNothing(bool failed) { Q_UNUSED(failed) }
    /// The row finished with @p state is recorded.
    virtual void finished(CommandState state) = 0;
    virtual void replyTimedOut() = 0;
    /// The row in flight is gone (finished or interrupted): drop the transport's state for it.
    virtual void forgetInFlight() {}
    /// A short name of the row in flight for the log (default: its kind).
    virtual QString describe(const storage::CommandRow &row) const { return row.kind; }
    /// The result of the row in flight when finish() is given none (default: none).
    virtual QJsonObject progress() const { return {}; }

    SessionContext m_ctx;
    QString m_sn;
    qint64 m_terminalId = 0;
    std::optional<int> m_utcOffsetMin;

private:
    void onClaimed(const QString &sn, const storage::ClaimCommandResult &result);
    /// Takes the row out of flight: the transport forgets it, the timer stops.
    storage::CommandRow takeInFlight();
    /// The completion of @p id, fenced with the lease.
    storage::CompleteCommandJob completion(qint64 id, CommandState state, QString result, QString reason) const;

    std::optional<storage::CommandRow> m_row;
    bool m_active = false;
    bool m_claiming = false;
    ClockTimer m_replyTimer;
    QString m_serverId;
    qint64 m_epoch = 0;
};

} // namespace termdesk::net
