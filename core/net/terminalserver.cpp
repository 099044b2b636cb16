// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalserver.h"

#include "settings/engineconfig.h"
#include "util/logging.h"

#include <QTcpSocket>

namespace termdesk::net {
namespace {
/// As the log has always said it (scripts/fleet-screenshots.sh reads the ports from it).
QString displayName(Protocol protocol)
{
    return protocol == Protocol::Tcp ? QStringLiteral("TCP") : QStringLiteral("WebSocket");
}
} // namespace

TerminalServer::TerminalServer(Protocol protocol, const SessionContext &context, Accept accept, QObject *parent)
    : QObject(parent), m_protocol(protocol), m_ctx(context), m_accept(std::move(accept))
{
    m_listener.setMaxPendingConnections(1000);
    connect(&m_listener, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_listener.nextPendingConnection())
            m_accept(socket);
    });
    connect(&m_listener, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError e) {
        qCWarning(lcNet) << displayName(m_protocol) << "accept error" << e;
    });
}

TerminalServer::~TerminalServer()
{
    stopListening();
}

bool TerminalServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener.setListenBacklogSize(m_ctx.config->listenBacklog);
    if (!m_listener.listen(address, port)) {
        if (error)
            *error = m_listener.serverError() == QAbstractSocket::AddressInUseError
                         ? QStringLiteral("address already in use")
                         : m_listener.errorString();
        return false;
    }
    qCInfo(lcNet).noquote() << displayName(m_protocol) << "server listening on" << address.toString() << "port"
                            << m_listener.serverPort();
    return true;
}

void TerminalServer::stopListening()
{
    if (m_listener.isListening())
        m_listener.close();
}

} // namespace termdesk::net
