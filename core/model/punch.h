// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace termdesk {

/// Which protocol a terminal speaks.
enum class Protocol { WebSocket, Tcp };

inline QString protocolName(Protocol p)
{
    return p == Protocol::Tcp ? QStringLiteral("tcp") : QStringLiteral("ws");
}

/// @brief One attendance record or door event as a terminal reported it.
/// A door event is a punch with enrollId 0; storage keeps those apart.
struct Punch
{
    qint64 enrollId = 0;
    QString localTime; ///< "yyyy-MM-dd HH:mm:ss", the terminal's wall clock, normalised
    /// localTime as seconds since 1970-01-01 00:00 of the same wall clock, when the decoder
    /// already read it (the storage writer then does not parse the text a second time).
    std::optional<qint64> localEpoch;
    int verifyMode = 0;
    int inOut = 0;
    int event = 0;
    std::optional<double> temperature;
    QString name;     ///< the name inside the record, often empty
    QByteArray photo; ///< base64 JPEG; only filled when photo storage is on
    /// The offset that turned the terminal's UTC instant into localTime (TCP terminals report
    /// UTC); empty for wall-clock reports (WebSocket), where the batch's offset applies.
    std::optional<int> utcOffsetMin;
};

/// Bits of punches.flags.
enum PunchFlag : int {
    /// The time cannot be real: before 2015, more than a day ahead of the server, or a clock
    /// reset to 2000 after a power loss. Stored anyway, flagged for review.
    PunchFlagImpossibleTime = 1,
};

/// The flags a punch gets from its UTC instant and the moment it arrived.
inline int punchFlagsFor(qint64 utcMs, qint64 receivedMs)
{
    constexpr qint64 Y2015_UTC_MS = 1420070400000LL;
    constexpr qint64 ONE_DAY_MS = 86400000LL;
    return utcMs < Y2015_UTC_MS || utcMs > receivedMs + ONE_DAY_MS ? PunchFlagImpossibleTime : 0;
}

/// A record we could not make sense of: kept (never dropped), apart from the punches.
struct QuarantinedRecord
{
    QString reason;
    QByteArray raw; ///< the record as received, biometric fields removed
};

} // namespace termdesk
