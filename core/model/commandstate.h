// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/domainvalue.h"

#include <QString>

namespace termdesk {

/// @brief The state of a row of the durable command queue (`commands.state`; the states and their
/// transitions: docs/commands.md, "States"). The database holds the text (name()), never the number.
/// The numbers are explicit and only ever appended: a new state goes at the end, after
/// lastCommandState, and no number is reused or renumbered.
enum class CommandState : int {
    Queued = 0,    ///< "queued": waiting for the terminal
    Sent = 1,      ///< "sent": in flight, at most one per terminal
    Done = 2,      ///< "done": answered (reboot: sent)
    Failed = 3,    ///< "failed": refused, its answer not stored, or unanswered on its last try
    Expired = 4,   ///< "expired": shown, filtered and retried; no code of this version writes it
    Cancelled = 5, ///< "cancelled": by the operator
};
inline constexpr CommandState lastCommandState = CommandState::Cancelled;

/// The text stored in `commands.state`.
QLatin1StringView name(CommandState state);
template <> std::optional<CommandState> fromName<CommandState>(QStringView text);
/// name() as an SQL string literal, for the statements that select or set a state: "'sent'".
QString sqlLiteral(CommandState state);

/// Queued or sent: still to be answered, and what an operator can cancel.
bool isOpen(CommandState state);
/// Failed or expired: a try that did not succeed (a push's failure, what retry re-queues with cancelled).
bool isFailure(CommandState state);
/// A state the row keeps (finished_ms is written): every state but queued and sent.
inline bool isFinal(CommandState state)
{
    return !isOpen(state);
}

} // namespace termdesk
