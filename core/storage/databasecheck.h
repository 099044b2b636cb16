// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace termdesk::storage {

/// @brief Whether a file is a sound TermDesk database this build can open: SQLite's own check of
/// every page, then the schema version (docs/backup.md). Used by the server at start (quick) and
/// by `termdesk restore` on the file it is given (full). Opens the file read-only and leaves it
/// unchanged.
class DatabaseCheck
{
public:
    enum class Depth {
        Quick, ///< `PRAGMA quick_check`: the b-trees and their pages, not the indexes' contents
        Full,  ///< `PRAGMA integrity_check`: also that every index matches its table
    };
    enum class Verdict {
        Sound,       ///< passed, and a TermDesk database of a schema this build opens
        Damaged,     ///< not a database, or SQLite's check found damage
        NotTermDesk, ///< a sound SQLite file without TermDesk's schema
        TooNew,      ///< written by a newer TermDesk (a higher schema version)
    };

    /// Checks @p file; *message says what was found (the first lines SQLite reported) when the
    /// verdict is not Sound.
    static Verdict check(const QString &file, Depth depth, QString *message);
};

} // namespace termdesk::storage
