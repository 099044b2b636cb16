// SPDX-License-Identifier: GPL-3.0-or-later
// A job that can run but is not in WriteJob must not be submitted: StorageClient::submit refuses
// it by name. Built with TERMDESK_CONTROL a listed job is submitted instead and the file compiles.
#include "storage/jobcontext.h"
#include "storage/storageclient.h"

namespace termdesk::storage {

struct UnlistedJob
{
    qint64 terminalId = 0;
    using Result = JobResult;
    bool run(JobContext &, Result &) const { return true; }
};

void submitOne(StorageClient &client)
{
#ifdef TERMDESK_CONTROL
    client.submit(TerminalSeenJob{1, 2}, [](const JobResult &) {});
#else
    client.submit(UnlistedJob{1}, [](const JobResult &) {});
#endif
}

} // namespace termdesk::storage
