// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

namespace termdesk::net {

/// @brief Creates a listening TCP socket with a deep accept backlog, to hand to
/// QWebSocketServer::setSocketDescriptor() (QWebSocketServer has no backlog setter and the
/// default 50 drops SYNs during a reconnect storm; see docs/performance.md).
/// Returns the descriptor, or -1 with `error` set. `unsupported` is set (and -1 returned)
/// on platforms where the caller should fall back to QWebSocketServer::listen().
qintptr createListeningSocket(const QHostAddress &address, quint16 port, int backlog, QString *error,
                              bool *unsupported);

/// Closes a descriptor from createListeningSocket() that was never handed over.
void closeSocketDescriptor(qintptr fd);

/// Best effort: "pid 1234 (node)" of the process listening on a TCP port, or empty.
QString describePortOwner(quint16 port);

} // namespace termdesk::net
