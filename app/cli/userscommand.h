// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk users export FILE|- [--data-dir DIR] [--raw-text]`: the roster as CSV (counts and flags, never
/// credential data); `termdesk users import FILE [--data-dir DIR]`: creates / updates users
/// from `enroll_id,name[,admin][,enabled]` (docs/roster.md).
int runUsers(QCoreApplication &app);

} // namespace termdesk::cli
