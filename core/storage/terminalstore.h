// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/terminalinfo.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace termdesk::storage {

/// A terminal as the database knows it (for listings; the live state is the engine's).
struct TerminalRow
{
    QString sn;
    QString name;
    QString protocol;
    QString admission;
    QString model;
    QString firmware;
    QString peer;
    qint64 lastSeenMs = 0;
    std::optional<qint64> clockDriftS;
    qint64 punchesStored = 0;
    qint64 punchesDuplicate = 0;
    qint64 quarantined = 0;
    QString lastRefusal;
};

/// @brief Operator-side reads and edits of the terminals table. Any process may call these
/// while the engine runs: the engine reads admission from the database at every registration.
class TerminalStore
{
public:
    static QList<TerminalRow> list(QSqlDatabase db, QString *error);
    /// Approves, blocks or returns a terminal to pending. A serial not seen yet is added, so a
    /// terminal can be listed (approved or blocked) before it first connects.
    static bool setAdmission(QSqlDatabase db, const QString &sn, Admission admission, QString *error);
    static bool rename(QSqlDatabase db, const QString &sn, const QString &name, QString *error);
};

} // namespace termdesk::storage
