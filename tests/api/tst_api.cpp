// SPDX-License-Identifier: GPL-3.0-or-later
// The local REST API end to end (docs/integration.md): the real Engine serving a WebSocket terminal in
// this thread, the API in its own thread (api::ApiHost) on a free port, keys made and revoked with the
// real `termdesk api-key`, and HTTP over real sockets (httpclient.h): keys and scopes, cursor paging
// with a late upload, the CSV page (a large one streamed in bounded memory), commands once per
// Idempotency-Key, slow, oversized and surplus connections cut off while the terminal goes on being
// served, and https with the certificate of wss:// (TLS handshakes held to the connection cap).
#include "api/apihost.h"
#include "enginefixture.h"
#include "httpclient.h"
#include "net/selfsignedcert.h"
#include "net/tlsidentity.h"
#include "service/csvexporter.h"
#include "termdeskcli.h"
#include "wsclient.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace termdesk;

class TstApi : public QObject
{
    Q_OBJECT

    EngineFixture m_f;
    std::unique_ptr<api::ApiHost> m_api;
    quint16 m_port = 0;

    static QByteArray sendlog(const char *sn, int logindex, const char *time1, const char *time2)
    {
        return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":2,"logindex":%2,"record":[)"
                              R"({"enrollid":1,"time":"%3","mode":8,"inout":0,"event":0,"temp":36.5},)"
                              R"({"enrollid":2,"time":"%4","mode":1,"inout":1,"event":0}]})")
            .arg(QLatin1String(sn))
            .arg(logindex)
            .arg(QLatin1String(time1), QLatin1String(time2))
            .toUtf8();
    }

    static bool acked(const QJsonObject &reply)
    {
        return reply.value(QLatin1String("ret")).toString() == QLatin1String("sendlog") &&
               reply.value(QLatin1String("result")).toBool();
    }

    /// Starts the Engine and the API with short limits (the tests wait for them on real time);
    /// @p adjust changes the API's configuration before it starts.
    void start(int requestTimeoutMs = 10'000, int maxConnections = 8,
               const std::function<void(api::ApiConfig &)> &adjust = {})
    {
        EngineConfig c = m_f.config();
        c.tcpPort = -1;
        QVERIFY2(m_f.start(c), qPrintable(m_f.engine->lastError()));
        api::ApiConfig a;
        a.database = c.databaseFile();
        a.port = 0;
        a.limits.requestTimeoutMs = requestTimeoutMs;
        a.limits.idleTimeoutMs = 1'000;
        a.limits.maxConnections = maxConnections;
        a.limits.request.maxBodyBytes = 64 * 1024;
        a.limits.request.maxHeaderBytes = 16 * 1024;
        if (adjust)
            adjust(a);
        m_api = std::make_unique<api::ApiHost>(a);
        QString error;
        QVERIFY2(m_api->start(&error), qPrintable(error));
        m_port = m_api->port();
        QVERIFY(m_port > 0);
    }

    /// `termdesk api-key create NAME --scope SCOPE`: the key it printed.
    QByteArray createKey(const QString &name, const QString &scope)
    {
        const CliRun r =
            runTermdesk({QStringLiteral("api-key"), QStringLiteral("create"), name, QStringLiteral("--scope"), scope},
                        m_f.dir.path(), 20'000);
        if (r.rc != 0) {
            qWarning() << r.err;
            return {};
        }
        return r.out.trimmed().toUtf8();
    }

    /// A fresh self-signed pair for 127.0.0.1 (core's generator), as `termdesk tls generate` writes it;
    /// the server's TLS configuration in @p tls. Null when this build cannot make one.
    QSslCertificate makePair(QSslConfiguration *tls)
    {
        net::SelfSignedRequest request;
        request.hosts = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")};
        request.days = 30;
        request.backdateSeconds = 3600;
        net::SelfSignedPair pair;
        QString error;
        if (!net::generateSelfSigned(request, &pair, &error)) {
            qWarning() << error;
            return QSslCertificate();
        }
        const QString cert = m_f.dir.filePath(QStringLiteral("termdesk-cert.pem"));
        const QString key = m_f.dir.filePath(QStringLiteral("termdesk-key.pem"));
        for (const auto &[file, pem] : {std::pair{cert, pair.certificatePem}, std::pair{key, pair.keyPem}}) {
            QFile f(file);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(pem) != pem.size())
                return QSslCertificate();
        }
        const auto identity = net::TlsIdentity::load(cert, key, &error);
        if (!identity) {
            qWarning() << error;
            return QSslCertificate();
        }
        *tls = identity->serverConfiguration();
        return identity->chain.first();
    }

    HttpReply get(const QByteArray &target, const QByteArray &key)
    {
        HttpClient c(m_port);
        return c.request("GET", target, key);
    }

