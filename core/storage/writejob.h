// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/punch.h"
#include "model/storedpunch.h"
#include "model/terminalinfo.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace termdesk::storage {

/// A terminal says who it is: decide admission and record what it reported.
struct RegisterJob
{
    QString sn;
    Protocol protocol = Protocol::WebSocket;
    QString wsPath;
    QString peer;
    TerminalInfo info;
    qint64 arrivalMs = 0;
    AdmissionPolicy policy = AdmissionPolicy::Open;
    QString refusalReason; ///< pending approval
    QString closedReason;  ///< unknown terminal while the policy is closed
    QString blockedReason;
};

struct RegisterOutcome
{
    bool accepted = false;
    QString reason;
    qint64 terminalId = 0;
    bool isNew = false;
    Admission admission = Admission::Pending;
    std::optional<int> utcOffsetMin; ///< the terminal's configured offset; empty = the server's zone
    std::optional<qint64> driftSeconds;
};

/// A batch of punches (and door events, enrollId 0) from one terminal; stored once each.
struct PunchBatchJob
{
    qint64 terminalId = 0;
    QString sn; ///< for the live feed
    Protocol protocol = Protocol::WebSocket;
    std::optional<int> utcOffsetMin;
    QList<Punch> punches;
    QList<QuarantinedRecord> quarantined;
    qint64 receivedMs = 0;
};

/// A credential a terminal pushed (`senduser`).
struct CredentialJob
{
    qint64 terminalId = 0;
    CredentialRecord credential;
    qint64 receivedMs = 0;
};

/// Something we must keep but cannot interpret.
struct QuarantineJob
{
    qint64 terminalId = 0;
    QString kind;
    QuarantinedRecord record;
    qint64 receivedMs = 0;
};

/// An alarm a terminal reported.
struct AlarmRecord
{
    quint32 code = 0;
    QString text;
    qint64 utcMs = 0;
};

/// Everything one TCP Report carries, stored in one transaction (so one Ack covers it all).
/// Re-storing the same report is harmless: punches are de-duplicated, alarms are unique,
/// status and users are upserts.
struct ReportJob
{
    PunchBatchJob punches;
    std::optional<TerminalInfo> status;
    QList<CredentialRecord> credentials;
    QList<AlarmRecord> alarms;
    /// Set on the last page of a complete users read: the terminal's presence rows not seen since
    /// then are deleted (as TerminalUsersJob::forgetSeenBeforeMs).
    std::optional<qint64> forgetUsersSeenBeforeMs;
};

/// One queued command, as the engine sends it.
struct CommandRow
{
    qint64 id = 0;
    QString kind;       ///< e.g. "tcp.read", "tcp.write"
    QByteArray payload; ///< JSON
    int tries = 0;      ///< including this one
};

/// Takes the oldest queued command of a terminal and marks it sent (one in flight). Commands
/// left "sent" longer than timeoutMs (the server died, the terminal slept) go back to queued,
/// or to failed once they have had maxTries.
struct ClaimCommandJob
{
    QString sn;
    qint64 nowMs = 0;
    qint64 timeoutMs = 30'000;
    int maxTries = 3;
};

/// Finishes a command: state "done", "failed" or "queued" (to retry later).
struct CompleteCommandJob
{
    qint64 id = 0;
    QString state;
    QString result; ///< JSON of what the terminal answered, redacted
    QString reason;
    qint64 nowMs = 0;
};

/// One command to add to the queue (EnqueueCommandsJob).
struct NewCommand
{
    /// Skip the row when the terminal already has a queued or sent command that is alike.
    enum class Unless { Never, SameKind, SamePayload };
    QString kind;    ///< e.g. "ws.getnewlog"
    QString payload; ///< JSON
    QString origin;  ///< "auto", "pull-users", ...
    Unless unless = Unless::Never;
};

/// Queues commands for one terminal from inside the engine (the automatic getnewlog/settime
/// after a reg, the getuserinfo follow-ups of pull-users). WriteResult::inserted = rows added.
struct EnqueueCommandsJob
{
    QString sn;
    QString protocol; ///< "ws" or "tcp"
    QList<NewCommand> commands;
    qint64 nowMs = 0;
};

/// The server-wide poll for commands queued by another process (the CLI): the serials with a
/// queued command of `protocol` added after `afterId` (by row id, so the poll reads only new
/// rows). afterId < 0 only reads the newest id. Fills WriteResult::terminals and lastCommandId.
struct PollCommandsJob
{
    QString protocol;
    qint64 afterId = -1;
};

/// What a WebSocket command taught us about a terminal: capacities (getdevcap), its clock
/// (gettime, settime). Empty fields leave the columns as they are.
struct TerminalStateJob
{
    qint64 terminalId = 0;
    std::optional<TerminalInfo> capacities;
    QString deviceTime;
    std::optional<qint64> driftSeconds;
};

/// Which credentials a terminal holds (getuserlist): terminal_users presence and the users'
/// admin level; credential data is not touched.
struct TerminalUsersJob
{
    qint64 terminalId = 0;
    QList<CredentialRecord> entries; ///< enrollId, admin, backupNum; no data
    qint64 receivedMs = 0;
    /// Set on the job that closes a complete listing: the terminal's presence rows not seen since then
    /// (terminal_users, terminal_user_info) are deleted — it no longer holds them.
    std::optional<qint64> forgetSeenBeforeMs;
};

/// Refresh a terminal's last-seen time.
struct TerminalSeenJob
{
    qint64 terminalId = 0;
    qint64 lastSeenMs = 0;
};

using WriteJob =
    std::variant<RegisterJob, PunchBatchJob, CredentialJob, QuarantineJob, TerminalSeenJob, ReportJob, ClaimCommandJob,
                 CompleteCommandJob, EnqueueCommandsJob, PollCommandsJob, TerminalStateJob, TerminalUsersJob>;

/// What became of one job, reported after its transaction committed (or failed).
struct WriteResult
{
    quint64 id = 0;
    bool ok = false;
    QString error;
    int inserted = 0;   ///< punches + door events newly stored
    int duplicates = 0; ///< already stored before
    RegisterOutcome registration;
    QList<StoredPunch> stored;         ///< attendance punches newly inserted (for the live views)
    std::optional<CommandRow> command; ///< ClaimCommandJob: the command to send, if any
    QStringList terminals;             ///< PollCommandsJob: serials with newly queued commands
    qint64 lastCommandId = 0;          ///< PollCommandsJob: the newest command id seen

    static WriteResult failure(quint64 id, const QString &why)
    {
        WriteResult r;
        r.id = id;
        r.error = why;
        return r;
    }
};

} // namespace termdesk::storage

Q_DECLARE_METATYPE(termdesk::storage::WriteResult)
