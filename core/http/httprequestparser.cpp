// SPDX-License-Identifier: GPL-3.0-or-later
#include "httprequestparser.h"

#include <optional>
#include <utility>

namespace termdesk::http {
namespace {

const QByteArray CRLF = QByteArrayLiteral("\r\n");
const QByteArray HEAD_END = QByteArrayLiteral("\r\n\r\n");

bool isTchar(char c)
{
    // RFC 9110 5.6.2: token characters.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

/// A field value: visible characters, spaces and tabs, and obs-text (bytes from 0x80); no other
/// control character (RFC 9110 5.5).
bool isFieldValue(QByteArrayView s)
{
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

/// A request target in origin form: '/' then visible ASCII characters.
bool isOriginForm(QByteArrayView s)
{
    if (s.isEmpty() || s.front() != '/')
        return false;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f)
            return false;
    }
    return true;
}

QByteArray trimmedOws(QByteArrayView s)
{
    qsizetype b = 0;
    qsizetype e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.sliced(b, e - b).toByteArray();
}

} // namespace

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    const auto has = [&connection](QByteArrayView option) {
        for (const QByteArray &part : connection.split(',')) {
            if (part.trimmed() == option)
                return true;
        }
        return false;
    };
    if (versionMinor == 0)
        return has("keep-alive");
    return !has("close");
}

HttpRequestParser::HttpRequestParser(HttpLimits limits) : m_limits(limits) {}

HttpRequestParser::Result HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::feed(QByteArrayView bytes)
{
    if (m_state == State::Failed)
        return Result::Error;
    m_buffer.append(bytes);
    return parse();
}

HttpRequestParser::Result HttpRequestParser::parse()
{
    switch (m_state) {
    case State::Failed:
        return Result::Error;
    case State::Done:
        return Result::Complete;
    case State::Head: {
        // RFC 9112 2.2: empty lines before a request line are ignored.
        qsizetype start = 0;
        while (m_buffer.size() - start >= 2 && m_buffer[start] == '\r' && m_buffer[start + 1] == '\n')
            start += 2;
        if (start > 0)
            m_buffer.remove(0, start);
        const qsizetype headEnd = m_buffer.indexOf(HEAD_END);
        if (headEnd < 0) {
            if (m_buffer.size() > m_limits.maxHeaderBytes) {
                if (m_buffer.indexOf(CRLF) < 0)
                    return fail(
                        414, QStringLiteral("the request line is longer than %1 bytes").arg(m_limits.maxHeaderBytes));
                return fail(431,
                            QStringLiteral("the request header is longer than %1 bytes").arg(m_limits.maxHeaderBytes));
            }
            return Result::Incomplete;
        }
        if (headEnd + HEAD_END.size() > m_limits.maxHeaderBytes)
            return fail(431, QStringLiteral("the request header is longer than %1 bytes").arg(m_limits.maxHeaderBytes));
        const Result head = parseHead(headEnd);
        if (head == Result::Error)
            return head;
        m_buffer.remove(0, headEnd + HEAD_END.size());
        m_state = State::Body;
        [[fallthrough]];
    }
    case State::Body:
        if (m_buffer.size() < m_bodyLength)
            return Result::Incomplete;
        m_request.body = m_buffer.left(m_bodyLength);
        m_buffer.remove(0, m_bodyLength);
        m_state = State::Done;
        return Result::Complete;
    }
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::parseHead(qsizetype headEnd)
{
    m_request = HttpRequest{};
    m_bodyLength = 0;
    const QByteArrayView head = QByteArrayView(m_buffer).first(headEnd);
    const QList<QByteArrayView> lines = [&head] {
        QList<QByteArrayView> list;
        qsizetype from = 0;
        while (true) {
            const qsizetype at = head.indexOf(QByteArrayView(CRLF), from);
            if (at < 0) {
                list.append(head.sliced(from));
                return list;
            }
            list.append(head.sliced(from, at - from));
            from = at + 2;
        }
    }();

    // request-line = method SP request-target SP HTTP-version
    const QByteArrayView line = lines.first();
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 < 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
        return fail(400, QStringLiteral("the request line is not 'METHOD TARGET HTTP/1.1'"));
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method))
        return fail(400, QStringLiteral("the method is not a token"));
    if (version == "HTTP/1.1")
        m_request.versionMinor = 1;
    else if (version == "HTTP/1.0")
        m_request.versionMinor = 0;
    else if (version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.' && version[5] >= '0' &&
             version[5] <= '9' && version[7] >= '0' && version[7] <= '9')
        return fail(505, QStringLiteral("only HTTP/1.1 and HTTP/1.0 are served"));
    else
        return fail(400, QStringLiteral("the request line does not end with an HTTP version"));
    if (!isOriginForm(target))
        return fail(400, QStringLiteral("the request target must be a path starting with '/'"));
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    const qsizetype q = target.indexOf('?');
    m_request.path = (q < 0 ? target : target.first(q)).toByteArray();
    m_request.query = q < 0 ? QByteArray() : target.sliced(q + 1).toByteArray();

    if (lines.size() - 1 > m_limits.maxHeaderFields)
        return fail(431, QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaderFields));
    std::optional<qint64> contentLength;
    int hosts = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView field = lines.at(i);
        if (field.startsWith(' ') || field.startsWith('\t'))
            return fail(400, QStringLiteral("folded header lines are not accepted"));
        const qsizetype colon = field.indexOf(':');
        // No white space between the name and the colon (RFC 9112 5.1): a token check covers it.
        if (colon <= 0 || !isToken(field.first(colon)))
            return fail(400, QStringLiteral("a header line is not 'Name: value'"));
        const QByteArray value = trimmedOws(field.sliced(colon + 1));
        if (!isFieldValue(value))
            return fail(400, QStringLiteral("a header value holds a control character"));
        const QByteArray name = field.first(colon).toByteArray().toLower();
        if (name == "content-length") {
            bool digits = !value.isEmpty() && value.size() <= 18;
            for (char c : value)
                digits = digits && c >= '0' && c <= '9';
            if (!digits)
                return fail(400, QStringLiteral("Content-Length is not a number"));
            const qint64 n = value.toLongLong();
            if (contentLength && *contentLength != n)
                return fail(400, QStringLiteral("two different Content-Length values"));
            contentLength = n;
        } else if (name == "transfer-encoding") {
            return fail(411, QStringLiteral("send the body with Content-Length: Transfer-Encoding is not accepted"));
        } else if (name == "host") {
            ++hosts;
        }
        m_request.headers.append({name, value});
    }
    if (m_request.versionMinor == 1 && hosts != 1)
        return fail(400, QStringLiteral("an HTTP/1.1 request needs exactly one Host header"));
    if (contentLength && *contentLength > m_limits.maxBodyBytes)
        return fail(413, QStringLiteral("the body is larger than %1 bytes").arg(m_limits.maxBodyBytes));
    m_bodyLength = contentLength.value_or(0);
    return Result::Incomplete;
}

HttpRequest HttpRequestParser::takeRequest()
{
    m_state = State::Head;
    m_bodyLength = 0;
    return std::exchange(m_request, HttpRequest{});
}

} // namespace termdesk::http
