// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <optional>

namespace termdesk::http {

/// @brief One answer: status, extra header fields and the body. HttpServer adds Content-Length (or
/// Transfer-Encoding: chunked for a streamed body), Connection and Date.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /// Set: the body is made as it is sent, instead of `body` (a large CSV export). Called for the
    /// next piece while the connection has room to send it (HttpServerLimits::maxStreamBufferBytes);
    /// an empty piece ends the body; std::nullopt means it failed midway, and the connection is
    /// closed without the last chunk, so the client sees a cut answer, never a short one. Sent
    /// chunked (HTTP/1.1), or up to the connection's close to an HTTP/1.0 client.
    std::function<std::optional<QByteArray>()> stream;

    /// A JSON answer (compact UTF-8).
    static HttpResponse json(int status, const QJsonDocument &doc);
    /// {"error": {"status": N, "message": "..."}}: every refusal of the API looks like this.
    static HttpResponse error(int status, const QString &message);
    /// "Not Found" for 404, and so on; "Unknown" for a status not in the table.
    static QByteArray reasonPhrase(int status);
    /// The bytes on the wire: status line, header fields, the empty line, the body.
    QByteArray serialize(bool keepAlive) const;
    /// For a streamed body: the status line and header fields only, with Transfer-Encoding: chunked
    /// when @p chunked, else no length (the body ends with the connection).
    QByteArray serializeHead(bool keepAlive, bool chunked) const;
    /// One piece of a chunked body on the wire (RFC 9112 7.1); an empty @p piece is the last chunk.
    static QByteArray chunk(QByteArrayView piece);
};

} // namespace termdesk::http