private Q_SLOTS:
    void cleanup()
    {
        m_api.reset();
        m_f.stopAndClear();
    }

    void keysAreCheckedAtEveryRequest()
    {
        start();
        HttpReply r = get("/api/v1/terminals", {});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("www-authenticate"), QByteArray("Bearer realm=\"termdesk\""));
        QVERIFY(r.errorMessage().contains(QLatin1String("Authorization: Bearer KEY")));
        QCOMPARE(get("/api/v1/terminals", "tdk_not-a-key").status, 401);

        const QByteArray key = createKey(QStringLiteral("payroll"), QStringLiteral("read"));
        QVERIFY(key.startsWith("tdk_"));
        r = get("/api/v1/terminals", key);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(QLatin1String("data")).isArray());
        // Another scheme than Bearer is refused, the key notwithstanding.
        HttpClient basic(m_port);
        QCOMPARE(
            basic.request("GET", "/api/v1/terminals", {}, {}, {{"Authorization", QByteArray("Basic " + key)}}).status,
            401);
        // Health and the OpenAPI document need no key.
        QCOMPARE(get("/api/v1/health", {}).status, 200);

        // Only the key's SHA-256 is stored; the list never shows a key.
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT key_hash FROM api_keys WHERE name = 'payroll'")).toString(), hash);
        QCOMPARE(m_f.db
                     .value(QStringLiteral("SELECT count(*) FROM api_keys WHERE key_hash = '%1' OR name = '%1'")
                                .arg(QString::fromLatin1(key)))
                     .toInt(),
                 0);
        const CliRun list = runTermdesk({QStringLiteral("api-key"), QStringLiteral("list")}, m_f.dir.path(), 20'000);
        QCOMPARE(list.rc, 0);
        QVERIFY(list.out.contains(QLatin1String("payroll")));
        QVERIFY(!list.out.contains(QString::fromLatin1(key.sliced(4))));

        // Revoked while the server runs: refused from the next request on.
        const CliRun revoke = runTermdesk(
            {QStringLiteral("api-key"), QStringLiteral("revoke"), QStringLiteral("payroll")}, m_f.dir.path(), 20'000);
        QCOMPARE(revoke.rc, 0);
        QCOMPARE(get("/api/v1/terminals", key).status, 401);
        QCOMPARE(m_f.db
                     .value(QStringLiteral("SELECT count(*) FROM audit WHERE action IN ('create API key', "
                                           "'revoke API key') AND target = 'payroll'"))
                     .toInt(),
                 2);
        // The CLI's refusals.
        QCOMPARE(runTermdesk({QStringLiteral("api-key"), QStringLiteral("create"), QStringLiteral("x"),
                              QStringLiteral("--scope"), QStringLiteral("admin")},
                             m_f.dir.path(), 20'000)
                     .rc,
                 2);
        const CliRun again = runTermdesk(
            {QStringLiteral("api-key"), QStringLiteral("revoke"), QStringLiteral("payroll")}, m_f.dir.path(), 20'000);
        QCOMPARE(again.rc, 1);
        QVERIFY2(again.err.contains(QLatin1String("revoked already")), qPrintable(again.err));
    }

    void aReadKeyCannotQueueCommands()
    {
        start();
        const QByteArray key = createKey(QStringLiteral("reader"), QStringLiteral("read"));
        HttpClient c(m_port);
        const HttpReply r = c.request("POST", "/api/v1/commands", key, R"({"terminal":"T1","action":"settime"})",
                                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "k1"}});
        QCOMPARE(r.status, 403);
        QVERIFY2(r.errorMessage().contains(QLatin1String("scope commands")), qPrintable(r.errorMessage()));
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT count(*) FROM commands")).toInt(), 0);
    }

    void cursorPagingNeverSkipsALatePunch()
    {
        start();
        const QByteArray key = createKey(QStringLiteral("pager"), QStringLiteral("read"));
        WsClient t;
        QVERIFY(t.open(m_f.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("PG1")));
        QVERIFY(acked(t.call(sendlog("PG1", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))));

        HttpReply r = get("/api/v1/punches?after=0&limit=1", key);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("application/json; charset=utf-8"));
        QJsonObject page = r.json();
        QCOMPARE(page.value(QLatin1String("data")).toArray().size(), 1);
        QCOMPARE(page.value(QLatin1String("has_more")).toBool(), true);
        const QJsonObject first = page.value(QLatin1String("data")).toArray().first().toObject();
        // The CSV v2 fields, named as in the CSV.
        QStringList want;
        for (const QByteArray &c : service::CsvExporter::columns(2))
            want.append(QString::fromLatin1(c));
        want.sort();
        QCOMPARE(first.keys(), want);
        QCOMPARE(first.value(QLatin1String("terminal_sn")).toString(), QStringLiteral("PG1"));
        QCOMPARE(first.value(QLatin1String("local_time")).toString(), QStringLiteral("2025-06-01 08:00:01"));
        QCOMPARE(first.value(QLatin1String("verify_mode_name")).toString(), QStringLiteral("face"));
        QCOMPARE(first.value(QLatin1String("temperature")).toDouble(), 36.5);
        QCOMPARE(page.value(QLatin1String("next_cursor")).toString(),
                 QString::number(first.value(QLatin1String("punch_id")).toInteger()));

        r = get(
            QByteArray("/api/v1/punches?limit=1&after=" + page.value(QLatin1String("next_cursor")).toString().toUtf8()),
            key);
        page = r.json();
        QCOMPARE(page.value(QLatin1String("data")).toArray().size(), 1);
        QCOMPARE(page.value(QLatin1String("has_more")).toBool(), false);
        const QByteArray cursor = page.value(QLatin1String("next_cursor")).toString().toUtf8();

        // Nothing new: an empty page that keeps the cursor.
        page = get(QByteArray("/api/v1/punches?after=" + cursor), key).json();
        QCOMPARE(page.value(QLatin1String("data")).toArray().size(), 0);
        QCOMPARE(page.value(QLatin1String("next_cursor")).toString().toUtf8(), cursor);

        // The terminal uploads two punches of a week before: a date-range export already past that
        // week would miss them; the cursor has them.
        QVERIFY(acked(t.call(sendlog("PG1", 3, "2025-05-25 07:59:00", "2025-05-25 17:01:00"))));
        page = get(QByteArray("/api/v1/punches?after=" + cursor), key).json();
        const QJsonArray late = page.value(QLatin1String("data")).toArray();
        QCOMPARE(late.size(), 2);
        QCOMPARE(late.at(0).toObject().value(QLatin1String("local_time")).toString(),
                 QStringLiteral("2025-05-25 07:59:00"));
        QCOMPARE(late.at(1).toObject().value(QLatin1String("local_time")).toString(),
                 QStringLiteral("2025-05-25 17:01:00"));

        // Filters: the terminal and the days.
        QCOMPARE(get("/api/v1/punches?terminal=PG1&from=2025-05-25&to=2025-05-25", key)
                     .json()
                     .value(QLatin1String("data"))
                     .toArray()
                     .size(),
                 2);
        QCOMPARE(get("/api/v1/punches?terminal=NOPE", key).json().value(QLatin1String("data")).toArray().size(), 0);

        // The same rows as CSV v2, with the cursor of the next page in X-Next-Cursor.
        r = get("/api/v1/punches.csv?after=0&limit=3", key);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("text/csv; charset=utf-8"));
        const QList<QByteArray> lines = r.body.split('\n');
        QCOMPARE(lines.first(), service::CsvExporter::headerLine(2).chopped(1));
        QCOMPARE(r.body.count("\r\n"), 4);
        QCOMPARE(r.header("x-has-more"), QByteArray("true"));
        const QByteArray csvCursor = r.header("x-next-cursor");
        QVERIFY(lines.at(3).startsWith(QByteArray(csvCursor + ',')));
        r = get(QByteArray("/api/v1/punches.csv?after=" + csvCursor), key);
        QCOMPARE(r.body.count("\r\n"), 2);
        QCOMPARE(r.header("x-has-more"), QByteArray("false"));
        QCOMPARE(r.header("x-next-cursor"),
                 QByteArray::number(late.at(1).toObject().value(QLatin1String("punch_id")).toInteger()));
    }

    void badParametersAreRefusedWithAMessage_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("message");
        QTest::newRow("limit 0") << QByteArray("/api/v1/punches?limit=0") << QStringLiteral("limit: '0'");
        QTest::newRow("limit 1001") << QByteArray("/api/v1/punches?limit=1001") << QStringLiteral("from 1 to 1000");
        QTest::newRow("after abc") << QByteArray("/api/v1/punches?after=abc") << QStringLiteral("not a cursor");
        QTest::newRow("after -1") << QByteArray("/api/v1/punches?after=-1") << QStringLiteral("not a cursor");
        QTest::newRow("bad day") << QByteArray("/api/v1/punches?from=2025-13-01") << QStringLiteral("not a date");
        QTest::newRow("from after to") << QByteArray("/api/v1/punches?from=2025-02-01&to=2025-01-01")
                                       << QStringLiteral("is after");
        QTest::newRow("unknown") << QByteArray("/api/v1/punches?limt=5") << QStringLiteral("unknown parameter 'limt'");
        QTest::newRow("twice") << QByteArray("/api/v1/punches?limit=5&limit=6") << QStringLiteral("given twice");
        QTest::newRow("csv limit") << QByteArray("/api/v1/punches.csv?limit=100001") << QStringLiteral("100000");
        QTest::newRow("command id") << QByteArray("/api/v1/commands/x1") << QStringLiteral("not a command id");
        QTest::newRow("users params") << QByteArray("/api/v1/users?all=1") << QStringLiteral("no parameters");
    }

    void badParametersAreRefusedWithAMessage()
    {
        QFETCH(QByteArray, target);
        QFETCH(QString, message);
        start();
        const HttpReply r = get(target, createKey(QStringLiteral("k"), QStringLiteral("read")));
        QCOMPARE(r.status, 400);
        QVERIFY2(r.errorMessage().contains(message), qPrintable(r.errorMessage()));
    }

    void commandsAreQueuedOncePerIdempotencyKey()
    {
        start();
        const QByteArray key = createKey(QStringLiteral("erp"), QStringLiteral("commands"));
        WsClient t;
        QVERIFY(t.open(m_f.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("CM1")));
        const QByteArray body = R"({"terminal":"CM1","action":"settime"})";
        const QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"},
                                                              {"Idempotency-Key", "0f8e-1"}};
        HttpClient c(m_port);
        HttpReply r = c.request("POST", "/api/v1/commands", key, body, headers);
        QCOMPARE(r.status, 202);
        const qint64 id = r.json().value(QLatin1String("id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(r.json().value(QLatin1String("replayed")).toBool(), false);
        QCOMPARE(r.header("location"), QByteArray("/api/v1/commands/" + QByteArray::number(id)));
        // A retry (on the same kept-alive connection) gets the same command, not a second one.
        r = c.request("POST", "/api/v1/commands", key, body, headers);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QLatin1String("id")).toInteger(), id);
        QCOMPARE(r.json().value(QLatin1String("replayed")).toBool(), true);
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT count(*) FROM commands")).toInt(), 1);
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT origin FROM commands")).toString(), QStringLiteral("api:erp"));
        // The same key for another request is refused.
        r = c.request("POST", "/api/v1/commands", key, R"({"terminal":"CM1","action":"reboot"})", headers);
        QCOMPARE(r.status, 422);
        // No Idempotency-Key, an unknown terminal, an unknown action, a dangerous one unconfirmed.
        r = c.request("POST", "/api/v1/commands", key, body, {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        r = c.request("POST", "/api/v1/commands", key, R"({"terminal":"NOPE","action":"settime"})",
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "k2"}});
        QCOMPARE(r.status, 422);
        r = c.request("POST", "/api/v1/commands", key, R"({"terminal":"CM1","action":"fly"})",
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "k3"}});
        QCOMPARE(r.status, 400);
        r = c.request("POST", "/api/v1/commands", key, R"({"terminal":"CM1","action":"cleanlog"})",
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "k4"}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.errorMessage().contains(QLatin1String("confirm")), qPrintable(r.errorMessage()));
        r = c.request("POST", "/api/v1/commands", key, "not json",
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "k5"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT count(*) FROM commands")).toInt(), 1);

        // The terminal is sent the command; its state can be followed.
        QVERIFY(QTest::qWaitFor([&] { return t.raw.join(QString()).contains(QLatin1String("\"settime\"")); }, 10'000));
        r = c.request("GET", QByteArray("/api/v1/commands/" + QByteArray::number(id)), key);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QLatin1String("terminal_sn")).toString(), QStringLiteral("CM1"));
        QVERIFY(!r.json().contains(QLatin1String("payload")));
        QCOMPARE(c.request("GET", "/api/v1/commands/999999", key).status, 404);
        QCOMPARE(c.request("GET", "/api/v1/commands", key).status, 405);
    }

    void slowRequestsAreCutOffWhileATerminalIsServed()
    {
        start(400, 3);
        const QByteArray key = createKey(QStringLiteral("k"), QStringLiteral("read"));
        WsClient t;
        QVERIFY(t.open(m_f.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("SL1")));

        // Every connection the API takes, held by requests that trickle in.
        QList<std::shared_ptr<HttpClient>> slow;
        for (int i = 0; i < 3; ++i) {
            slow.append(std::make_shared<HttpClient>(m_port));
            QVERIFY(slow.last()->connect());
            slow.last()->write("GET /api/v1/punches HTTP/1.1\r\nHost: x\r\n");
        }
        // One more connection is refused at once.
        HttpClient extra(m_port);
        QVERIFY(extra.connect());
        const HttpReply refused = extra.next();
        QCOMPARE(refused.status, 503);
        QVERIFY(extra.waitClosed(5000));

        // Meanwhile the terminal is served as ever.
        QVERIFY(acked(t.call(sendlog("SL1", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))));

        // A byte every now and then does not keep a request alive: the deadline counts from its first byte.
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, this, [&slow] { slow.first()->write("X-"); });
        trickle.start(50);
        for (const auto &c : slow) {
            const HttpReply r = c->next(5000);
            trickle.stop();
            QCOMPARE(r.status, 408);
            QVERIFY(c->waitClosed(5000));
        }
        // Room again.
        const HttpReply ok = get("/api/v1/punches", key);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value(QLatin1String("data")).toArray().size(), 2);
        QVERIFY(acked(t.call(sendlog("SL1", 3, "2025-06-01 09:00:01", "2025-06-01 09:00:02"))));
    }

    void oversizedRequestsAreRefused()
    {
        start();
        const QByteArray key = createKey(QStringLiteral("k"), QStringLiteral("commands"));
        WsClient t;
        QVERIFY(t.open(m_f.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("BIG1")));
        // A body announced over the limit: refused before it is sent.
        HttpClient big(m_port);
        QVERIFY(big.connect());
        big.write("POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
                  "\r\nContent-Type: application/json\r\nIdempotency-Key: a\r\nContent-Length: 70000\r\n\r\n");
        HttpReply r = big.next();
        QCOMPARE(r.status, 413);
        QVERIFY(big.waitClosed(5000));
        // A header of 20 KiB.
        HttpClient header(m_port);
        QVERIFY(header.connect());
        header.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(20 * 1024, 'p') + "\r\n\r\n");
        QCOMPARE(header.next().status, 431);
        QVERIFY(header.waitClosed(5000));
        // A megabyte of request line: refused, the rest not read.
        HttpClient line(m_port);
        QVERIFY(line.connect());
        line.write("GET /" + QByteArray(1024 * 1024, 'a'));
        QCOMPARE(line.next().status, 414);
        // A chunked body.
        HttpClient chunked(m_port);
        QVERIFY(chunked.connect());
        chunked.write(
            "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QCOMPARE(chunked.next().status, 411);
        // The terminal saw none of it.
        QVERIFY(acked(t.call(sendlog("BIG1", 1, "2025-06-01 08:00:01", "2025-06-01 08:00:02"))));
        QCOMPARE(m_f.db.value(QStringLiteral("SELECT count(*) FROM commands")).toInt(), 0);
    }

    void largeCsvPageIsStreamedInBoundedMemory()
    {
        constexpr qint64 cap = 64 * 1024;
        start(10'000, 8, [](api::ApiConfig &a) { a.limits.maxStreamBufferBytes = cap; });
        const QByteArray key = createKey(QStringLiteral("k"), QStringLiteral("read"));
        WsClient t;
        QVERIFY(t.open(m_f.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("CSV1")));
        // 20 000 punches of that terminal, one statement (names with a comma and a formula: quoted, guarded).
        constexpr int rows = 20'000;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-api-bulk"));
            db.setDatabaseName(m_f.engine->config().databaseFile());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(
                q.exec(
                    QStringLiteral(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1)"
                        " INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                        " utc_offset_min, temperature, name, received_ms)"
                        " SELECT t.id, 1 + i % 97, datetime('2025-01-01 00:00:00', '+' || i || ' minutes'), 8,"
                        " i % 2, 0, 1735689600000 + i * 60000, 60, NULL,"
                        " CASE WHEN i % 10 = 0 THEN '=cmd|' || i ELSE 'Name, ' || i END,"
                        " 1735689600000 + i * 60000 FROM n, terminals t WHERE t.sn = 'CSV1'")
                        .arg(rows)),
                qPrintable(q.lastError().text()));
            QCOMPARE(q.numRowsAffected(), rows);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tst-api-bulk"));

        // A client that reads slowly: the server waits for it instead of buffering the page.
        HttpClient c(m_port);
        QVERIFY(c.connect());
        c.socket().setReadBufferSize(16 * 1024);
        c.write("GET /api/v1/punches.csv?after=0&limit=100000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
                "\r\n\r\n");
        const HttpReply r = c.next(60'000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("transfer-encoding"), QByteArray("chunked"));
        QCOMPARE(r.header("x-has-more"), QByteArray("false"));
        QCOMPARE(r.body.count("\r\n"), rows + 1);
        QVERIFY(r.body.size() > 1024 * 1024);
        // A kept-alive connection serves the next request after a streamed one: the chunked body ended
        // cleanly (the slow reader above may have been idle past the 1 s idle limit meanwhile).
        HttpClient fast(m_port);
        QCOMPARE(fast.request("GET", "/api/v1/punches.csv?after=0&limit=500", key).body.count("\r\n"), 501);
        const HttpReply again = fast.request("GET", "/api/v1/punches.csv?after=0&limit=2", key);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body.count("\r\n"), 3);
        // An HTTP/1.0 client gets no chunks: the body ends with the connection.
        QTcpSocket old;
        old.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(old.waitForConnected(5000));
        old.write("GET /api/v1/punches.csv?after=0&limit=2 HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer " + key +
                  "\r\n\r\n");
        QByteArray raw;
        QVERIFY(QTest::qWaitFor(
            [&] {
                raw += old.readAll();
                return old.state() == QAbstractSocket::UnconnectedState;
            },
            5000));
        raw += old.readAll();
        const qsizetype headEnd = raw.indexOf("\r\n\r\n");
        QVERIFY2(headEnd > 0 && raw.startsWith("HTTP/1.1 200"), raw.left(200).constData());
        QVERIFY(!raw.first(headEnd).toLower().contains("transfer-encoding"));
        QVERIFY(raw.first(headEnd).toLower().contains("connection: close"));
        QCOMPARE(raw.sliced(headEnd + 4).count("\r\n"), 3);
        QVERIFY(raw.sliced(headEnd + 4).startsWith(service::CsvExporter::headerLine(2)));

        // The very bytes of `termdesk export-csv --format v2 --after 0`.
        const QString file = m_f.dir.filePath(QStringLiteral("v2.csv"));
        const CliRun v2 = runTermdesk({QStringLiteral("export-csv"), QStringLiteral("--format"), QStringLiteral("v2"),
                                       QStringLiteral("--after"), QStringLiteral("0"), file},
                                      m_f.dir.path(), 60'000);
        QVERIFY2(v2.rc == 0, qPrintable(v2.err));
        QFile exported(file);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(r.body, exported.readAll());
        QCOMPARE(r.header("x-next-cursor"),
                 m_f.db.value(QStringLiteral("SELECT max(id) FROM punches")).toString().toLatin1());

        // What waited to be sent never went much past the cap: one batch of rows at most.
        qint64 peak = 0;
        QMetaObject::invokeMethod(
            m_api->server(), [&] { peak = m_api->server()->httpServer()->streamBufferPeak(); },
            Qt::BlockingQueuedConnection);
        qInfo() << "punches.csv of" << r.body.size() << "bytes; most waiting to be sent at once:" << peak;
        QVERIFY2(peak >= cap && peak <= cap + 256 * 1024, qPrintable(QString::number(peak)));
    }

    void httpsWithThePinnedCertificateOnly()
    {
        if (!QSslSocket::supportsSsl() || !net::canGenerateCertificates())
            QSKIP("no TLS backend or certificate generator in this build");
        QSslConfiguration tls;
        const QSslCertificate cert = makePair(&tls);
        QVERIFY(!cert.isNull());
        start(10'000, 8, [&tls](api::ApiConfig &a) { a.tls = tls; });

        HttpClient https(m_port);
        QVERIFY2(https.connectEncrypted(cert.digest(QCryptographicHash::Sha256)),
                 qPrintable(https.socket().errorString()));
        QCOMPARE(https.socket().peerCertificate(), cert);
        const QSsl::SslProtocol used = https.socket().sessionProtocol();
        QVERIFY2(used == QSsl::TlsV1_2 || used == QSsl::TlsV1_3, qPrintable(QString::number(int(used))));
        const HttpReply health = https.request("GET", "/api/v1/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        const QByteArray key = createKey(QStringLiteral("k"), QStringLiteral("read"));
        QCOMPARE(https.request("GET", "/api/v1/terminals", key).status, 200); // kept alive, over TLS

        // Another certificate's fingerprint: not this server.
        HttpClient stranger(m_port);
        QVERIFY(!stranger.connectEncrypted(QByteArray(32, 'x')));

        // Plain HTTP on the https port: no answer, the connection dropped.
        HttpClient plain(m_port);
        QVERIFY(plain.connect());
        plain.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(plain.waitClosed(5000));
        QCOMPARE(plain.next(100).status, 0);
    }

    void tlsHandshakesHoldASlotUntilTheirTimeout()
    {
        if (!QSslSocket::supportsSsl() || !net::canGenerateCertificates())
            QSKIP("no TLS backend or certificate generator in this build");
        QSslConfiguration tls;
        const QSslCertificate cert = makePair(&tls);
        QVERIFY(!cert.isNull());
        // The handshake timeout of the API is its request timeout.
        start(2'000, 2, [&tls](api::ApiConfig &a) { a.tls = tls; });

        // Two connections that never start their handshake take both slots...
        HttpClient first(m_port);
        HttpClient second(m_port);
        QVERIFY(first.connect());
        QVERIFY(second.connect());
        // ...so a third is closed before its handshake, while those two still wait.
        HttpClient third(m_port);
        QVERIFY(third.connect());
        QVERIFY(third.waitClosed(1'500));
        QVERIFY(!first.isClosed());
        QVERIFY(!second.isClosed());
        // The handshake timeout frees the slots.
        QVERIFY(first.waitClosed(5'000));
        QVERIFY(second.waitClosed(5'000));
        HttpClient https(m_port);
        QVERIFY2(https.connectEncrypted(cert.digest(QCryptographicHash::Sha256)),
                 qPrintable(https.socket().errorString()));
        QCOMPARE(https.request("GET", "/api/v1/health").status, 200);
    }

    void keptAliveThenClosedWhenIdle()
    {
        start();
        const QByteArray key = createKey(QStringLiteral("k"), QStringLiteral("read"));
        HttpClient c(m_port);
        QCOMPARE(c.request("GET", "/api/v1/users", key).status, 200);
        QCOMPARE(c.request("GET", "/api/v1/terminals", key).status, 200); // the same connection
        QVERIFY(!c.isClosed());
        QVERIFY(c.waitClosed(5000)); // idle 1 s: closed without an answer
        QCOMPARE(get("/api/v1/nothing", key).status, 404);
        QCOMPARE(get("/elsewhere", key).status, 404);
        const HttpReply doc = get("/api/v1/openapi.json", {});
        QCOMPARE(doc.status, 200);
        QCOMPARE(doc.json().value(QLatin1String("openapi")).toString(), QStringLiteral("3.1.0"));
        QVERIFY(doc.json().value(QLatin1String("paths")).toObject().contains(QLatin1String("/api/v1/punches")));
    }

#ifdef Q_OS_UNIX
    void headlessServerNamesTheApiPortInItsReadyLine()
    {
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--ws-port"),
                 QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("--api-port"), QStringLiteral("0")});
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            20'000));
        const auto m = QRegularExpression(QStringLiteral("^termdesk listening ws=(\\d+) tcp=(\\d+) api=(\\d+)\\n$"))
                           .match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        m_port = static_cast<quint16>(m.captured(3).toUInt());
        QCOMPARE(get("/api/v1/health", {}).json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        p.terminate();
        QVERIFY(p.waitForFinished(15'000));
        QCOMPARE(p.exitCode(), 0);

        // --api-listen without the API on, and a bad port, are refused naming the option.
        for (const QStringList &args : {QStringList{QStringLiteral("--api-listen"), QStringLiteral("0.0.0.0")},
                                        QStringList{QStringLiteral("--api-tls")},
                                        QStringList{QStringLiteral("--api-port"), QStringLiteral("70000")}}) {
            QProcess bad;
            bad.start(QStringLiteral(TERMDESK_BIN),
                      QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path()} + args);
            QVERIFY(bad.waitForFinished(15'000));
            QCOMPARE(bad.exitCode(), 2);
            QVERIFY(bad.readAllStandardError().contains(args.first().toUtf8()));
        }
        // https asked for without a certificate: the server does not start, and says why.
        QProcess noCert;
        noCert.start(QStringLiteral(TERMDESK_BIN),
                     {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
                      QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--tcp-port"),
                      QStringLiteral("0"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--api-tls")});
        QVERIFY(noCert.waitForFinished(20'000));
        QVERIFY(noCert.exitCode() != 0);
        const QByteArray why = noCert.readAllStandardError();
        QVERIFY2(why.contains("api/tls") && why.contains("termdesk tls generate"), why.constData());
    }
#endif
};

QTEST_GUILESS_MAIN(TstApi)
#include "tst_api.moc"
