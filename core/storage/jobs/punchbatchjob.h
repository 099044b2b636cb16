// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/storedpunch.h"
#include "storage/jobresult.h"

#include <QList>
#include <QString>

#include <optional>

namespace termdesk::storage {

class JobContext;

/// What became of a batch of punches.
struct PunchBatchResult : JobResult
{
    int inserted = 0;          ///< punches + door events newly stored
    int duplicates = 0;        ///< already stored before
    QList<StoredPunch> stored; ///< attendance punches newly inserted (for the live views)
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

    using Result = PunchBatchResult;
    bool run(JobContext &ctx, Result &out) const;
    /// Whether the batch holds attendance punches only, with their times already read and no
    /// photo to store (`storePhotos`): nothing but the punch path writes it, so it may run on a
    /// punch connection of its own (SqlDialect::punchConnection, PostgreSQL through libpq).
    bool plain(bool storePhotos) const;
    /// How much of a transaction this job takes (StorageWriter bounds a drain by it).
    int records() const { return static_cast<int>(punches.size() + quarantined.size()) + 1; }
};

} // namespace termdesk::storage
