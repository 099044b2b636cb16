// SPDX-License-Identifier: GPL-3.0-or-later
// PostgreSQL as the store, on a real PostgreSQL 15 cluster of this test's own (PgCluster): the
// URL and how it is refused, `termdesk db migrate`, the real `termdesk --headless` storing a
// WebSocket terminal's punches there, and `export-csv` reading them back. Results are checked
// through a QPSQL connection of the test's own.
#include "pgcluster.h"
#include "storage/postgresurl.h"
#include "storage/schema.h"
#include "termdeskcli.h"
#include "webhookreceiver.h"
#include "wsclient.h"

#include <QDir>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>

using termdesk::storage::PostgresUrl;
using termdesk::storage::Schema;

namespace {

// The test cluster's own connection reads what the server stored.
constexpr auto scalar = &PgCluster::scalar;
constexpr auto count = &PgCluster::count;

QByteArray sendlog(const char *sn, int logindex, const char *time1, const char *time2)
{
    return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":2,"logindex":%2,"record":[)"
                          R"({"enrollid":1,"time":"%3","mode":8,"inout":0,"event":0,"temp":36.5},)"
                          R"({"enrollid":2,"time":"%4","mode":1,"inout":1,"event":0}]})")
        .arg(QLatin1String(sn))
        .arg(logindex)
        .arg(QLatin1String(time1), QLatin1String(time2))
        .toUtf8();
}

