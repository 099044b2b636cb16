// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httprequestparser.h"
#include "httpserver.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QTcpSocket;

namespace termdesk::http {

/// @brief One client connection of HttpServer: reads requests through HttpRequestParser, answers
/// them in order through the handler, and enforces the request, idle and write limits. Deletes
/// itself (and its socket) when the connection ends.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket *socket, const HttpServer &server, QObject *parent);
    ~HttpConnection() override;

    /// Closes the connection now (the server stops).
    void abort();

Q_SIGNALS:
    void finished();

private:
    void onReadyRead();
    void process();
    void refuse(int status, const QString &message);
    void onDeadline();
    void armTimer();
    /// After an answer: closes the connection (not kept alive) or waits for the next request.
    void finishAnswer(bool keepAlive);
    /// Sends the streamed body's next pieces while the socket has room; true when it ended and the
    /// connection reads requests again.
    bool pumpStream();

    QTcpSocket *m_socket;
    const HttpServer &m_server;
    HttpRequestParser m_parser;
    QTimer m_deadline;
    bool m_waitingForRequest = true; ///< the timer runs as the request deadline (else as the idle one)
    bool m_closing = false;
    std::function<std::optional<QByteArray>()> m_stream; ///< the answer being streamed, if any
    bool m_streamChunked = false;
    bool m_streamKeepAlive = false;
    bool m_draining = false; ///< refused: input is read and dropped until the client closes or the deadline
};

} // namespace termdesk::http
