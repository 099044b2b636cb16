// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace termdesk::storage {

/// @brief What every storage job reports, whatever else it returns: whether its transaction
/// committed, and why not. Each job's own result type derives from it (or is it, for jobs that
/// report nothing more); a callback that needs only these two may take a `const JobResult &`.
struct JobResult
{
    bool ok = false;
    QString error;
};

} // namespace termdesk::storage
