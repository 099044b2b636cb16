// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QLatin1String>
#include <QtGlobal>

namespace termdesk::storage {

class JobContext;

/// Appends one row to the `events` table (the webhook events other than punch.created,
/// docs/integration.md "Webhooks") inside the job's transaction: @p type, @p atMs (UTC ms, the
/// envelope's timestamp) and @p data (compact JSON). Every events INSERT goes through here, so
/// an ordering rule for the table (e.g. a lock on PostgreSQL) lives in one place. False (the
/// reason in ctx) when it failed: the job's transaction is then rolled back.
bool writeEvent(JobContext &ctx, QLatin1String type, qint64 atMs, const QJsonObject &data);

} // namespace termdesk::storage
