// SPDX-License-Identifier: GPL-3.0-or-later
// Several servers on one PostgreSQL database (docs/multi-pc.md, "Several servers on one
// database"): two real `termdesk --headless` processes on one store of a cluster of this test's
// own (PgCluster), WebSocket terminals spread over both. Each terminal's lease names the server
// holding its connection; a command queued with the CLI is delivered by that server only; after a
// SIGKILL of one server its terminal reconnects to the other, which takes the lease over (epoch + 1)
// and delivers the commands that were in flight and queued, each once. A terminal taken over from a
// live server has its old connection closed by the old server at its next lease renewal.
#include "pgcluster.h"
#include "termdeskcli.h"
#include "wsclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

constexpr auto count = &PgCluster::count;
constexpr auto scalar = &PgCluster::scalar;

/// The `cmd` of every message @p t received from the server that is a request (not a reply).
int requestsNamed(const WsClient &t, const QString &cmd)
{
    int n = 0;
    for (const QJsonObject &o : t.replies)
        n += o.value(QLatin1String("cmd")).toString() == cmd ? 1 : 0;
    return n;
}

/// One `termdesk --headless` on the shared store: its name, data directory and WebSocket port.
struct Server
{
    explicit Server(QString serverName) : name(std::move(serverName)) {}
    Q_DISABLE_COPY_MOVE(Server)

    QString name;
    QTemporaryDir dir;
    QProcess process;
    quint16 port = 0;
    QByteArray err;

