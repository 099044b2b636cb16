// SPDX-License-Identifier: GPL-3.0-or-later
// The durability promise: kill -9 the headless server in the middle of a flood from 50
// simulated terminals (WebSocket, then TCP), restart it on the same data directory, let the
// terminals re-send what was never acknowledged, then export: every punch a terminal saw
// acknowledged is there, and nothing is there twice.
#include "simfleet.h"
#include "simtcpterminal.h"
#include "simterminal.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace termdesk::sim;

class TestKill9 : public QObject
{
    Q_OBJECT

    struct Ports
    {
        quint16 ws = 0;
        quint16 tcp = 0;
    };

    static Ports startServer(QProcess &p, const QString &dataDir)
    {
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--ws-port"),
                 QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1")});
        QByteArray out;
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            20000);
        const auto m =
            QRegularExpression(QStringLiteral("termdesk listening ws=(\\d+) tcp=(\\d+)")).match(QString::fromUtf8(out));
        if (!m.hasMatch())
            return {};
        return {static_cast<quint16>(m.captured(1).toUInt()), static_cast<quint16>(m.captured(2).toUInt())};
    }

    static QUrl url(quint16 port) { return QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(port)); }

    static void point(SimFleet &fleet, bool tcp, const Ports &ports)
    {
        if (tcp)
            fleet.setTcpAddress(QStringLiteral("127.0.0.1"), ports.tcp);
        else
            fleet.setUrl(url(ports.ws));
    }

private Q_SLOTS:
    void everyAcknowledgedPunchSurvivesKill9_data()
    {
        QTest::addColumn<bool>("tcp");
        QTest::newRow("websocket") << false;
        QTest::newRow("tcp") << true;
    }

    void everyAcknowledgedPunchSurvivesKill9()
    {
        QFETCH(bool, tcp);
        QTemporaryDir dir;
        QProcess server;
        Ports ports = startServer(server, dir.path());
        QVERIFY2(ports.ws > 0 && ports.tcp > 0, server.readAllStandardError().constData());

        FleetOptions o;
        if (tcp) {
            o.tcpHost = QStringLiteral("127.0.0.1");
            o.tcpPort = ports.tcp;
            o.alwaysAwake = true;
            o.codePrefix = QStringLiteral("K9T");
        } else {
            o.url = url(ports.ws);
            o.snPrefix = QStringLiteral("K9W");
        }
        o.terminals = 50;
        o.ratePerSecond = 20000;
        o.batchSize = 50;
        o.punchesPerTerminal = 400; // 20 000 punches
        o.durationMs = 60000;
        o.seed = 9;
        SimFleet fleet(o);
        QSignalSpy finished(&fleet, &SimFleet::finished);
        fleet.start();

        // mid-flood: some batches acknowledged, many not yet
        QTRY_VERIFY_WITH_TIMEOUT(fleet.totals().acknowledged >= 4000, 30000);
        server.kill(); // SIGKILL: no flush, no goodbye
        QVERIFY(server.waitForFinished(10000));
        const qint64 ackedBeforeKill = fleet.totals().acknowledged;
        QVERIFY(ackedBeforeKill < 20000);

        QProcess restarted;
        ports = startServer(restarted, dir.path());
        QVERIFY2(ports.ws > 0, restarted.readAllStandardError().constData());
        point(fleet, tcp, ports);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QVERIFY(fleet.allAcknowledged());
        fleet.stop();
        ::kill(static_cast<pid_t>(restarted.processId()), SIGTERM);
        QVERIFY(restarted.waitForFinished(15000));
        QCOMPARE(restarted.exitCode(), 0);

        QProcess exporter;
        exporter.start(QStringLiteral(TERMDESK_BIN),
                       {QStringLiteral("export-csv"), QStringLiteral("-"), QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(exporter.waitForFinished(60000));
        QCOMPARE(exporter.exitCode(), 0);
        const QList<QByteArray> lines = exporter.readAllStandardOutput().split('\n');
        // terminal_sn,terminal_name,protocol,enroll_id,user_name,local_time,utc_offset,utc_time,
        // verify_mode,verify_mode_name,in_out,event,...
        // WebSocket terminals report wall-clock times (local_time); TCP terminals report UTC (utc_time).
        const int timeColumn = tcp ? 7 : 5;
        QSet<QString> exported;
        qint64 rows = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            const QList<QByteArray> f = line.split(',');
            QVERIFY2(f.size() >= 12, line.constData());
            QCOMPARE(QString::fromUtf8(f[2]), tcp ? QStringLiteral("tcp") : QStringLiteral("ws"));
            exported.insert(QStringLiteral("%1|%2|%3|%4|%5|%6")
                                .arg(QString::fromUtf8(f[0]), QString::fromUtf8(f[3]), QString::fromUtf8(f[timeColumn]),
                                     QString::fromUtf8(f[8]), QString::fromUtf8(f[10]), QString::fromUtf8(f[11])));
            ++rows;
        }
        QCOMPARE(rows, qint64(exported.size())); // nothing twice
        QList<PunchKey> acknowledged;
        for (const SimTerminal *t : fleet.terminals())
            acknowledged += t->acknowledged();
        for (const SimTcpTerminal *t : fleet.tcpTerminals())
            acknowledged += t->acknowledged();
        for (const PunchKey &k : acknowledged) {
            const QString time = k.utc ? QString(k.time).replace(u' ', u'T') + u'Z' : k.time;
            const QString key = QStringLiteral("%1|%2|%3|%4|%5|%6")
                                    .arg(k.sn)
                                    .arg(k.enrollId)
                                    .arg(time)
                                    .arg(k.mode)
                                    .arg(k.inOut)
                                    .arg(k.event);
            QVERIFY2(exported.contains(key), qPrintable(QStringLiteral("acknowledged but not stored: ") + key));
        }
        QCOMPARE(qint64(acknowledged.size()), qint64(20000));
        QCOMPARE(rows, qint64(acknowledged.size()));
        qInfo("acknowledged before kill: %lld; resent after restart: %lld", static_cast<long long>(ackedBeforeKill),
              static_cast<long long>(fleet.totals().resent));
    }
};

QTEST_GUILESS_MAIN(TestKill9)
#include "tst_kill9.moc"
