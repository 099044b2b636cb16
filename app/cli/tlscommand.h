// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk tls generate [--data-dir DIR] [--days N] [--host NAME]... [--force]`: a self-signed
/// certificate and key for wss:// in the data directory (key file 0600); prints the SHA-256
/// fingerprint to enter on the terminal. `termdesk tls show`: the certificate wss:// would use and
/// its fingerprint (docs/security.md, "TLS").
int runTls(QCoreApplication &app);

} // namespace termdesk::cli
