// SPDX-License-Identifier: GPL-3.0-or-later
// The real `termdesk` binary where there is no display (a server, an SSH session, a service account):
// DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset. --help and --version print, the console says in
// one line how to run headless and fails, the command-line tools run (docs/manual.md).
#include "termdesk_version.h"
#include "termdeskcli.h"

#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class TestNoDisplay : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home; // data and settings locations of the runs: nothing outside it is touched

    QString dataDir() const { return m_home.filePath(QStringLiteral("data")); }

    CliRun run(const QStringList &args) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("TERMDESK_DATA_DIR"), dataDir());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("share")));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TERMDESK_BIN), args);
        CliRun r;
        if (!p.waitForFinished(30000))
            return r;
        r.rc = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static QStringList everySubcommand()
    {
        return {QStringLiteral("export-csv"), QStringLiteral("terminals"), QStringLiteral("terminal"),
                QStringLiteral("users"),      QStringLiteral("command"),   QStringLiteral("commands"),
                QStringLiteral("audit")};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void consoleSaysHowToRunHeadless_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no arguments") << QStringList{};
        QTest::newRow("console options") << QStringList{QStringLiteral("--ws-port"), QStringLiteral("0")};
    }

    void consoleSaysHowToRunHeadless()
    {
        QFETCH(QStringList, args);
        const CliRun r = run(args);
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QVERIFY2(r.err.endsWith(u'\n') && r.err.count(u'\n') == 1, qPrintable(r.err)); // one line
        QVERIFY2(r.err.startsWith(QLatin1String("termdesk: no display")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("termdesk --headless")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("DISPLAY")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dataDir())); // gave up before opening anything
    }

    void helpListsEverything_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")};
        QTest::newRow("-h") << QStringList{QStringLiteral("-h")};
        QTest::newRow("options and --help")
            << QStringList{QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--help")};
        QTest::newRow("--headless --help") << QStringList{QStringLiteral("--headless"), QStringLiteral("--help")};
    }

    void helpListsEverything()
    {
        QFETCH(QStringList, args);
        const CliRun r = run(args);
        QCOMPARE(r.rc, 0);
        QVERIFY2(!r.err.contains(QLatin1String("display")), qPrintable(r.err));
        for (const QString &command : everySubcommand())
            QVERIFY2(r.out.contains(QStringLiteral("termdesk %1 ").arg(command)) ||
                         r.out.contains(QStringLiteral("termdesk %1\n").arg(command)),
                     qPrintable(command + QLatin1String(" missing from:\n") + r.out));
        for (const char *option : {"--headless", "--data-dir", "--listen", "--ws-port", "--tcp-port", "--admission",
                                   "--idle-timeout", "--version", "--help"})
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
        QVERIFY(r.out.contains(QLatin1String("no display")));
    }

    void versionPrints_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("--version") << QStringLiteral("--version");
        QTest::newRow("-v") << QStringLiteral("-v");
    }

    void versionPrints()
    {
        QFETCH(QString, option);
        const CliRun r = run({option});
        QCOMPARE(r.rc, 0);
        QCOMPARE(r.out, QStringLiteral("termdesk " TERMDESK_VERSION "\n"));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    }

    void subcommandsNeedNoDisplay()
    {
        const CliRun exportHelp = run({QStringLiteral("export-csv"), QStringLiteral("--help")});
        QCOMPARE(exportHelp.rc, 0);
        QVERIFY2(exportHelp.out.contains(QLatin1String("--from")), qPrintable(exportHelp.out));
        const CliRun terminalsHelp = run({QStringLiteral("terminals"), QStringLiteral("--help")});
        QCOMPARE(terminalsHelp.rc, 0);
        QVERIFY2(terminalsHelp.out.contains(QLatin1String("--data-dir")), qPrintable(terminalsHelp.out));
        // A tool that needs a database says that, not that there is no display.
        const CliRun list = run({QStringLiteral("terminals")});
        QVERIFY(list.rc != 0);
        QVERIFY2(list.err.contains(QLatin1String("no database")), qPrintable(list.err));
    }

    void unknownCommandNamesEveryCommand()
    {
        const CliRun r = run({QStringLiteral("frobnicate")});
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("unknown command 'frobnicate'")), qPrintable(r.err));
        for (const QString &command : everySubcommand())
            QVERIFY2(r.err.contains(command), qPrintable(command));
    }
};

QTEST_GUILESS_MAIN(TestNoDisplay)
#include "tst_nodisplay.moc"
