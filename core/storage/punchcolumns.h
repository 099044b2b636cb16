// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>

namespace termdesk::storage {

/// The punches table's columns as the writer inserts them, named once: both punch paths make
/// their INSERT from this list and bind in its order (the C API by position, index + 1;
/// QSqlQuery by the placeholder named after the column).
enum PunchColumn : int {
    PunchTerminalId,
    PunchEnrollId,
    PunchLocalTime,
    PunchVerifyMode,
    PunchInOut,
    PunchEvent,
    PunchUtcMs,
    PunchUtcOffsetMin,
    PunchTemperature,
    PunchName,
    PunchReceivedMs,
    PunchFlags,
    PunchColumnCount
};

inline constexpr std::array<const char *, PunchColumnCount> PUNCH_COLUMNS = {
    "terminal_id", "enroll_id",      "local_time",  "verify_mode", "in_out",      "event",
    "utc_ms",      "utc_offset_min", "temperature", "name",        "received_ms", "flags"};

} // namespace termdesk::storage
