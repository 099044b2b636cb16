// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk webhook add URL --events LIST [--batch N]` (prints the endpoint's id and its secret,
/// once), `list` (never a secret), `test|pause|resume|remove|rotate-secret ID`, `replay ID --after
/// CURSOR`, `deliveries [ID]`: the webhook endpoints (docs/integration.md, "Webhooks"). They work on
/// the store while a server runs; its dispatcher reads the endpoints every 2 s.
int runWebhook(QCoreApplication &app);

} // namespace termdesk::cli
