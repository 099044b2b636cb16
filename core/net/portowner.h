// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace termdesk::net {

/// Best effort, for the message of a port that is already in use: "pid 1234 (node)" of the
/// process listening on a TCP port, or empty. Linux reads /proc/net/tcp{,6} and /proc/PID/fd;
/// Windows asks the IP helper (GetExtendedTcpTable) and the process's image name.
QString describePortOwner(quint16 port);

} // namespace termdesk::net
