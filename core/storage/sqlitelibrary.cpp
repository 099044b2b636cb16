// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitelibrary.h"

#include <sqlite3.h>

namespace termdesk::storage {

bool configureSqliteLibrary()
{
    if (!TERMDESK_NATIVE_SQLITE)
        return false;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

bool nativeSqliteBuild()
{
    return TERMDESK_NATIVE_SQLITE;
}

} // namespace termdesk::storage
