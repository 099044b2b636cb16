// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/jobresult.h"

#include <QString>
#include <QtGlobal>

namespace termdesk::storage {

class JobContext;

/// The server's photo retention (privacy/photoRetentionDays): deletes the photos of punches
/// before @p beforeMs (photopurge.h) and, when any went, writes an audit row saying how many.
struct PurgePhotosJob
{
    qint64 beforeMs = 0;
    int days = 0;    ///< the retention, for the audit row
    qint64 atMs = 0; ///< when (the engine's clock), for the audit row
    QString actor;   ///< who purges, for the audit row

    struct Result : JobResult
    {
        int deleted = 0;
    };
    bool run(JobContext &ctx, Result &out) const;
};

} // namespace termdesk::storage
