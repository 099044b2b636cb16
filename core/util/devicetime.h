// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace termdesk::devicetime {

/// @brief Parses a terminal wall-clock time "yyyy-MM-dd HH:mm:ss" leniently (unpadded fields,
/// 'T' or several spaces as separator, missing seconds) into seconds since 1970-01-01 00:00:00
/// of that wall clock ("local epoch": no zone applied). Returns nullopt for anything that is
/// not a real calendar date and time.
std::optional<qint64> parseLocal(QStringView text);

/// Formats a local epoch back to "yyyy-MM-dd HH:mm:ss".
QString formatLocal(qint64 localEpochSeconds);

/// A terminal time read once: its local epoch and its text as stored ("yyyy-MM-dd HH:mm:ss").
struct LocalTime
{
    qint64 epoch = 0;
    QString text;
};

/// parseLocal() and formatLocal() in one: the text that arrived when it already is in the stored
/// form (shared, not copied: nearly every terminal sends that form), else the formatted epoch.
std::optional<LocalTime> normaliseLocal(const QString &text);

/// Formats a UTC instant (ms since 1970Z) as ISO 8601 "yyyy-MM-ddTHH:mm:ssZ" (or with ".zzz").
QString formatUtcIso(qint64 utcMs, bool withMillis = false);

/// Formats an offset in minutes as "+08:00" / "-03:30".
QString formatOffset(int offsetMinutes);

/// Parses "+08:00", "-0330", "+8" into minutes; nullopt when malformed or out of ±14 h.
std::optional<int> parseOffset(QStringView text);

/// The server's UTC offset (minutes) in force at a given local wall-clock time (DST aware).
int systemOffsetAtLocal(qint64 localEpochSeconds);

/// The server's UTC offset (minutes) in force at a UTC instant.
int systemOffsetAtUtc(qint64 utcMs);

/// "Now" on a terminal's wall clock: its configured offset, or the server's zone.
qint64 nowLocalEpoch(qint64 nowUtcMs, std::optional<int> offsetMinutes);

} // namespace termdesk::devicetime
