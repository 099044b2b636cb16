// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk terminals [--data-dir DIR]`: lists known terminals.
/// `termdesk terminal approve|block|pending|rename|accept-hardware|block-hardware|networks SN [NAME|LIST]
/// [--data-dir DIR]`: changes one.
int runTerminals(QCoreApplication &app, bool single);

} // namespace termdesk::cli
