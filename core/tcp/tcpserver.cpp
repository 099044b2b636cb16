// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpserver.h"

#include "net/connectionset.h"
#include "tcpsession.h"
#include "util/peeraddress.h"

#include <QTcpSocket>

namespace termdesk::tcp {

std::unique_ptr<net::TerminalServer> makeTcpServer(const net::SessionContext &context, net::ConnectionSet *connections)
{
    return std::make_unique<net::TerminalServer>(Protocol::Tcp, context, [context, connections](QTcpSocket *socket) {
        if (!connections->admit(Protocol::Tcp, net::peerText(socket->peerAddress(), socket->peerPort()))) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        connections->add(new TcpSession(socket, context, connections));
    });
}

} // namespace termdesk::tcp
