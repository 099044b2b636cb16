// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk db migrate [--database URL] [--data-dir DIR]`: creates the store's schema or
/// upgrades it to this build's; a store written by a newer TermDesk is refused.
int runDb(QCoreApplication &app);

} // namespace termdesk::cli
