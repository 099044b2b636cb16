// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/domainvalue.h"

#include <QString>

namespace termdesk {

/// @brief What a row of the command queue is (`commands.kind`, docs/commands.md): a TCP read, a TCP
/// write, or a WebSocket command. A WebSocket row's stored kind is "ws." followed by the command it
/// sends ("ws.opendoor"); any command of the protocol can be queued, so that part is the protocol's
/// vocabulary, not a value of this table: wsKind() builds it, wsCommand() reads it back.
/// The numbers are explicit and only ever appended: a new kind goes at the end, after
/// lastCommandKind, and no number is reused or renumbered.
enum class CommandKind : int {
    TcpRead = 0,   ///< "tcp.read"
    TcpWrite = 1,  ///< "tcp.write"
    WsCommand = 2, ///< "ws.<cmd>"; name() is the prefix "ws."
};
inline constexpr CommandKind lastCommandKind = CommandKind::WsCommand;

/// The stored text of a TCP kind, or the prefix "ws." of a WebSocket one.
QLatin1StringView name(CommandKind kind);
/// The kind of a stored `commands.kind`: "tcp.read", "tcp.write", or "ws." with a command after it;
/// nullopt for anything else (a bare "ws." included).
template <> std::optional<CommandKind> fromName<CommandKind>(QStringView text);

/// The stored kind of WebSocket command @p cmd: "ws.<cmd>".
QString wsKind(QStringView cmd);
/// The command of a stored WebSocket kind ("ws.opendoor" → "opendoor"); empty when @p kind is not one.
QStringView wsCommand(QStringView kind);

} // namespace termdesk
