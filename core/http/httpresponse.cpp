// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpresponse.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>

namespace termdesk::http {

HttpResponse HttpResponse::json(int status, const QJsonDocument &doc)
{
    HttpResponse r;
    r.status = status;
    r.body = doc.toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status, QJsonDocument(
                            QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), status},
                                                                              {QStringLiteral("message"), message}}}}));
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

namespace {

QByteArray head(const HttpResponse &r, bool keepAlive, const QByteArray &framing)
{
    QByteArray out;
    out.reserve(r.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + HttpResponse::reasonPhrase(r.status) + "\r\n";
    // RFC 9110 5.6.7 (IMF-fixdate), always in English.
    out += "Date: " +
           QLocale::c()
               .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
               .toLatin1() +
           "\r\n";
    if (!r.body.isEmpty() || r.stream || r.status != 204)
        out += "Content-Type: " + r.contentType + "\r\n";
    out += framing;
    out += keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n") : QByteArrayLiteral("Connection: close\r\n");
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto &[name, value] : r.headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    return out;
}

} // namespace

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    QByteArray out = head(*this, keepAlive, "Content-Length: " + QByteArray::number(body.size()) + "\r\n");
    out += body;
    return out;
}

QByteArray HttpResponse::serializeHead(bool keepAlive, bool chunked) const
{
    return head(*this, keepAlive, chunked ? QByteArrayLiteral("Transfer-Encoding: chunked\r\n") : QByteArray());
}

QByteArray HttpResponse::chunk(QByteArrayView piece)
{
    QByteArray out = QByteArray::number(piece.size(), 16) + "\r\n";
    out += piece;
    out += "\r\n"; // after the last (empty) chunk: the end of the (empty) trailer section
    return out;
}

} // namespace termdesk::http