/// Runs each of @p statements on the SQLite file @p file (a connection of the test's own); false and a
/// warning when one fails.
bool execSqlite(const QString &file, const QStringList &statements)
{
    const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        ok = db.open();
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            if (ok && !q.exec(sql)) {
                qWarning() << sql << q.lastError().text();
                ok = false;
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestPostgres : public QObject
{
    Q_OBJECT

    PgCluster m_cluster;

    QString freshDatabase()
    {
        QString error;
        const QString url = m_cluster.freshDatabase(&error);
        if (url.isEmpty())
            qWarning() << error;
        return url;
    }

    /// `termdesk --headless` on the store at `url`; the WebSocket port, 0 when it did not start.
    /// `termdesk db migrate --database URL`, run from @p dataDir.
    static CliRun migrate(const QString &url, const QString &dataDir)
    {
        return runTermdesk({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--database"), url},
                           dataDir, 60000);
    }

    static void stopServer(QProcess &p)
    {
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void urlParts()
    {
        QString error;
        const auto url = PostgresUrl::parse(
            QStringLiteral("postgresql://hr%40site:s%3Acret@db.example.org:6543/termdesk?sslmode=verify-full"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->user, QStringLiteral("hr@site"));
        QCOMPARE(url->password, QStringLiteral("s:cret"));
        QCOMPARE(url->host, QStringLiteral("db.example.org"));
        QCOMPARE(url->port, 6543);
        QCOMPARE(url->database, QStringLiteral("termdesk"));
        QCOMPARE(url->sslmode, QStringLiteral("verify-full"));
        QVERIFY(!url->redacted().contains(QLatin1String("cret")));
        QVERIFY(url->connectOptions().contains(QLatin1String("sslmode=verify-full")));
        const auto defaults = PostgresUrl::parse(QStringLiteral("postgres://td@10.0.0.5/td"), &error);
        QVERIFY2(defaults, qPrintable(error));
        QCOMPARE(defaults->port, 5432);
        QVERIFY(defaults->sslmode.isEmpty());
        const auto socket = PostgresUrl::parse(QStringLiteral("postgresql://td@/td?host=/run/postgresql"), &error);
        QVERIFY2(socket, qPrintable(error));
        QCOMPARE(socket->host, QStringLiteral("/run/postgresql"));
    }

    void badUrlsRefused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("why");
        QTest::newRow("no database") << QStringLiteral("postgresql://u:hunter2@host/") << QStringLiteral("no database");
        QTest::newRow("no user") << QStringLiteral("postgresql://host/db") << QStringLiteral("no user");
        QTest::newRow("no host") << QStringLiteral("postgresql://u:hunter2@/db") << QStringLiteral("no host");
        QTest::newRow("bad port") << QStringLiteral("postgresql://u:hunter2@h:99999/db") << QStringLiteral("not a URL");
        QTest::newRow("sslmode") << QStringLiteral("postgresql://u:hunter2@h/db?sslmode=always")
                                 << QStringLiteral("sslmode 'always'");
        QTest::newRow("unknown parameter")
            << QStringLiteral("postgresql://u:hunter2@h/db?options=-c%20x") << QStringLiteral("unknown parameter");
        QTest::newRow("scheme") << QStringLiteral("mysql://u:hunter2@h/db") << QStringLiteral("postgresql://");
    }

    void badUrlsRefused()
    {
        QFETCH(QString, url);
        QFETCH(QString, why);
        QString error;
        QVERIFY(!PostgresUrl::parse(url, &error));
        QVERIFY2(error.contains(why), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
        // the command line refuses it the same way, as a usage error, the password not shown
        QTemporaryDir dir;
        const CliRun r =
            runTermdesk({QStringLiteral("terminals"), QStringLiteral("--database"), url}, dir.path(), 15000);
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("bad database URL")) && r.err.contains(why), qPrintable(r.err));
        QVERIFY2(!QString(r.out + r.err).contains(QLatin1String("hunter2")), qPrintable(r.err));
    }

    void unreachableServerNamedWithoutPassword()
    {
        QTemporaryDir dir;
        QTcpServer closed; // a port nothing answers on once closed
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        const QString url = QStringLiteral("postgresql://td:hunter2@127.0.0.1:%1/td").arg(port);
        const CliRun r =
            runTermdesk({QStringLiteral("terminals"), QStringLiteral("--database"), url}, dir.path(), 30000);
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot connect to postgresql://td@127.0.0.1:%1/td").arg(port)),
                 qPrintable(r.err));
        QVERIFY2(!QString(r.out + r.err).contains(QLatin1String("hunter2")), qPrintable(r.err));
    }

    void migrateCreatesThenKeepsTheSchema()
    {
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        CliRun r = migrate(url, dir.path());
        QVERIFY2(r.rc == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("schema %1").arg(Schema::latestVersion())), qPrintable(r.out));
        QCOMPARE(count(url, QStringLiteral("SELECT max(version) FROM schema_version")),
                 qint64(Schema::latestVersion()));
        // the same tables as SQLite, ids from sequences, a double for the temperature
        for (const char *table : {"terminals", "users", "credentials", "terminal_users", "punches", "punch_photos",
                                  "door_events", "quarantine", "commands", "alarms", "audit", "terminal_user_info"})
            QVERIFY2(count(url, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) == 0, table);
        QCOMPARE(scalar(url, QStringLiteral("SELECT data_type FROM information_schema.columns"
                                            " WHERE table_name = 'punches' AND column_name = 'temperature'"))
                     .toString(),
                 QStringLiteral("double precision"));
        QCOMPARE(scalar(url, QStringLiteral("SELECT data_type FROM information_schema.columns"
                                            " WHERE table_name = 'punches' AND column_name = 'id'"))
                     .toString(),
                 QStringLiteral("bigint"));
        // a second run changes nothing
        r = migrate(url, dir.path());
        QVERIFY2(r.rc == 0, qPrintable(r.err));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM schema_version")), qint64(Schema::latestVersion()));
    }

    void newerSchemaRefused()
    {
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        QCOMPARE(migrate(url, dir.path()).rc, 0);
        QCOMPARE(count(url, QStringLiteral("INSERT INTO schema_version (version, applied_ms) VALUES (%1, 0)"
                                           " RETURNING version")
                                .arg(Schema::latestVersion() + 1)),
                 qint64(Schema::latestVersion() + 1));
        CliRun r = migrate(url, dir.path());
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QLatin1String("newer TermDesk")), qPrintable(r.err));
        r = runTermdesk({QStringLiteral("terminals"), QStringLiteral("--database"), url}, dir.path(), 60000);
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QLatin1String("newer TermDesk")), qPrintable(r.err));
        QProcess server;
        QCOMPARE(startHeadlessOnDatabase(server, dir.path(), url), quint16(0));
        QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(15000));
        QVERIFY(server.exitCode() != 0);
    }

    /// Runs `termdesk --headless` on the store at `url` (empty: termdesk.sqlite in `dataDir`), lets
    /// terminal PG1 send the same three batches (the second one a re-send of the first, whose ack
    /// the terminal missed) and stops the server. `storedWhenAcked`: the punches PostgreSQL held
    /// when the first ack arrived (-1 on SQLite).
    void sendBatches(const QString &dataDir, const QString &url, qint64 *storedWhenAcked)
    {
        QProcess server;
        const quint16 port = startHeadlessOnDatabase(server, dataDir, url); // an empty store: the server migrates it
        QVERIFY(port > 0);
        WsClient t;
        QVERIFY(t.open(port));
        QVERIFY(t.reg(QStringLiteral("PG1")));
        *storedWhenAcked = -1;
        if (!url.isEmpty()) {
            connect(&t.socket, &QWebSocket::textMessageReceived, this, [&](const QString &msg) {
                if (msg.contains(QLatin1String("\"sendlog\"")) && *storedWhenAcked < 0)
                    *storedWhenAcked = count(url, QStringLiteral("SELECT count(*) FROM punches"));
            });
        }
        QJsonObject r = t.call(sendlog("PG1", 10, "2025-06-01 08:00:01", "2025-06-01 08:00:09"), 15000);
        QVERIFY2(r.value(QLatin1String("ret")).toString() == QLatin1String("sendlog"),
                 server.readAllStandardError().constData());
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(r.value(QLatin1String("count")).toInt(), 2);
        // the terminal did not see the ack and sends the batch again: acked, stored once
        r = t.call(sendlog("PG1", 10, "2025-06-01 08:00:01", "2025-06-01 08:00:09"), 15000);
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        r = t.call(sendlog("PG1", 12, "2025-06-01 08:00:01", "2025-06-01 08:00:20"), 15000); // one new
        QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        t.socket.close();
        stopServer(server);
    }

    void serverStoresPunchesOnceAckedAfterCommit()
    {
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        qint64 storedWhenAcked = -1;
        sendBatches(dir.path(), url, &storedWhenAcked);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("termdesk.sqlite"))));
        QCOMPARE(storedWhenAcked, qint64(2)); // committed in PostgreSQL when the ack arrived
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(3));
        QCOMPARE(count(url, QStringLiteral("SELECT count(DISTINCT (local_time, enroll_id)) FROM punches")), qint64(3));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_received FROM terminals WHERE sn = 'PG1'")), qint64(6));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_stored FROM terminals WHERE sn = 'PG1'")), qint64(3));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_duplicate FROM terminals WHERE sn = 'PG1'")), qint64(3));
        QCOMPARE(scalar(url, QStringLiteral("SELECT temperature FROM punches WHERE enroll_id = 1")).toDouble(), 36.5);

        // export-csv reads them back from PostgreSQL
        const CliRun csv = runTermdesk(
            {QStringLiteral("export-csv"), QStringLiteral("-"), QStringLiteral("--database"), url}, dir.path(), 30000);
        QVERIFY2(csv.rc == 0, qPrintable(csv.err));
        const QStringList lines = csv.out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // the header and three punches
        // in time order, each once, the temperature as the terminal sent it
        const QStringList expected = {
            QStringLiteral("PG1,,ws,1,,2025-06-01 08:00:01,+00:00,2025-06-01T08:00:01Z,8,face,0,0,36.5,"),
            QStringLiteral("PG1,,ws,2,,2025-06-01 08:00:09,+00:00,2025-06-01T08:00:09Z,1,fingerprint,1,0,,"),
            QStringLiteral("PG1,,ws,2,,2025-06-01 08:00:20,+00:00,2025-06-01T08:00:20Z,1,fingerprint,1,0,,"),
        };
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(lines.at(i + 1).startsWith(expected.at(i)), qPrintable(lines.at(i + 1)));

        // the same batches into a SQLite store: export-csv gives the same rows from both
        QTemporaryDir sqliteDir;
        sendBatches(sqliteDir.path(), QString(), &storedWhenAcked);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(QFile::exists(sqliteDir.filePath(QStringLiteral("termdesk.sqlite"))));
        const CliRun fromSqlite =
            runTermdesk({QStringLiteral("export-csv"), QStringLiteral("-")}, sqliteDir.path(), 30000);
        QVERIFY2(fromSqlite.rc == 0, qPrintable(fromSqlite.err));
        // every column but the last, received_utc: when each server stored the punch
        auto withoutReceived = [](const QString &out) {
            QStringList rows = out.split(QStringLiteral("\r\n"));
            for (QString &row : rows)
                row.truncate(row.lastIndexOf(u','));
            return rows;
        };
        QCOMPARE(withoutReceived(csv.out), withoutReceived(fromSqlite.out));
        QCOMPARE(withoutReceived(csv.out).size(), 5); // the header, three punches, the empty end
    }

    /// Webhooks on a PostgreSQL store: `termdesk webhook add --database URL`, the server's dispatcher
    /// sends each punch in order, signed, and the cursor moves in PostgreSQL.
    void webhooksSendFromPostgres()
    {
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        QCOMPARE(migrate(url, dir.path()).rc, 0);
        WebhookReceiver rx;
        QVERIFY(rx.listen());
        const CliRun add =
            runTermdesk({QStringLiteral("webhook"), QStringLiteral("add"), rx.url(), QStringLiteral("--events"),
                         QStringLiteral("punch.created,command.completed"), QStringLiteral("--database"), url},
                        dir.path(), 30000);
        QVERIFY2(add.rc == 0, qPrintable(add.err));
        const QByteArray secret = add.out.trimmed().split(u' ').value(1).toLatin1();
        QVERIFY(secret.startsWith("whsec_"));
        QProcess server;
        const quint16 port = startHeadlessOnDatabase(server, dir.path(), url);
        QVERIFY(port > 0);
        WsClient t;
        QVERIFY(t.open(port));
        QVERIFY(t.reg(QStringLiteral("PGW")));
        const QJsonObject ack = t.call(R"({"cmd":"sendlog","sn":"PGW","count":2,"logindex":1,"record":[)"
                                       R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0},)"
                                       R"({"enrollid":2,"time":"2025-06-01 08:00:02","mode":1,"inout":1,"event":0}]})");
        QVERIFY(ack.value(QLatin1String("result")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(rx.got.size(), 2, 20000);
        QCOMPARE(rx.got.at(0).id, QByteArray("pun_1"));
        QCOMPARE(rx.got.at(1).id, QByteArray("pun_2"));
        const QByteArray key = QByteArray::fromBase64(secret.mid(6));
        for (const WebhookReceiver::Request &r : std::as_const(rx.got)) {
            const QByteArray expected =
                "v1," + QMessageAuthenticationCode::hash(r.id + '.' + r.timestamp + '.' + r.body, key,
                                                         QCryptographicHash::Sha256)
                            .toBase64();
            QVERIFY(r.signature.split(' ').contains(expected));
        }
        QTRY_COMPARE(count(url, QStringLiteral("SELECT punch_cursor FROM webhook_endpoints")), qint64(2));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'")),
                 qint64(2));
        stopServer(server);
    }

    void dbCopyMovesASinglePcIn()
    {
        // A single PC: terminal PG1 and its three punches through the real server, then a second
        // terminal with 1 200 punches (three batches), a user, a credential, a photo, a queued command.
        QTemporaryDir single;
        qint64 unused = 0;
        sendBatches(single.path(), QString(), &unused);
        if (QTest::currentTestFailed())
            return;
        const QString file = single.filePath(QStringLiteral("termdesk.sqlite"));
        QVERIFY(execSqlite(
            file,
            {QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms, name)"
                            " VALUES ('T2', 'tcp', 'approved', 1, 2, 'Back door')"),
             QStringLiteral(
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)"
                 " INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                 " utc_offset_min, received_ms) SELECT (SELECT id FROM terminals WHERE sn = 'T2'), i,"
                 " '2025-06-02 09:00:00', 1, 0, 0, 1748854800000 + i, 0, 1748854900000 FROM n"),
             QStringLiteral("INSERT INTO punch_photos (punch_id, image) SELECT id, 'cGhvdG8=' FROM punches"
                            " WHERE enroll_id = 7 AND terminal_id = (SELECT id FROM terminals WHERE sn = 'T2')"),
             QStringLiteral(
                 "INSERT INTO users (enroll_id, name, admin, enabled, updated_ms) VALUES (7, 'Ana', 0, 1, 5)"),
             QStringLiteral(
                 "INSERT INTO credentials (enroll_id, backup_num, data, updated_ms) VALUES (7, 0, 'tmpl', 5)"),
             QStringLiteral("INSERT INTO commands (terminal_sn, protocol, kind, payload, state, created_ms, updated_ms)"
                            " VALUES ('T2', 'tcp', 'opendoor', '{}', 'queued', 5, 5)")}));

        // The shared store already holds another site's terminal, PG1 itself (a server of the shared
        // store heard it too) and one of PG1's punches: ids differ, nothing may be doubled.
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir cwd;
        QCOMPARE(migrate(url, cwd.path()).rc, 0);
        QVERIFY(
            scalar(url, QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                                       " VALUES ('OTHER', 'ws', 'approved', 1, 1), ('PG1', 'ws', 'approved', 1, 1)"
                                       " RETURNING 1"))
                .isValid());
        QVERIFY(
            scalar(url, QStringLiteral("INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out,"
                                       " event, utc_ms, utc_offset_min, temperature, received_ms) SELECT id, 1,"
                                       " '2025-06-01 08:00:01', 8, 0, 0, 1748764801000, 0, 36.5, 1 FROM terminals"
                                       " WHERE sn = 'PG1' RETURNING 1"))
                .isValid());

        const QStringList args = {QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--from-data-dir"),
                                  single.path(),        QStringLiteral("--to"), url};
        CliRun r = runTermdesk(args, cwd.path(), 120000);
        QVERIFY2(r.rc == 0, qPrintable(r.err + r.out));
        const auto row = [&r](const char *table) {
            return QRegularExpression(QStringLiteral("^%1 +(\\d+) +(\\d+) +(\\d+)$").arg(QLatin1String(table)),
                                      QRegularExpression::MultilineOption)
                .match(r.out);
        };
        const auto numbers = [&row](const char *table) {
            const QRegularExpressionMatch m = row(table);
            return m.hasMatch() ? QList<qint64>{m.captured(1).toLongLong(), m.captured(2).toLongLong(),
                                                m.captured(3).toLongLong()}
                                : QList<qint64>{};
        };
        QCOMPARE(numbers("terminals"), (QList<qint64>{2, 1, 3}));        // T2 added, PG1 kept
        QCOMPARE(numbers("punches"), (QList<qint64>{1203, 1202, 1203})); // the one already there skipped
        QCOMPARE(numbers("users"), (QList<qint64>{1, 1, 1}));
        QCOMPARE(numbers("credentials"), (QList<qint64>{1, 1, 1}));
        QCOMPARE(numbers("commands"), (QList<qint64>{1, 1, 1}));
        QVERIFY2(r.out.contains(QLatin1String("done: ")), qPrintable(r.out));
        // the rows follow their terminal to its id in the shared store, the photo its punch
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches p JOIN terminals t ON t.id = p.terminal_id"
                                           " WHERE t.sn = 'T2'")),
                 qint64(1200));
        QCOMPARE(scalar(url, QStringLiteral("SELECT ph.image FROM punch_photos ph JOIN punches p ON p.id = ph.punch_id"
                                            " WHERE p.enroll_id = 7 AND p.local_time = '2025-06-02 09:00:00'"))
                     .toString(),
                 QStringLiteral("cGhvdG8="));
        QCOMPARE(scalar(url, QStringLiteral("SELECT name FROM terminals WHERE sn = 'T2'")).toString(),
                 QStringLiteral("Back door"));

        // A second run copies nothing twice.
        r = runTermdesk(args, cwd.path(), 120000);
        QVERIFY2(r.rc == 0, qPrintable(r.err + r.out));
        QCOMPARE(numbers("punches"), (QList<qint64>{1203, 0, 1203}));
        QCOMPARE(numbers("commands"), (QList<qint64>{1, 0, 1}));
        QCOMPARE(numbers("audit").value(1, -1), qint64(0));

        // export-csv gives the same rows from both stores (the punch the shared store had was received
        // at another time: that column aside).
        const CliRun fromSqlite =
            runTermdesk({QStringLiteral("export-csv"), QStringLiteral("-")}, single.path(), 60000);
        const CliRun fromPostgres = runTermdesk(
            {QStringLiteral("export-csv"), QStringLiteral("-"), QStringLiteral("--database"), url}, cwd.path(), 60000);
        QVERIFY2(fromSqlite.rc == 0 && fromPostgres.rc == 0, qPrintable(fromSqlite.err + fromPostgres.err));
        auto withoutReceived = [](const QString &out) {
            QStringList rows = out.split(QStringLiteral("\r\n"));
            for (QString &line : rows)
                line.truncate(line.lastIndexOf(u','));
            return rows;
        };
        QCOMPARE(withoutReceived(fromPostgres.out), withoutReceived(fromSqlite.out));
        QCOMPARE(withoutReceived(fromSqlite.out).size(), 1205); // the header, 1 203 punches, the empty end

        // What is wrong is said, before anything is opened.
        r = runTermdesk({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--from-data-dir"),
                         cwd.filePath(QStringLiteral("nothing-here")), QStringLiteral("--to"), url},
                        cwd.path(), 30000);
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("termdesk.sqlite")), qPrintable(r.err));
        r = runTermdesk({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--from-data-dir"), single.path(),
                         QStringLiteral("--to"), file},
                        cwd.path(), 30000);
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("postgresql://")), qPrintable(r.err));
    }

    void storeChosenByEnvironmentAndSettings()
    {
        const QString url = freshDatabase();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        QCOMPARE(migrate(url, dir.path()).rc, 0);
        QCOMPARE(count(url, QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms,"
                                           " last_seen_ms) VALUES ('SHARED1', 'ws', 'approved', 0, 0) RETURNING id")),
                 qint64(1));
        // TERMDESK_DATABASE
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TERMDESK_DATABASE"), url);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TERMDESK_BIN), {QStringLiteral("terminals"), QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(p.readAllStandardOutput().contains("SHARED1"), p.readAllStandardError().constData());
        // storage/database in termdesk.ini
        QTemporaryDir configured;
        {
            QSettings ini(configured.filePath(QStringLiteral("termdesk.ini")), QSettings::IniFormat);
            ini.setValue(QStringLiteral("storage/database"), url);
        }
        const CliRun r = runTermdesk({QStringLiteral("terminals")}, configured.path(), 30000);
        QVERIFY2(r.rc == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("SHARED1")), qPrintable(r.out));
        QVERIFY(!QFile::exists(configured.filePath(QStringLiteral("termdesk.sqlite"))));
    }

    void backupAndRestoreRefusePostgres()
    {
        // a PostgreSQL store is backed up with pg_dump: both verbs refuse it, naming the URL without its password
        QTemporaryDir dir;
        const QString url = QStringLiteral("postgresql://td:hunter2@127.0.0.1:%1/td").arg(m_cluster.port());
        const QString backupFile = dir.filePath(QStringLiteral("some.sqlite"));
        QFile file(backupFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        for (const QStringList &args :
             {QStringList{QStringLiteral("backup"), QStringLiteral("--database"), url},
              QStringList{QStringLiteral("restore"), backupFile, QStringLiteral("--database"), url}}) {
            const CliRun r = runTermdesk(args, dir.path(), 15000);
            QCOMPARE(r.rc, 1);
            QVERIFY2(r.err.contains(QLatin1String("pg_dump")) &&
                         r.err.contains(QStringLiteral("postgresql://td@127.0.0.1:%1/td").arg(m_cluster.port())),
                     qPrintable(r.err));
            QVERIFY2(!QString(r.out + r.err).contains(QLatin1String("hunter2")), qPrintable(r.err));
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("termdesk.sqlite"))));
        QVERIFY(!QDir(dir.filePath(QStringLiteral("backups"))).exists());
    }

    void cleanupTestCase() { m_cluster.stop(); }
};

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
