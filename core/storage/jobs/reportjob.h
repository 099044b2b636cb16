// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/terminalinfo.h"
#include "punchbatchjob.h"

#include <QList>
#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

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

    using Result = PunchBatchResult; ///< the punches' result
    bool run(JobContext &ctx, Result &out) const;
    int records() const { return static_cast<int>(punches.punches.size() + credentials.size() + alarms.size()) + 1; }
};

} // namespace termdesk::storage
