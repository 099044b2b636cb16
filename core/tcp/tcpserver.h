// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/terminalserver.h"

#include <memory>

namespace termdesk::net {
class ConnectionSet;
}

namespace termdesk::tcp {

/// The TCP binary-protocol listener: one TcpSession per accepted connection, within the
/// engine's connection cap (@p connections: WebSocket and TCP together); beyond it a connection
/// is reset.
std::unique_ptr<net::TerminalServer> makeTcpServer(const net::SessionContext &context, net::ConnectionSet *connections);

} // namespace termdesk::tcp
