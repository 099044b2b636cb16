// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings/engineconfig.h"

#include <QCommandLineOption>

namespace termdesk::cli {

/// `--database URL`, which every command and the server take: a PostgreSQL store instead of the
/// data directory's termdesk.sqlite (docs/multi-pc.md).
QCommandLineOption databaseOption();

/// Puts the store into `config`: `option` (the --database value) when not empty, else what
/// Settings found ($TERMDESK_DATABASE, then storage/database). A location that is set must be a
/// postgresql:// URL that parses, on a build with PostgreSQL: false with `error` saying why.
bool resolveDatabase(const QString &option, EngineConfig &config, QString *error);

} // namespace termdesk::cli
