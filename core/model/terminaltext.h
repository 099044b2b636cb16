// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

/// @brief The input rules for text a terminal sends (docs/security.md, "Input rules"), in one
/// place for both transports: what a serial (WebSocket `sn`, TCP terminal code) may be, and how
/// names and every other text a terminal reports are bounded and cleaned before they are stored.
namespace termdesk::terminaltext {

/// A serial is 1..SERIAL_MAX_CHARS characters, each printable ASCII without the space (0x21..0x7E).
inline constexpr int SERIAL_MAX_CHARS = 64;
/// User names (sendlog records, senduser, user lists a terminal answers with).
inline constexpr int NAME_MAX_CHARS = 64;
/// Every other short text a terminal reports: model, firmware, CPU serial, MAC, alarm texts, …
inline constexpr int TEXT_MAX_CHARS = 128;
/// The whole devinfo object as JSON (`terminals.devinfo_json`): not stored when longer.
inline constexpr int DEVINFO_JSON_MAX_BYTES = 16 * 1024;

/// Why @p serial is refused, in words a terminal can display ("sn longer than 64 characters");
/// nullopt when it is acceptable. @p what names it in that text: "sn" (WebSocket) or
/// "terminal code" (TCP). The serial is taken as it arrived after the transport trimmed it.
std::optional<QString> serialRefusal(QStringView serial, QStringView what);

/// @p text without control characters (C0, DEL, C1), bidirectional overrides / isolates, U+FEFF and
/// the noncharacters U+FFFE / U+FFFF,
/// trimmed, and cut to @p maxChars characters (never inside a surrogate pair). Returns @p text
/// itself (shared, no copy) when it already complies, which is nearly always.
QString cleaned(const QString &text, int maxChars);

inline QString cleanedName(const QString &name)
{
    return cleaned(name, NAME_MAX_CHARS);
}

inline QString cleanedText(const QString &text)
{
    return cleaned(text, TEXT_MAX_CHARS);
}

/// A refused or suspicious text for a log line: its first 32 characters with anything outside
/// printable ASCII written as \xNN / \uNNNN, and its length when it is longer.
QString logPreview(QStringView text);

} // namespace termdesk::terminaltext
