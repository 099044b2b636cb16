// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httprequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace termdesk::http {

/// The sizes a request may have (docs/integration.md, "Limits").
struct HttpLimits
{
    qsizetype maxHeaderBytes = 16 * 1024; ///< request line + header fields + the empty line
    qsizetype maxBodyBytes = 64 * 1024;   ///< Content-Length beyond this is refused with 413
    int maxHeaderFields = 100;
};

/// @brief Reads HTTP/1.1 requests (RFC 9112) from the bytes of one connection, as they arrive, within
/// HttpLimits. It never holds more than maxHeaderBytes + maxBodyBytes of one request. Only what a
/// small local API needs: origin-form targets, bodies with Content-Length (a Transfer-Encoding
/// is refused with 411), no obsolete line folding. It touches no socket, so it can be tested with
/// byte strings and fuzzed.
///
/// feed() the bytes; when it says Complete, takeRequest() and call parse() for a request pipelined
/// behind it. On Error, errorStatus() is the answer to give (400, 411, 413, 414, 431, 501, 505)
/// before closing: the stream cannot be trusted after it.
class HttpRequestParser
{
public:
    enum class Result { Incomplete, Complete, Error };

    explicit HttpRequestParser(HttpLimits limits = {});

    /// Appends @p bytes and parses.
    Result feed(QByteArrayView bytes);
    /// Parses what is buffered (again after takeRequest(): the next pipelined request).
    Result parse();
    /// The request feed()/parse() completed; the parser then waits for the next one.
    HttpRequest takeRequest();

    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }
    /// True when no byte of a next request has arrived (between requests on a kept-alive connection).
    bool isIdle() const { return m_state == State::Head && m_buffer.isEmpty(); }
    const HttpLimits &limits() const { return m_limits; }

private:
    enum class State { Head, Body, Done, Failed };
    Result fail(int status, const QString &message);
    Result parseHead(qsizetype headEnd);

    HttpLimits m_limits;
    State m_state = State::Head;
    QByteArray m_buffer;
    HttpRequest m_request;
    qsizetype m_bodyLength = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace termdesk::http
