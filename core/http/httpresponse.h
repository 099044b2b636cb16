// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

namespace termdesk::http {

/// @brief One answer: status, extra header fields and the body. HttpServer adds Content-Length,
/// Connection and Date.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    /// A JSON answer (compact UTF-8).
    static HttpResponse json(int status, const QJsonDocument &doc);
    /// {"error": {"status": N, "message": "..."}}: every refusal of the API looks like this.
    static HttpResponse error(int status, const QString &message);
    /// "Not Found" for 404, and so on; "Unknown" for a status not in the table.
    static QByteArray reasonPhrase(int status);
    /// The bytes on the wire: status line, header fields, the empty line, the body.
    QByteArray serialize(bool keepAlive) const;
};

} // namespace termdesk::http
