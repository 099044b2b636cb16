// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace termdesk::service::exportcursor {

/// A cursor as typed or stored: a punch_id, 0 or more, in decimal; nullopt for anything else.
std::optional<qint64> parse(QStringView text);

/// The cursor kept in @p file (one decimal number, as `export-csv --state` and the scheduled
/// export write it). 0 with *missing set when the file does not exist yet (the first run exports
/// everything); nullopt with *error set when it exists but cannot be read or holds no cursor.
std::optional<qint64> read(const QString &file, bool *missing, QString *error);

/// Replaces @p file with @p cursor in one rename: a crash leaves the old cursor or the new one,
/// never half of one. False with *error set (saying the CSV is complete and the next run repeats
/// its punches) when it cannot.
bool write(const QString &file, qint64 cursor, QString *error);

} // namespace termdesk::service::exportcursor
