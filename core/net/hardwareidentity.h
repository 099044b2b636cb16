// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/terminalinfo.h"

#include <QString>

namespace termdesk::net {

/// @brief What identifies a terminal's hardware beside its serial (docs/security.md, "Terminal
/// identity"), as one comparable text that the operator also reads:
/// - WebSocket: "cpusn 123456789, mac 00-01-A9-01-00-01" from its `reg` (the MAC upper-cased,
///   separators written as '-'); a firmware that sends neither is identified like a TCP terminal;
/// - TCP (no hardware identity in its protocol): "address 192.168.1.20", the exact address it
///   connects from (IPv6 in brackets), without the port.
/// @p peer is the connection's peerText() ("ADDRESS:PORT").
QString hardwareIdentity(Protocol protocol, const TerminalInfo &info, const QString &peer);

} // namespace termdesk::net
