// SPDX-License-Identifier: GPL-3.0-or-later
// The real `termdesk` console as a process (offscreen platform): SIGTERM and SIGINT close it the way
// closing its window does (window state saved, the demo simulator stopped, the engine stopped, exit
// status 0) instead of killing it on the spot. tst_simdemo shows the simulator goes on quit.
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestConsoleProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closesCleanlyOnSignal_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void closesCleanlyOnSignal()
    {
        QFETCH(int, sig);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("share")));
        const QString data = home.filePath(QStringLiteral("data"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--data-dir"), data, QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0")});
        // The database exists once the engine started, after the signal handlers were installed.
        QTRY_VERIFY_WITH_TIMEOUT(
            QFile::exists(data + QStringLiteral("/termdesk.sqlite")) || p.state() == QProcess::NotRunning, 30000);
        QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData());

        ::kill(static_cast<pid_t>(p.processId()), sig);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not killed by the signal
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.contains(QStringLiteral("signal %1, closing the console").arg(sig)), qPrintable(err));
        // The window was closed, not abandoned: it saved its state.
        QFile settings(home.filePath(QStringLiteral("config/TermDesk/termdesk.conf")));
        QVERIFY2(settings.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        QVERIFY(settings.readAll().contains("mainWindow"));
    }
};

QTEST_GUILESS_MAIN(TestConsoleProcess)
#include "tst_consoleprocess.moc"
