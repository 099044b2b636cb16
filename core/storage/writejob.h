// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jobdispatch.h"
#include "jobs/claimcommandjob.h"
#include "jobs/completecommandjob.h"
#include "jobs/credentialjob.h"
#include "jobs/enqueuecommandsjob.h"
#include "jobs/pollcommandsjob.h"
#include "jobs/punchbatchjob.h"
#include "jobs/purgephotosjob.h"
#include "jobs/quarantinejob.h"
#include "jobs/registerjob.h"
#include "jobs/reportjob.h"
#include "jobs/terminalleasejobs.h"
#include "jobs/terminalpresencejob.h"
#include "jobs/terminalrefusaljob.h"
#include "jobs/terminalseenjob.h"
#include "jobs/terminalstatejob.h"
#include "jobs/terminalusersjob.h"

#include <QMetaType>

#include <variant>

namespace termdesk::storage {

/// Every job the writer runs, once. A job is a value type with its own result type and its own
/// run() (core/storage/jobs/); adding one here is all the writer and StorageClient need, and a
/// job left out of this list cannot be submitted (JobList).
using WriteJob = std::variant<RegisterJob, PunchBatchJob, CredentialJob, QuarantineJob, TerminalSeenJob, ReportJob,
                              ClaimCommandJob, CompleteCommandJob, EnqueueCommandsJob, PollCommandsJob,
                              TerminalStateJob, TerminalUsersJob, TerminalRefusalJob, PurgePhotosJob, ClaimLeaseJob,
                              RenewLeasesJob, ReleaseLeaseJob, TerminalPresenceJob>;
using WriteJobs = JobList<WriteJob>;
static_assert(WriteJobs::valid);
/// One job's result, of that job's own type (the alternative at the job's index in WriteJob).
using JobOutcome = WriteJobs::Outcome;

/// A job the writer finished: its id (StorageWriter::submit) and what became of it, reported
/// after its transaction committed (or failed).
struct FinishedJob
{
    quint64 id = 0;
    JobOutcome outcome;
};

} // namespace termdesk::storage

Q_DECLARE_METATYPE(termdesk::storage::FinishedJob)
