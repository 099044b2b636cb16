// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk command --terminal SN ACTION [...]` queues a command (prints its id);
/// `termdesk command --cancel ID`; `termdesk commands [--terminal SN] [--state S]` lists them.
int runCommand(QCoreApplication &app);
int runCommandList(QCoreApplication &app);
/// `termdesk audit [--limit N]`: the operator actions, newest first.
int runAuditList(QCoreApplication &app);

} // namespace termdesk::cli
