// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace termdesk {

/// A stored credential's text without a data-URI prefix ("data:image/jpeg;base64,..." → "...").
QString stripDataUri(const QString &data);

/// The credential as bytes, read from its stored text: fingerprints (backupnum 0-9) hex, with the
/// WebSocket "(N)" zero-run form expanded; password / card (10, 11) as text; the rest base64.
/// nullopt when the stored text cannot be read. What a TCP terminal is sent (service/rosterpush)
/// and what the roster comparison hashes (storage/terminalstore).
std::optional<QByteArray> credentialBytes(int backupNum, const QString &data);

} // namespace termdesk
