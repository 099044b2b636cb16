// SPDX-License-Identifier: GPL-3.0-or-later
// The console on a shared PostgreSQL store (docs/multi-pc.md, "Consoles on other PCs"), on a
// throwaway cluster of this test's own (PgCluster): PunchFollower follows the punches table by id
// and, after pg_terminate_backend of its connection, reconnects and reads on from its cursor with
// nothing skipped; then the real console, running no terminal servers of its own, shows in its
// Punches view what a real `termdesk --headless` on the same database stores for a WebSocket
// terminal, and recovers the same way when its connections are cut.
#include "consolefixture.h"
#include "enginebridge.h"
#include "models/punchtablemodel.h"
#include "pgcluster.h"
#include "query/punchfollower.h"
#include "termdeskcli.h"
#include "widgets/punchesview.h"
#include "wsclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace termdesk;

namespace {

QByteArray sendlog(const char *sn, int logindex, int enrollId, const QString &time)
{
    return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":1,"logindex":%2,"record":[)"
                          R"({"enrollid":%3,"time":"%4","mode":1,"inout":0,"event":0}]})")
        .arg(QLatin1String(sn))
        .arg(logindex)
        .arg(enrollId)
        .arg(time)
        .toUtf8();
}

/// Ends every connection to `url`'s database made over TCP (the console's), not those on the Unix
/// socket (the headless server's) nor the one that runs this; how many it ended.
qint64 cutTcpConnections(const QString &url)
{
    return PgCluster::count(url, QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                                " WHERE datname = current_database() AND client_addr IS NOT NULL"
                                                " AND pid <> pg_backend_pid()"));
}

} // namespace

class TestPgConsole : public QObject, public ConsoleFixture
{
    Q_OBJECT

    PgCluster m_cluster;

public:
    TestPgConsole() : ConsoleFixture(QStringLiteral("tst-pgconsole-check")) {}

private:
    /// A fresh database, migrated, with terminal PGT1; its URL.
    QString freshStore()
    {
        QString error;
        const QString url = m_cluster.freshDatabase(&error);
        if (url.isEmpty()) {
            qWarning() << error;
            return {};
        }
        const QString name = QStringLiteral("tst-pgconsole-migrate");
        if (!storage::Database::open(url, name, {}, &error)) {
            qWarning() << error;
            return {};
        }
        storage::Database::close(name);
        return url;
    }

