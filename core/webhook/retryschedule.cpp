// SPDX-License-Identifier: GPL-3.0-or-later
#include "retryschedule.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <array>

namespace termdesk::webhook {
namespace {

constexpr qint64 SEC_MS = 1000;
constexpr qint64 MIN_MS = 60 * SEC_MS;
constexpr qint64 HOUR_MS = 60 * MIN_MS;
constexpr std::array<qint64, RetrySchedule::MAX_ATTEMPTS - 1> DELAYS{5 * SEC_MS,   5 * MIN_MS,   30 * MIN_MS,
                                                                     2 * HOUR_MS,  5 * HOUR_MS,  10 * HOUR_MS,
                                                                     14 * HOUR_MS, 20 * HOUR_MS, 24 * HOUR_MS};

} // namespace

std::optional<qint64> RetrySchedule::delayMs(int failedAttempts, quint32 random)
{
    if (failedAttempts < 1 || failedAttempts >= MAX_ATTEMPTS)
        return std::nullopt;
    const qint64 base = DELAYS.at(static_cast<size_t>(failedAttempts - 1));
    const qint64 jitter = static_cast<qint64>((static_cast<double>(random) / 4294967296.0) * (base / 10));
    return base + jitter;
}

qint64 RetrySchedule::totalMs()
{
    qint64 sum = 0;
    for (qint64 d : DELAYS)
        sum += d;
    return sum;
}

std::optional<qint64> RetrySchedule::retryAfterMs(QByteArrayView value, qint64 nowWallMs)
{
    const QByteArray text = value.trimmed().toByteArray();
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt
                           : std::optional<qint64>(std::min(seconds, MAX_RETRY_AFTER_MS / SEC_MS) * SEC_MS);
    // RFC 9110's IMF-fixdate, always GMT.
    QDateTime at =
        QLocale::c().toDateTime(QString::fromLatin1(text), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    at.setTimeZone(QTimeZone::utc());
    return std::clamp(at.toMSecsSinceEpoch() - nowWallMs, qint64(0), MAX_RETRY_AFTER_MS);
}

} // namespace termdesk::webhook
