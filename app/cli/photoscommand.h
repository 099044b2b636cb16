// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk photos purge [--older-than DAYS] [--data-dir DIR] [--database URL]`: deletes the
/// stored punch photos older than DAYS (default: privacy/photoRetentionDays), also while the
/// server runs; prints how many went and audits it (docs/security.md, "Photos").
int runPhotos(QCoreApplication &app);

} // namespace termdesk::cli
