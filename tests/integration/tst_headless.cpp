// SPDX-License-Identifier: GPL-3.0-or-later
// The real `termdesk --headless` binary: readiness line, clean shutdown on SIGTERM/SIGINT,
// a port in use, bad options, a scheduled export set on the command line.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>

class TestHeadless : public QObject
{
    Q_OBJECT

    static quint16 waitListening(QProcess &p)
    {
        QByteArray out;
        const bool ok = QTest::qWaitFor(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            20000);
        const auto m = QRegularExpression(QStringLiteral("^termdesk listening ws=(\\d+) tcp=(\\d+)\\n$"))
                           .match(QString::fromUtf8(out));
        if (!ok || !m.hasMatch()) {
            qWarning() << "stdout:" << out << "stderr:" << p.readAllStandardError();
            return 0;
        }
        return static_cast<quint16>(m.captured(1).toUInt());
    }

private Q_SLOTS:
    void listensAndStopsCleanly_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void listensAndStopsCleanly()
    {
        QFETCH(int, sig);
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--ws-port"),
                 QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1")});
        const quint16 port = waitListening(p);
        QVERIFY(port > 0);
        QWebSocket ws;
        QSignalSpy got(&ws, &QWebSocket::textMessageReceived);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(port)));
        QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::ConnectedState, 5000);
        ws.sendTextMessage(QStringLiteral(R"({"cmd":"reg","sn":"H1"})"));
        QTRY_VERIFY_WITH_TIMEOUT(got.count() >= 1, 5000); // the reg reply, then the automatic getnewlog
        QVERIFY(got.at(0).at(0).toString().contains(QLatin1String("\"result\":true")));
        ::kill(static_cast<pid_t>(p.processId()), sig);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("termdesk.sqlite"))));
    }

    void exportsOnTheScheduleGivenOnTheCommandLine()
    {
        QTemporaryDir dir;
        QTemporaryDir out;
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--ws-port"),
                 QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("--export-every"), QStringLiteral("60"),
                 QStringLiteral("--export-folder"), out.path(), QStringLiteral("--export-format"),
                 QStringLiteral("v1")});
        QVERIFY(waitListening(p) > 0);
        // Never exported in this data directory: the first run is at once (no punches yet: the
        // header only), and the cursor is kept in the data directory.
        const QStringList pattern{QStringLiteral("punches-*.csv")};
        QTRY_COMPARE_WITH_TIMEOUT(QDir(out.path()).entryList(pattern, QDir::Files).size(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("scheduled-export.cursor"))), 20000);
        QFile csv(QDir(out.path()).filePath(QDir(out.path()).entryList(pattern, QDir::Files).constFirst()));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().startsWith("terminal_sn,")); // v1
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 0);
    }

    void portInUseNamesPortAndFails_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("ws") << QStringLiteral("ws");
        QTest::newRow("tcp") << QStringLiteral("tcp");
    }

    void portInUseNamesPortAndFails()
    {
        QFETCH(QString, which);
        const char *portOption = which == QLatin1String("ws") ? "--ws-port" : "--tcp-port";
        const char *otherOption = which == QLatin1String("ws") ? "--tcp-port" : "--ws-port";
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1"), QLatin1String(portOption), QString::number(squatter.serverPort()),
                 QLatin1String(otherOption), QStringLiteral("0")});
        QVERIFY(p.waitForFinished(15000));
        QVERIFY(p.exitCode() != 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QString::number(squatter.serverPort())), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("in use")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());
    }

    void badOptionsRejected_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("admission") << QStringList{QStringLiteral("--admission"), QStringLiteral("sometimes")}
                                   << QStringLiteral("--admission: 'sometimes'");
        QTest::newRow("port") << QStringList{QStringLiteral("--ws-port"), QStringLiteral("70000")}
                              << QStringLiteral("--ws-port: '70000'");
        QTest::newRow("listen") << QStringList{QStringLiteral("--listen"), QStringLiteral("nowhere")}
                                << QStringLiteral("--listen: 'nowhere'");
        // the password of a bad URL is never echoed (checked below)
        QTest::newRow("database") << QStringList{QStringLiteral("--database"),
                                                 QStringLiteral("postgresql://td:hunter2@db.example.org")}
                                  << QStringLiteral("bad database URL (no database name after the host)");
        QTest::newRow("export-every") << QStringList{QStringLiteral("--export-every"), QStringLiteral("2000")}
                                      << QStringLiteral("--export-every: '2000'");
        QTest::newRow("export-daily") << QStringList{QStringLiteral("--export-daily"), QStringLiteral("25:00")}
                                      << QStringLiteral("--export-daily: '25:00'");
        QTest::newRow("export both") << QStringList{QStringLiteral("--export-every"), QStringLiteral("5"),
                                                    QStringLiteral("--export-daily"), QStringLiteral("18:00")}
                                     << QStringLiteral("--export-every and --export-daily: give one");
        QTest::newRow("export-format") << QStringList{QStringLiteral("--export-format"), QStringLiteral("v3")}
                                       << QStringLiteral("--export-format: 'v3'");
    }

    void badOptionsRejected()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path()} + args);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("hunter2")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
