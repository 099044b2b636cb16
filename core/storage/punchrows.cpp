// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchrows.h"

#include "punchcolumns.h"
#include "sqldialect.h"

namespace termdesk::storage {

QString punchInsertSql(const SqlDialect &dialect)
{
    return dialect.insertIgnoringDuplicates("punches", PUNCH_COLUMNS) + dialect.returningId();
}

QString punchCountSql(const SqlDialect &dialect)
{
    return QStringLiteral("UPDATE terminals SET last_seen_ms = %1,"
                          " punches_received = punches_received + :received,"
                          " punches_stored = punches_stored + :stored,"
                          " punches_duplicate = punches_duplicate + :duplicates WHERE id = :terminal_id")
        .arg(dialect.greatest(QStringLiteral("last_seen_ms"), QStringLiteral(":seen_ms")));
}

} // namespace termdesk::storage
