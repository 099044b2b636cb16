// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpconnection.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <algorithm>

namespace termdesk::http {
namespace {

Q_LOGGING_CATEGORY(lcHttp, "termdesk.http", QtInfoMsg)

constexpr qint64 READ_CHUNK = 64 * 1024;
/// How long a refused request's connection is kept open, its input read and dropped, so the client
/// reads the refusal: closing a socket with unread input sends a reset, which can destroy the answer
/// on its way (a client still sending a too large request would never see its 413).
constexpr int DRAIN_MS = 2'000;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpServer &server, QObject *parent)
    : QObject(parent), m_socket(socket), m_server(server), m_parser(server.limits().request)
{
    m_socket->setParent(this);
    // What is not read yet stays in the kernel: a client sending faster than we answer is slowed
    // by TCP instead of filling our memory.
    m_socket->setReadBufferSize(READ_CHUNK);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onDeadline);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::process);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::process);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_closing = true;
        m_deadline.stop();
        Q_EMIT finished();
        deleteLater();
    });
    armTimer();
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::abort()
{
    m_closing = true;
    m_socket->abort();
}

void HttpConnection::armTimer()
{
    const HttpServerLimits &limits = m_server.limits();
    m_deadline.start(m_waitingForRequest ? limits.requestTimeoutMs : limits.idleTimeoutMs);
}

void HttpConnection::process()
{
    if (m_draining) {
        m_socket->readAll(); // dropped: the connection only waits for the client to read the refusal
        return;
    }
    const HttpServerLimits &limits = m_server.limits();
    while (!m_closing) {
        if (m_stream && !pumpStream())
            return; // bytesWritten() calls again
        if (m_socket->bytesToWrite() > limits.maxPendingWriteBytes)
            return; // bytesWritten() calls again
        HttpRequestParser::Result r = m_parser.parse();
        if (r == HttpRequestParser::Result::Incomplete) {
            if (m_socket->bytesAvailable() <= 0)
                return; // readyRead() calls again
            const QByteArray chunk = m_socket->read(READ_CHUNK);
            if (!m_waitingForRequest) {
                // The first byte of a request after an idle spell: from now the request deadline.
                m_waitingForRequest = true;
                armTimer();
            }
            r = m_parser.feed(chunk);
            if (r == HttpRequestParser::Result::Incomplete)
                continue;
        }
        if (r == HttpRequestParser::Result::Error) {
            refuse(m_parser.errorStatus(), m_parser.errorMessage());
            return;
        }
        const HttpRequest request = m_parser.takeRequest();
        const HttpResponse response = m_server.handler()(request, m_socket->peerAddress());
        if (response.stream) {
            // Chunked to an HTTP/1.1 client; an HTTP/1.0 one reads up to the close.
            m_streamChunked = request.versionMinor >= 1;
            m_streamKeepAlive = m_streamChunked && request.keepAlive();
            m_socket->write(response.serializeHead(m_streamKeepAlive, m_streamChunked));
            m_stream = response.stream;
            m_waitingForRequest = false;
            armTimer();
            continue;
        }
        const bool keepAlive = request.keepAlive();
        m_socket->write(response.serialize(keepAlive));
        finishAnswer(keepAlive);
    }
}

void HttpConnection::finishAnswer(bool keepAlive)
{
    if (!keepAlive) {
        m_closing = true;
        m_waitingForRequest = true;
        armTimer(); // a client that never reads the answer is cut off all the same
        m_socket->disconnectFromHost();
        return;
    }
    m_waitingForRequest = !m_parser.isIdle();
    armTimer();
}

bool HttpConnection::pumpStream()
{
    const HttpServerLimits &limits = m_server.limits();
    while (m_socket->bytesToWrite() < limits.maxStreamBufferBytes) {
        const std::optional<QByteArray> piece = m_stream();
        if (!piece) {
            // Failed midway: the status line is long gone; a cut connection (no last chunk) is
            // what tells the client the answer is not whole.
            qCWarning(lcHttp).noquote() << "a streamed answer to" << m_socket->peerAddress().toString()
                                        << "failed midway; closing the connection";
            m_stream = {};
            m_closing = true;
            m_socket->abort();
            return false;
        }
        if (piece->isEmpty()) {
            m_stream = {};
            if (m_streamChunked)
                m_socket->write(HttpResponse::chunk({}));
            finishAnswer(m_streamKeepAlive);
            return !m_closing;
        }
        m_socket->write(m_streamChunked ? HttpResponse::chunk(*piece) : *piece);
        m_server.noteStreamBuffer(m_socket->bytesToWrite());
    }
    armTimer(); // a client that keeps reading keeps the connection
    return false;
}

void HttpConnection::refuse(int status, const QString &message)
{
    qCInfo(lcHttp).noquote() << "refused a request from" << m_socket->peerAddress().toString() << "with" << status
                             << message;
    m_socket->write(HttpResponse::error(status, message).serialize(false));
    m_closing = true;
    m_draining = true;
    m_deadline.start(std::min(m_server.limits().requestTimeoutMs, DRAIN_MS));
    m_socket->readAll();
}

void HttpConnection::onDeadline()
{
    if (m_closing) {
        // The client had its time to read the last answer (or a refusal) and close.
        m_socket->abort();
        return;
    }
    if (m_waitingForRequest && !m_parser.isIdle()) {
        refuse(408,
               QStringLiteral("the request did not arrive whole within %1 ms").arg(m_server.limits().requestTimeoutMs));
        return;
    }
    m_closing = true;
    m_socket->disconnectFromHost(); // nothing started: close quietly
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_deadline.start(m_server.limits().requestTimeoutMs);
}

} // namespace termdesk::http
