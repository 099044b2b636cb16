// SPDX-License-Identifier: GPL-3.0-or-later
// Storage must not use the services above it (the storage → service → storage cycle that was): built
// with what termdesk_storage links, a service header is not there to include, so the build fails
// with "No such file". Built with TERMDESK_CONTROL it includes a header of storage's own
// dependencies instead and compiles, so the failure is the missing header and nothing else.
#include "storage/terminalstore.h"
#ifdef TERMDESK_CONTROL
#include "model/credentialbytes.h"
#else
#include "service/rosterpush.h"
#endif

namespace termdesk::storage {

QString storageIncludesService()
{
    return TerminalStore::contentHash(11, QStringLiteral("1234"));
}

} // namespace termdesk::storage
