// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace termdesk::http {

/// @brief One HTTP/1.x request as HttpRequestParser read it: the request line split up, the header
/// fields (names in lower case, values with the surrounding white space removed, in arrival order)
/// and the body (Content-Length bytes; empty without one).
struct HttpRequest
{
    QByteArray method;    ///< as sent: methods are case-sensitive ("GET", "POST")
    QByteArray target;    ///< the request target as sent, e.g. "/api/v1/punches?after=3"
    QByteArray path;      ///< the target up to '?', still percent-encoded
    QByteArray query;     ///< after '?', still percent-encoded; empty when there is none
    int versionMinor = 1; ///< HTTP/1.0 or HTTP/1.1
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    /// The value of header @p lowerName (the first one when it is repeated); empty when absent.
    QByteArray header(QByteArrayView lowerName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return h.second;
        }
        return {};
    }
    bool hasHeader(QByteArrayView lowerName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return true;
        }
        return false;
    }
    /// Whether the client keeps the connection open after the answer (HTTP/1.1 unless
    /// "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
    bool keepAlive() const;
};

} // namespace termdesk::http
