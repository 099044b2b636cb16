// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalserver.h"

#include "settings/engineconfig.h"
#include "util/logging.h"

#include <QTcpSocket>

namespace termdesk::net {
namespace {
/// As the log has always said it (scripts/fleet-screenshots.sh reads the ports from it).
QString displayName(Protocol protocol, bool secure)
{
    if (protocol == Protocol::Tcp)
        return QStringLiteral("TCP");
    return secure ? QStringLiteral("Secure WebSocket (wss)") : QStringLiteral("WebSocket");
}
} // namespace

TerminalServer::TerminalServer(Protocol protocol, const SessionContext &context, Accept accept, QObject *parent,
                               std::optional<QSslConfiguration> tls)
    : QObject(parent), m_protocol(protocol), m_ctx(context), m_accept(std::move(accept)), m_secure(tls.has_value())
{
    if (tls) {
        m_tls = new TlsListener(*tls, m_ctx.config->handshakeTimeoutMs, QStringLiteral("wss"));
        m_listener.reset(m_tls);
    } else {
        m_listener = std::make_unique<QTcpServer>();
    }
    m_listener->setMaxPendingConnections(1000);
    const auto takePending = [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection())
            m_accept(socket);
    };
    // A QSslServer queues a connection only once it is encrypted (pendingConnectionAvailable);
    // its newConnection comes earlier, for the raw connection.
    if (m_secure)
        connect(m_listener.get(), &QTcpServer::pendingConnectionAvailable, this, takePending);
    else
        connect(m_listener.get(), &QTcpServer::newConnection, this, takePending);
    connect(m_listener.get(), &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError e) {
        qCWarning(lcNet) << displayName(m_protocol, m_secure) << "accept error" << e;
    });
}

TerminalServer::~TerminalServer()
{
    stopListening();
}

bool TerminalServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener->setListenBacklogSize(m_ctx.config->listenBacklog);
    if (!m_listener->listen(address, port)) {
        if (error)
            *error = m_listener->serverError() == QAbstractSocket::AddressInUseError
                         ? QStringLiteral("address already in use")
                         : m_listener->errorString();
        return false;
    }
    qCInfo(lcNet).noquote() << displayName(m_protocol, m_secure) << "server listening on" << address.toString()
                            << "port" << m_listener->serverPort();
    return true;
}

void TerminalServer::setTlsConfiguration(const QSslConfiguration &tls)
{
    if (m_tls)
        m_tls->setSslConfiguration(tls);
}

void TerminalServer::setHandshakeGate(TlsListener::Gate gate)
{
    if (m_tls)
        m_tls->setGate(std::move(gate));
}

int TerminalServer::tlsHandshakes() const
{
    return m_tls ? m_tls->handshaking() : 0;
}

void TerminalServer::stopListening()
{
    if (m_listener->isListening())
        m_listener->close();
}

} // namespace termdesk::net
