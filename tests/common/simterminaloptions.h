// SPDX-License-Identifier: GPL-3.0-or-later
// Options of simulated terminals (sim/) that talk to a test's own server: the fields every such
// test sets; a test changes the rest (quirks, answers, back-off) on what these return.
#pragma once

#include "simtypes.h"

#include <QString>
#include <QUrl>

/// A face terminal (AiFace) on the WebSocket server at @p url that reconnects within 50–300 ms.
inline termdesk::sim::TerminalOptions wsTerminalOptions(const QString &sn, const QUrl &url, int users, quint32 seed)
{
    termdesk::sim::TerminalOptions o;
    o.sn = sn;
    o.url = url;
    o.users = users;
    o.seed = seed;
    o.model = QStringLiteral("AiFace");
    o.reconnectMinMs = 50;
    o.reconnectMaxMs = 300;
    return o;
}

/// A TCP terminal on 127.0.0.1:@p port that never sleeps and sends a heartbeat every 100 ms.
inline termdesk::sim::TcpTerminalOptions tcpTerminalOptions(const QString &code, quint16 port, int users, quint32 seed)
{
    termdesk::sim::TcpTerminalOptions o;
    o.code = code;
    o.host = QStringLiteral("127.0.0.1");
    o.port = port;
    o.users = users;
    o.seed = seed;
    o.alwaysAwake = true;
    o.heartbeatMs = 100;
    return o;
}