    static bool insertPunches(const QString &url, int first, int last)
    {
        return PgCluster::count(
                   url,
                   QStringLiteral("WITH t AS (INSERT INTO terminals (sn, name, protocol, admission, first_seen_ms,"
                                  " last_seen_ms) VALUES ('PGT1', '', 'ws', 'approved', 0, 0) ON CONFLICT (sn)"
                                  " DO UPDATE SET name = terminals.name RETURNING id)"
                                  " , ins AS (INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode,"
                                  " in_out, event, utc_ms, utc_offset_min, name, received_ms)"
                                  " SELECT t.id, g, '2025-06-01 08:00:' || lpad((g % 60)::text, 2, '0'), 1, 0, g,"
                                  " g, 0, '', 0 FROM t, generate_series(%1, %2) g RETURNING 1)"
                                  " SELECT count(*) FROM ins")
                       .arg(first)
                       .arg(last)) == last - first + 1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        initConsoleTest(QStringLiteral("tst_pgconsole"));
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void cleanup() { stopConsole(); }

    void followerReadsOnFromItsCursorAfterTheConnectionIsCut()
    {
        const QString url = freshStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(insertPunches(url, 1, 300)); // before the follower: history, of which the last 200 come at start

        query::PunchFollower follower(url);
        QSignalSpy arrived(&follower, &query::PunchFollower::punchesArrived);
        QSignalSpy failing(&follower, &query::PunchFollower::readFailing);
        follower.start(50);
        QTRY_COMPARE(arrived.size(), 1);
        auto punches = arrived.at(0).at(0).value<QList<StoredPunch>>();
        QCOMPARE(arrived.at(0).at(1).toBool(), true); // startup
        QCOMPARE(punches.size(), int(query::PunchFollower::STARTUP_OVERLAP));
        QCOMPARE(punches.constFirst().id, 101);
        QCOMPARE(punches.constLast().id, 300);
        QCOMPARE(punches.constLast().terminalSn, QStringLiteral("PGT1"));
        QCOMPARE(follower.cursor(), 300);

        QVERIFY(insertPunches(url, 301, 310));
        QTRY_COMPARE(follower.cursor(), 310);
        QCOMPARE(arrived.constLast().at(1).toBool(), false);

        // The follower's connection ends; punches stored meanwhile still come, none twice.
        QVERIFY(cutTcpConnections(url) >= 1);
        QVERIFY(insertPunches(url, 311, 330));
        QTRY_COMPARE(follower.cursor(), 330);
        QVERIFY(failing.size() <= 2); // a poll may have failed (then one "fails", one "works again")
        if (!failing.isEmpty()) {
            QVERIFY(!failing.at(0).at(0).toString().isEmpty());
            QCOMPARE(failing.size(), 2);
            QVERIFY(failing.at(1).at(0).toString().isEmpty());
        }
        QList<qint64> ids;
        for (qsizetype i = 1; i < arrived.size(); ++i) {
            for (const StoredPunch &p : arrived.at(i).at(0).value<QList<StoredPunch>>())
                ids.append(p.id);
        }
        QCOMPARE(ids.size(), 30);
        for (qsizetype i = 0; i < ids.size(); ++i)
            QCOMPARE(ids.at(i), 301 + i);
    }

    void consoleWithoutServersShowsAnotherServersPunches()
    {
        const QString url = freshStore();
        QVERIFY(!url.isEmpty());
        // The headless server on the Unix socket, the console on 127.0.0.1: cutting the console's
        // connections leaves the server's.
        const QString serverUrl =
            QStringLiteral("postgresql://postgres@:%1/%2?host=%3")
                .arg(QString::number(m_cluster.port()), QUrl(url).path().mid(1), m_cluster.socketDir());
        QTemporaryDir serverDir;
        QVERIFY(serverDir.isValid());
        QProcess server;
        const quint16 port = startHeadlessOnDatabase(server, serverDir.path(), serverUrl, QStringLiteral("off"));
        QVERIFY(port > 0);

        startConsole([&](EngineConfig &c) {
            c.database = url;
            c.wsPort = c.wssPort = c.tcpPort = -1; // what --no-servers gives
        });
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(m_window->engine()->wsPort(), quint16(0));
        QVERIFY(m_window->punchFollower() != nullptr);
        ui::PunchTableModel *model = m_window->punchesView()->model();
        m_window->showPage(ui::MainWindow::PunchesPage);

        WsClient t;
        QVERIFY(t.open(port));
        QVERIFY(t.reg(QStringLiteral("PG1")));
        for (int i = 1; i <= 3; ++i) {
            const QJsonObject r =
                t.call(sendlog("PG1", i, 100 + i, QStringLiteral("2025-06-01 09:00:0%1").arg(i)), 15000);
            QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        }
        QElapsedTimer shown;
        shown.start();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 5000);
        qInfo("the last punch showed %lld ms after its ack (the follower polls every %d ms)", shown.elapsed(),
              query::PunchFollower::DEFAULT_INTERVAL_MS);
        QCOMPARE(model->index(0, ui::PunchTableModel::EnrollIdColumn).data().toString(), QStringLiteral("103"));

        if (qEnvironmentVariableIsSet("TERMDESK_SCREENSHOT"))
            QVERIFY(m_window->grab().save(qEnvironmentVariable("TERMDESK_SCREENSHOT")));

        // Every connection of the console ends; the next punches still appear.
        QVERIFY(cutTcpConnections(url) >= 1);
        for (int i = 4; i <= 5; ++i) {
            const QJsonObject r =
                t.call(sendlog("PG1", i, 100 + i, QStringLiteral("2025-06-01 09:00:0%1").arg(i)), 15000);
            QCOMPARE(r.value(QLatin1String("result")).toBool(), true);
        }
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 5, 10000);
        QCOMPARE(model->index(0, ui::PunchTableModel::EnrollIdColumn).data().toString(), QStringLiteral("105"));

        t.socket.close();
        ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(15000));
    }

    void cleanupTestCase() { m_cluster.stop(); }
};

QTEST_MAIN(TestPgConsole)
#include "tst_pgconsole.moc"
