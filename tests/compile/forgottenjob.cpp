// SPDX-License-Identifier: GPL-3.0-or-later
// A job added to the writer's list without the means to run it must not compile: JobList (the
// same template StorageWriter runs WriteJob with) refuses it by name. Built with
// TERMDESK_CONTROL the job is whole and the file compiles, so the failure is the one meant.
#include "storage/jobcontext.h"
#include "storage/writejob.h"

namespace termdesk::storage {

struct ForgottenJob
{
    qint64 terminalId = 0;
#ifdef TERMDESK_CONTROL
    using Result = JobResult;
    bool run(JobContext &, Result &) const
    {
        return true;
    }
#endif
};

using ListWithForgottenJob = std::variant<TerminalSeenJob, CompleteCommandJob, ForgottenJob>;

JobList<ListWithForgottenJob>::Outcome runOne(const ListWithForgottenJob &job, JobContext &ctx)
{
    return JobList<ListWithForgottenJob>::run(job, ctx);
}

} // namespace termdesk::storage
