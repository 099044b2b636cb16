// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

namespace termdesk::webhook {

/// @brief When a webhook request that failed is tried again (docs/integration.md, "Retries"): 5 s,
/// 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after the 1st..9th failure (about 3 days in
/// all), each plus up to 10 % of jitter so that endpoints that failed together do not come back
/// together; a 10th failure is final (the endpoint is dead-lettered). A Retry-After the receiver
/// sent replaces the schedule's delay (capped at 24 h).
class RetrySchedule
{
public:
    static constexpr int MAX_ATTEMPTS = 10;
    static constexpr qint64 MAX_RETRY_AFTER_MS = 24LL * 3600 * 1000;

    /// The delay before the next attempt after @p failedAttempts failures (1..MAX_ATTEMPTS-1), the
    /// jitter taken from @p random (0..2^32-1); nullopt when no attempt is left.
    static std::optional<qint64> delayMs(int failedAttempts, quint32 random);
    /// The sum of the schedule's delays without jitter: how long a receiver may be down before the
    /// endpoint is dead-lettered.
    static qint64 totalMs();
    /// A Retry-After header's wait in ms: delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
    /// 07:28:00 GMT", counted from @p nowWallMs); nullopt when it is neither. Never negative.
    static std::optional<qint64> retryAfterMs(QByteArrayView value, qint64 nowWallMs);
};

} // namespace termdesk::webhook
