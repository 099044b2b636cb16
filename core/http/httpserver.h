// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httprequest.h"
#include "httprequestparser.h"
#include "httpresponse.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>

#include <algorithm>
#include <functional>
#include <memory>

namespace termdesk {
class TlsListener;
}

namespace termdesk::http {

/// What one connection may cost (docs/integration.md, "Limits").
struct HttpServerLimits
{
    HttpLimits request;
    /// A request must arrive whole (header and body) within this long of its first byte, and a new
    /// connection must send its first request within this long: else 408 (or a silent close when
    /// nothing came) and the connection is closed. A client trickling bytes gains nothing.
    int requestTimeoutMs = 10'000;
    int idleTimeoutMs = 60'000; ///< a kept-alive connection with no request for this long is closed
    int maxConnections = 32;    ///< one more is answered 503 and closed
    /// Answers waiting to be sent beyond this: the connection's next requests wait until the client
    /// has read them (a client that pipelines and never reads cannot fill the memory).
    qint64 maxPendingWriteBytes = 4 * 1024 * 1024;
    /// A streamed body (HttpResponse::stream) is asked for its next piece only while less than this
    /// waits to be sent: the memory of a large export stays bounded by it.
    qint64 maxStreamBufferBytes = 256 * 1024;
};

/// Turns a request into an answer; runs in the server's thread, one request at a time.
using HttpHandler = std::function<HttpResponse(const HttpRequest &request, const QHostAddress &peer)>;

/// @brief A small HTTP/1.1 server on QTcpServer for the local REST API: keep-alive, Content-Length
/// bodies (answers may stream, chunked), and the limits of HttpServerLimits. With setTls() it speaks
/// https through the TlsListener of `wss://`: a connection in its TLS handshake counts against
/// maxConnections (one more is closed before its handshake). Qt 6.4's QHttpServer is a technical preview without a
/// body limit, timeouts or a connection cap, and would add a package on Linux and Windows
/// (docs/integration.md, "Why a small HTTP layer"). Lives in one thread; call it there.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)
public:
    HttpServer(HttpServerLimits limits, HttpHandler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Serves https with @p configuration (net::TlsIdentity::serverConfiguration: TLS 1.2 or later);
    /// a handshake must end within @p handshakeTimeoutMs. Call before listen().
    void setTls(const QSslConfiguration &configuration, int handshakeTimeoutMs);
    bool isSecure() const { return m_tls != nullptr; }
    /// Connections in their TLS handshake (0 without TLS).
    int tlsHandshakes() const;

    /// Listens on @p address : @p port (0: a free port); false with @p error.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;
    /// Stops listening and closes every connection.
    void close();
    int connectionCount() const { return m_connections; }
    /// The most a streamed answer ever had waiting to be sent on one connection (tests, docs).
    qint64 streamBufferPeak() const { return m_streamBufferPeak; }
    void noteStreamBuffer(qint64 bytes) const { m_streamBufferPeak = std::max(m_streamBufferPeak, bytes); }
    const HttpServerLimits &limits() const { return m_limits; }
    const HttpHandler &handler() const { return m_handler; }

Q_SIGNALS:
    /// A connection was refused because maxConnections were open.
    void connectionRefused();

private:
    void onNewConnection();

    HttpServerLimits m_limits;
    HttpHandler m_handler;
    std::unique_ptr<QTcpServer> m_server;
    TlsListener *m_tls = nullptr; ///< m_server, when it speaks https
    int m_connections = 0;
    mutable qint64 m_streamBufferPeak = 0;
};

} // namespace termdesk::http
