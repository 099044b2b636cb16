// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk api-key create NAME --scope read|commands` (prints the key once), `termdesk api-key list`
/// (never the keys) and `termdesk api-key revoke NAME|ID`: the REST API's keys (docs/integration.md).
/// They work on the store while a server runs; the server checks keys at every request.
int runApiKey(QCoreApplication &app);

} // namespace termdesk::cli
