// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandkind.h"

namespace termdesk {
namespace {

// Indexed by CommandKind's number: the text every existing database holds (WsCommand: its prefix).
constexpr QLatin1StringView NAMES[] = {
    QLatin1StringView("tcp.read"),
    QLatin1StringView("tcp.write"),
    QLatin1StringView("ws."),
};
static_assert(std::size(NAMES) == std::size_t(lastCommandKind) + 1, "every CommandKind has its name");

} // namespace

QLatin1StringView name(CommandKind kind)
{
    return domainvalue::nameOf(NAMES, kind);
}

template <> std::optional<CommandKind> fromName<CommandKind>(QStringView text)
{
    if (!wsCommand(text).isEmpty())
        return CommandKind::WsCommand;
    const std::optional<CommandKind> k = domainvalue::find<CommandKind>(NAMES, text);
    if (k == CommandKind::WsCommand)
        return std::nullopt; // "ws." alone names no command
    return k;
}

QString wsKind(QStringView cmd)
{
    QString kind = name(CommandKind::WsCommand);
    return kind.append(cmd);
}

QStringView wsCommand(QStringView kind)
{
    const QLatin1StringView prefix = name(CommandKind::WsCommand);
    return kind.startsWith(prefix) ? kind.mid(prefix.size()) : QStringView();
}

} // namespace termdesk