    /// Starts it with a 1 s lease renewal and a 3 s lease; false (and a warning) when it did not.
    bool start(const QString &url)
    {
        {
            QSettings ini(QDir(dir.path()).filePath(QStringLiteral("termdesk.ini")), QSettings::IniFormat);
            ini.setValue(QStringLiteral("server/name"), name);
            ini.setValue(QStringLiteral("server/leaseRenewSec"), 1);
            ini.setValue(QStringLiteral("server/leaseTtlSec"), 3);
            ini.setValue(QStringLiteral("registration/pullNewLogs"), false);
            ini.setValue(QStringLiteral("clock/autoSync"), false);
            ini.setValue(QStringLiteral("webhooks/presenceDebounceSec"), 0); // terminal.offline at the close
        }
        process.start(QStringLiteral(TERMDESK_BIN),
                      {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
                       QStringLiteral("--database"), url, QStringLiteral("--ws-port"), QStringLiteral("0"),
                       QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1")});
        QByteArray out;
        const bool ok = QTest::qWaitFor(
            [&] {
                out += process.readAllStandardOutput();
                return out.contains('\n') || process.state() == QProcess::NotRunning;
            },
            30000);
        err += process.readAllStandardError();
        const auto m =
            QRegularExpression(QStringLiteral("^termdesk listening ws=(\\d+)")).match(QString::fromUtf8(out));
        if (!ok || !m.hasMatch()) {
            qWarning() << name << "stdout:" << out << "stderr:" << err;
            return false;
        }
        port = static_cast<quint16>(m.captured(1).toUInt());
        return true;
    }

    void kill(int sig)
    {
        if (process.state() != QProcess::NotRunning)
            ::kill(static_cast<pid_t>(process.processId()), sig);
    }

    ~Server()
    {
        kill(SIGTERM);
        if (!process.waitForFinished(15000))
            process.kill();
    }
};

/// `termdesk command --terminal SN settime --database URL`: queued, the new command's id.
qint64 queueSettime(const QString &url, const QString &sn, const QString &dataDir)
{
    const CliRun r = runTermdesk({QStringLiteral("command"), QStringLiteral("--terminal"), sn,
                                  QStringLiteral("settime"), QStringLiteral("--database"), url},
                                 dataDir, 30000);
    if (r.rc != 0) {
        qWarning() << "command:" << r.rc << r.out << r.err;
        return -1;
    }
    const auto m = QRegularExpression(QStringLiteral("(\\d+)")).match(r.out);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

/// Answers every settime request the terminal gets (as a terminal does), once each.
void answerSettimes(WsClient &t)
{
    QObject::connect(&t.socket, &QWebSocket::textMessageReceived, &t, [&t](const QString &text) {
        if (text.contains(QLatin1String("\"cmd\":\"settime\"")))
            t.send(QByteArrayLiteral(R"({"ret":"settime","result":true})"));
    });
}

} // namespace

class TestPgFailover : public QObject
{
    Q_OBJECT

    PgCluster m_cluster;

    QString freshMigratedDatabase(const QString &dataDir)
    {
        QString error;
        const QString url = m_cluster.freshDatabase(&error);
        if (url.isEmpty()) {
            qWarning() << error;
            return {};
        }
        const CliRun r = runTermdesk(
            {QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--database"), url}, dataDir, 60000);
        if (r.rc != 0) {
            qWarning() << r.err;
            return {};
        }
        return url;
    }

    static QString owner(const QString &url, const QString &sn)
    {
        return scalar(url,
                      QStringLiteral("SELECT server_id || ':' || epoch FROM terminal_owner WHERE terminal_sn = '%1'")
                          .arg(sn))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    /// The done-when of issue 14's item 3: terminals on both servers, one server SIGKILLed, its
    /// terminal on the other server, its commands delivered there exactly once.
    void killedServersTerminalFailsOverWithItsCommands()
    {
        QTemporaryDir cliDir;
        const QString url = freshMigratedDatabase(cliDir.path());
        QVERIFY(!url.isEmpty());
        Server a(QStringLiteral("alpha")), b(QStringLiteral("beta"));
        QVERIFY(a.start(url));
        QVERIFY(b.start(url));

        WsClient t1, t2;
        QVERIFY(t1.open(a.port));
        QVERIFY(t1.reg(QStringLiteral("FO1")));
        QVERIFY(t2.open(b.port));
        QVERIFY(t2.reg(QStringLiteral("FO2")));
        // each server holds the lease of its terminal, epoch 1
        QCOMPARE(owner(url, QStringLiteral("FO1")), QStringLiteral("alpha:1"));
        QCOMPARE(owner(url, QStringLiteral("FO2")), QStringLiteral("beta:1"));
        // and `termdesk terminals` says which server holds which
        CliRun list =
            runTermdesk({QStringLiteral("terminals"), QStringLiteral("--database"), url}, cliDir.path(), 30000);
        QVERIFY2(list.rc == 0, qPrintable(list.err));
        QVERIFY2(list.out.contains(QLatin1String("SERVER")), qPrintable(list.out));
        QVERIFY2(QRegularExpression(QStringLiteral("FO1 .* alpha ")).match(list.out).hasMatch(), qPrintable(list.out));
        QVERIFY2(QRegularExpression(QStringLiteral("FO2 .* beta ")).match(list.out).hasMatch(), qPrintable(list.out));

        // Two commands for FO1, queued from another process: alpha sends the first (one in flight
        // per terminal); beta, polling the same table, sends nothing.
        const qint64 first = queueSettime(url, QStringLiteral("FO1"), cliDir.path());
        const qint64 second = queueSettime(url, QStringLiteral("FO1"), cliDir.path());
        QVERIFY(first > 0 && second > first);
        QTRY_COMPARE_WITH_TIMEOUT(requestsNamed(t1, QStringLiteral("settime")), 1, 15000);
        QCOMPARE(scalar(url, QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(first)).toString(),
                 QStringLiteral("sent"));
        // FO1 does not answer: alpha dies with the command in flight.
        QElapsedTimer failover;
        failover.start();
        a.kill(SIGKILL);
        QVERIFY(a.process.waitForFinished(15000));
        QVERIFY(t1.waitDisconnected(15000));

        // FO1 reconnects, to beta: beta takes the lease over and sends both commands, in order,
        // each once; FO1 answers them.
        WsClient t1b;
        answerSettimes(t1b);
        QVERIFY(t1b.open(b.port));
        QVERIFY(t1b.reg(QStringLiteral("FO1")));
        QTRY_VERIFY_WITH_TIMEOUT(requestsNamed(t1b, QStringLiteral("settime")) >= 1, 15000);
        const qint64 failoverMs = failover.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(url, QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(second)).toString(),
            QStringLiteral("done"), 15000);
        QCOMPARE(scalar(url, QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(first)).toString(),
                 QStringLiteral("done"));
        QCOMPARE(owner(url, QStringLiteral("FO1")), QStringLiteral("beta:2"));
        qInfo("failover: SIGKILL of alpha to the first command delivered by beta: %lld ms", failoverMs);

        // A third command goes through beta too, and after it FO1 has had exactly one send of
        // each command from beta: nothing was delivered twice in between.
        const qint64 third = queueSettime(url, QStringLiteral("FO1"), cliDir.path());
        QVERIFY(third > second);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(url, QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(third)).toString(),
            QStringLiteral("done"), 15000);
        QCOMPARE(requestsNamed(t1b, QStringLiteral("settime")), 3);
        QCOMPARE(requestsNamed(t1, QStringLiteral("settime")), 1); // alpha's one, unanswered
        QCOMPARE(requestsNamed(t2, QStringLiteral("settime")), 0);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM commands WHERE state <> 'done'")), qint64(0));

        list = runTermdesk({QStringLiteral("terminals"), QStringLiteral("--database"), url}, cliDir.path(), 30000);
        QVERIFY2(QRegularExpression(QStringLiteral("FO1 .* beta ")).match(list.out).hasMatch(), qPrintable(list.out));

        // a clean disconnect gives the lease back
        t2.socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM terminal_owner"
                                                            " WHERE terminal_sn = 'FO2'")),
                                  qint64(0), 15000);
    }

