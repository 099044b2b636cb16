// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "net/sessioncontext.h"
#include "util/tlslistener.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace termdesk::net {

/// @brief The listening socket of one protocol's terminals: our own QTcpServer with the
/// configured backlog (deep enough for a reconnect storm: the default 50 drops SYNs,
/// docs/performance.md). Every accepted socket goes to the transport's Accept, which turns it
/// into a session of the engine's ConnectionSet. Lives in the engine thread.
///
/// With a TLS configuration the listener is a TlsListener (a QSslServer, shared with the REST API's
/// https): a connection reaches Accept as an encrypted QSslSocket, after its TLS handshake (bounded by
/// network/handshakeTimeoutSec; a peer that offers no TLS 1.2+ is dropped before Accept). Connections
/// in their handshake hold a slot of the cap: setHandshakeGate(), tlsHandshakes().
class TerminalServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalServer)
public:
    /// Takes an accepted connection: the transport owns @p socket from here on.
    using Accept = std::function<void(QTcpSocket *socket)>;

    TerminalServer(Protocol protocol, const SessionContext &context, Accept accept, QObject *parent = nullptr,
                   std::optional<QSslConfiguration> tls = std::nullopt);
    ~TerminalServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener->serverPort(); }
    bool isListening() const { return m_listener->isListening(); }
    bool isSecure() const { return m_secure; }
    void stopListening();
    /// A TLS listener's new certificate and key, for the connections that come next.
    void setTlsConfiguration(const QSslConfiguration &tls);
    /// Asked before a TLS connection starts its handshake (TlsListener::setGate); no-op without TLS.
    void setHandshakeGate(TlsListener::Gate gate);
    /// Connections in their TLS handshake (0 without TLS).
    int tlsHandshakes() const;

private:
    const Protocol m_protocol;
    SessionContext m_ctx;
    Accept m_accept;
    const bool m_secure;
    std::unique_ptr<QTcpServer> m_listener;
    TlsListener *m_tls = nullptr; ///< m_listener, when it is a TLS one
};

} // namespace termdesk::net
