// SPDX-License-Identifier: GPL-3.0-or-later
// The REST API's request parser (core/http/httprequestparser.*) on byte strings written by hand from
// RFC 9112: whole requests, requests cut anywhere, pipelined ones, and every refusal with its status.
#include "http/httprequestparser.h"
#include "http/httpresponse.h"

#include <QTest>

using termdesk::http::HttpLimits;
using termdesk::http::HttpRequest;
using termdesk::http::HttpRequestParser;
using Result = HttpRequestParser::Result;

class TstHttpRequestParser : public QObject
{
    Q_OBJECT

    static int refusal(const QByteArray &bytes, HttpLimits limits = {})
    {
        HttpRequestParser p(limits);
        if (p.feed(bytes) != Result::Error)
            return 0;
        return p.errorStatus();
    }

private Q_SLOTS:
    void getWithQueryAndHeaders()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed("GET /api/v1/punches?after=12&limit=5 HTTP/1.1\r\n"
                        "Host: 127.0.0.1:8080\r\n"
                        "Authorization:   Bearer tdk_abc \t\r\n"
                        "X-Empty:\r\n"
                        "\r\n"),
                 Result::Complete);
        const HttpRequest r = p.takeRequest();
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.target, QByteArray("/api/v1/punches?after=12&limit=5"));
        QCOMPARE(r.path, QByteArray("/api/v1/punches"));
        QCOMPARE(r.query, QByteArray("after=12&limit=5"));
        QCOMPARE(r.versionMinor, 1);
        QCOMPARE(r.header("host"), QByteArray("127.0.0.1:8080"));
        QCOMPARE(r.header("authorization"), QByteArray("Bearer tdk_abc")); // white space around removed
        QVERIFY(r.hasHeader("x-empty"));
        QCOMPARE(r.header("x-empty"), QByteArray());
        QVERIFY(r.body.isEmpty());
        QVERIFY(r.keepAlive());
        QVERIFY(p.isIdle());
    }

    void postBodyArrivingByteByByte()
    {
        const QByteArray wire = "POST /api/v1/commands HTTP/1.1\r\n"
                                "Host: x\r\n"
                                "Content-Type: application/json\r\n"
                                "Content-Length: 11\r\n"
                                "\r\n"
                                "{\"a\":\"b c\"}";
        HttpRequestParser p;
        for (qsizetype i = 0; i + 1 < wire.size(); ++i) {
            QCOMPARE(p.feed(wire.sliced(i, 1)), Result::Incomplete);
            QVERIFY(!p.isIdle());
        }
        QCOMPARE(p.feed(wire.right(1)), Result::Complete);
        const HttpRequest r = p.takeRequest();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.body, QByteArray("{\"a\":\"b c\"}"));
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    }

    void pipelinedRequestsOneAfterTheOther()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                        "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz"
                        "GET /c HTTP/1.1\r\nHo"),
                 Result::Complete);
        QCOMPARE(p.takeRequest().path, QByteArray("/a"));
        QCOMPARE(p.parse(), Result::Complete);
        const HttpRequest b = p.takeRequest();
        QCOMPARE(b.path, QByteArray("/b"));
        QCOMPARE(b.body, QByteArray("xyz"));
        QCOMPARE(p.parse(), Result::Incomplete);
        QVERIFY(!p.isIdle()); // part of /c is there
        QCOMPARE(p.feed("st: x\r\nConnection: close\r\n\r\n"), Result::Complete);
        const HttpRequest c = p.takeRequest();
        QCOMPARE(c.path, QByteArray("/c"));
        QVERIFY(!c.keepAlive());
        QVERIFY(p.isIdle());
    }

    void emptyLinesBeforeTheRequestLineAreIgnored()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"), Result::Complete);
        QCOMPARE(p.takeRequest().path, QByteArray("/"));
    }

    void http10KeepsAliveOnlyWhenAsked()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed("GET / HTTP/1.0\r\n\r\n"), Result::Complete); // no Host needed in 1.0
        HttpRequest r = p.takeRequest();
        QCOMPARE(r.versionMinor, 0);
        QVERIFY(!r.keepAlive());
        QCOMPARE(p.feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), Result::Complete);
        QVERIFY(p.takeRequest().keepAlive());
        QCOMPARE(p.feed("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n"), Result::Complete);
        QVERIFY(!p.takeRequest().keepAlive());
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("method not a token") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
        QTest::newRow("folded line") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("NUL in a value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\0c\r\n\r\n", 35) << 400;
        QTest::newRow("bare LF inside") << QByteArray("GET / HTTP/1.1\r\nHost: x\nA: b\r\n\r\n") << 400;
        QTest::newRow("Content-Length not a number")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n") << 400;
        QTest::newRow("Content-Length negative")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("two Content-Lengths")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("chunked body")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            << 411;
        QTest::newRow("body over 64 KiB")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n") << 413;
        QTest::newRow("Content-Length beyond 64 bits")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n") << 400;
    }

    void refusals()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QCOMPARE(refusal(bytes), status);
    }

    void bodyAtTheLimitIsTaken()
    {
        HttpRequestParser p;
        QCOMPARE(
            p.feed(QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n" + QByteArray(65536, 'a'))),
            Result::Complete);
        QCOMPARE(p.takeRequest().body.size(), 65536);
    }

    void oversizedHeadersRefusedBeforeTheyEnd()
    {
        HttpLimits limits;
        limits.maxHeaderBytes = 1024;
        // A request line that never ends: 414 as soon as the limit is passed, without waiting for more.
        HttpRequestParser line(limits);
        QCOMPARE(line.feed(QByteArray("GET /" + QByteArray(1000, 'a'))), Result::Incomplete);
        QCOMPARE(line.feed(QByteArray(100, 'a')), Result::Error);
        QCOMPARE(line.errorStatus(), 414);
        // Header fields that never end: 431.
        HttpRequestParser fields(limits);
        QCOMPARE(fields.feed("GET / HTTP/1.1\r\nHost: x\r\n"), Result::Incomplete);
        QByteArray more;
        while (more.size() < 1100)
            more += "X-Filler: 0123456789\r\n";
        QCOMPARE(fields.feed(more), Result::Error);
        QCOMPARE(fields.errorStatus(), 431);
        // And once failed it stays failed: the stream is not trusted any more.
        QCOMPARE(fields.feed("\r\n"), Result::Error);
        // A whole header just over the limit, arriving in one piece.
        QCOMPARE(refusal("GET / HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(1000, 'b') + "\r\n\r\n", limits), 431);
        // Too many fields.
        limits.maxHeaderBytes = 16 * 1024;
        limits.maxHeaderFields = 3;
        QCOMPARE(refusal("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits), 431);
    }

    void errorAnswersAreJsonWithTheirStatusLine()
    {
        const QByteArray wire = termdesk::http::HttpResponse::error(413, QStringLiteral("too big")).serialize(false);
        QVERIFY(wire.startsWith("HTTP/1.1 413 Content Too Large\r\n"));
        QVERIFY(wire.contains("\r\nConnection: close\r\n"));
        QVERIFY(wire.contains("\r\nContent-Type: application/json; charset=utf-8\r\n"));
        const QByteArray body = R"({"error":{"message":"too big","status":413}})";
        QVERIFY(wire.contains(QByteArray("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")));
        QVERIFY(wire.endsWith(QByteArray("\r\n\r\n" + body)));
    }
};

QTEST_GUILESS_MAIN(TstHttpRequestParser)
#include "tst_httprequestparser.moc"
