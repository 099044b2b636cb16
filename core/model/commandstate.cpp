// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandstate.h"

namespace termdesk {
namespace {

// Indexed by CommandState's number: the text every existing database holds.
constexpr QLatin1StringView NAMES[] = {
    QLatin1StringView("queued"), QLatin1StringView("sent"),    QLatin1StringView("done"),
    QLatin1StringView("failed"), QLatin1StringView("expired"), QLatin1StringView("cancelled"),
};
static_assert(std::size(NAMES) == std::size_t(lastCommandState) + 1, "every CommandState has its name");

} // namespace

QLatin1StringView name(CommandState state)
{
    return domainvalue::nameOf(NAMES, state);
}

template <> std::optional<CommandState> fromName<CommandState>(QStringView text)
{
    return domainvalue::find<CommandState>(NAMES, text);
}

QString sqlLiteral(CommandState state)
{
    return u'\'' + QString(name(state)) + u'\'';
}

bool isOpen(CommandState state)
{
    return state == CommandState::Queued || state == CommandState::Sent;
}

bool isFailure(CommandState state)
{
    return state == CommandState::Failed || state == CommandState::Expired;
}

} // namespace termdesk
