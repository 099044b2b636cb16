// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk backup [--to DIR]`: a consistent copy of the database, also while a server runs
/// (docs/backup.md).
int runBackup(QCoreApplication &app);
/// `termdesk restore FILE`: checks FILE, then makes it the database of the data directory; refused
/// while a server uses that directory. The database it replaces is kept beside it.
int runRestore(QCoreApplication &app);

} // namespace termdesk::cli
