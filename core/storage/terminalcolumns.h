// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/terminalinfo.h"

#include <QSqlQuery>
#include <QString>

namespace termdesk::storage {

/// Which of a terminal's self-description columns a statement writes.
enum TerminalInfoPart : int {
    InfoIdentity = 1, ///< model, firmware, cpusn, mac, fpalgo, devinfo_json
    InfoCounts = 2,   ///< capacities and usage, new_logs, battery_percent
    InfoClock = 4,    ///< device_time
};

/// `column = COALESCE(:column, column), ...` for every column of `parts` (terminals table, each
/// column named once here): a value the terminal did not report leaves the column as it is.
QString terminalInfoAssignments(int parts);
/// Binds those placeholders from `info` (empty text and unset numbers bind NULL).
void bindTerminalInfo(QSqlQuery &query, const TerminalInfo &info, int parts);

} // namespace termdesk::storage
