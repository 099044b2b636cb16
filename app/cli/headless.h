// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk --headless [...]`: the servers and storage without a window. Prints
/// "termdesk listening ws=<port>|off [tcp=<port>] [wss=<port>] [api=<port>]" once ready; SIGINT/SIGTERM shut it down
/// cleanly (exit 0).
int runHeadless(QCoreApplication &app);

} // namespace termdesk::cli
