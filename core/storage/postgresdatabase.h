// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"

namespace termdesk::storage {

/// Database::open for a `postgresql://` location: a QPSQL connection, the schema checked
/// (read-only) or migrated forward under an advisory lock (two servers starting together
/// migrate once). Messages name the URL without its password.
bool openPostgres(const QString &url, const QString &connectionName, const OpenOptions &options, QString *error);

} // namespace termdesk::storage