    /// A terminal that reconnects to another server while the first one still runs: the first
    /// server sees at its next renewal that the lease has another epoch, closes the old connection
    /// and claims nothing more for it; the new server delivers.
    void takeoverFromALiveServerClosesTheOldConnection()
    {
        QTemporaryDir cliDir;
        const QString url = freshMigratedDatabase(cliDir.path());
        QVERIFY(!url.isEmpty());
        Server a(QStringLiteral("alpha")), b(QStringLiteral("beta"));
        QVERIFY(a.start(url));
        QVERIFY(b.start(url));

        WsClient old, now;
        QVERIFY(old.open(a.port));
        QVERIFY(old.reg(QStringLiteral("TK1")));
        QCOMPARE(owner(url, QStringLiteral("TK1")), QStringLiteral("alpha:1"));
        answerSettimes(now);
        QVERIFY(now.open(b.port));
        QVERIFY(now.reg(QStringLiteral("TK1")));
        QCOMPARE(owner(url, QStringLiteral("TK1")), QStringLiteral("beta:2"));
        QVERIFY(old.waitDisconnected(15000)); // alpha renewed (1 s) and found epoch 2: closed

        const qint64 id = queueSettime(url, QStringLiteral("TK1"), cliDir.path());
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(url, QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(id)).toString(),
            QStringLiteral("done"), 15000);
        QCOMPARE(requestsNamed(now, QStringLiteral("settime")), 1);
        QCOMPARE(requestsNamed(old, QStringLiteral("settime")), 0);
        // alpha released nothing of beta's: the lease is still beta's
        QCOMPARE(owner(url, QStringLiteral("TK1")), QStringLiteral("beta:2"));
        // The terminal never went offline: each server wrote it online, and alpha, whose connection
        // was taken over, wrote no terminal.offline (its storage queue is flushed by the stop).
        a.kill(SIGTERM);
        QVERIFY(a.process.waitForFinished(15000));
        QCOMPARE(scalar(url, QStringLiteral("SELECT count(*) FROM events WHERE type = 'terminal.offline'")).toInt(), 0);
        QCOMPARE(scalar(url, QStringLiteral("SELECT count(*) FROM events WHERE type = 'terminal.online'")).toInt(), 2);
    }
};

QTEST_MAIN(TestPgFailover)
#include "tst_pgfailover.moc"
