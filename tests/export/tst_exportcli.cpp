// SPDX-License-Identifier: GPL-3.0-or-later
// The real `termdesk export-csv` binary: output bytes, messages, exit codes, a clean stdout.
#include "consoletext.h"
#include "exportfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_LINUX
#include <sys/resource.h>

#include <csignal>
#endif

using termdesk::test::ExportFixture;
using termdesk::test::PunchRow;

namespace {

constexpr qint64 T_2025_06_01 = 1748736000000; // 2025-06-01T00:00:00Z

// Written by hand: the two punches init() stores, in format v1.
constexpr char HEADER[] = "terminal_sn,terminal_name,protocol,enroll_id,user_name,local_time,utc_offset,utc_time,"
                          "verify_mode,verify_mode_name,in_out,event,temperature,received_utc\r\n";
constexpr char ROW_1[] = "AYSK01,\"Front door, main\",ws,1001,\"Zo\xC3\xAB \"\"Z\"\"\",2025-06-01 08:00:01,+08:00,"
                         "2025-06-01T00:00:01Z,1,fingerprint,0,0,36.5,2025-06-01T00:00:01.250Z\r\n";
constexpr char ROW_2[] = "TCP-7,,tcp,1002,,2025-06-01 23:59:59,-03:30,2025-06-02T03:29:59Z,8,face,1,0,,"
                         "2025-06-02T03:29:59.000Z\r\n";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_ExportCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void exportToFile();
    void replacesExistingFile();
    void exportToStdout();
    void filtersAndBom();
    void dataDirFromEnvironment();
    void unknownTerminalIsANote();
    void badDate_data();
    void badDate();
    void fromAfterTo();
    void missingFile();
    void tooManyFiles();
    void unknownOption();
    void help();
    void noDatabase();
    void missingDataDirIsNotCreated();
    void cannotWrite_data();
    void cannotWrite();
    void whileServerWrites();
    void cursorPrintsNextCursor();
    void stateFileExportsEachPunchOnce();
    void badCursorOptions_data();
    void badCursorOptions();
    void badStateFile_data();
    void badStateFile();
    void failedExportKeepsState();
#ifdef Q_OS_LINUX
    void fullDiskLeavesNoFile();
#endif

private:
    Run run(const QStringList &args, const QProcessEnvironment &env = cleanEnvironment());
    static QProcessEnvironment cleanEnvironment();
    QString dataDir() const
    {
        return m_dir->path();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExportFixture> m_db;
};

QProcessEnvironment tst_ExportCli::cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TERMDESK_DATA_DIR"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

Run tst_ExportCli::run(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dataDir());
    p.start(QStringLiteral(TERMDESK_BIN), QStringList{QStringLiteral("export-csv")} + args);
    Run r;
    if (!p.waitForStarted(30'000) || !p.waitForFinished(60'000)) {
        qWarning("termdesk did not run: %s", qPrintable(p.errorString()));
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = consoleText(p.readAllStandardError()); // r.out stays as written: the CSV is binary
    return r;
}

void tst_ExportCli::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(TERMDESK_BIN)), TERMDESK_BIN);
}

void tst_ExportCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
    m_db = std::make_unique<ExportFixture>();
    QString error;
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), &error), qPrintable(error));
    const qint64 front = m_db->addTerminal(QStringLiteral("AYSK01"), QStringLiteral("Front door, main"));
    const qint64 yard = m_db->addTerminal(QStringLiteral("TCP-7"), QString(), QStringLiteral("tcp"));
    QVERIFY2(front > 0 && yard > 0, qPrintable(m_db->lastError()));
    QVERIFY(m_db->addUser(1001, QStringLiteral("Zo\u00EB \"Z\"")) >= 0);
    // Row 2 is local 23:59:59 on 06-01 but UTC on 06-02: filters use the local day.
    QVERIFY(m_db->addPunch(PunchRow{yard, 1002, QStringLiteral("2025-06-01 23:59:59"), T_2025_06_01 + 98'999'000, -210,
                                    8, 1, 0, std::nullopt, QString(), 0}) > 0);
    QVERIFY(m_db->addPunch(PunchRow{front, 1001, QStringLiteral("2025-06-01 08:00:01"), T_2025_06_01 + 1000, 480, 1, 0,
                                    0, 36.5, std::nullopt, T_2025_06_01 + 1250}) > 0);
    QVERIFY(m_db->addDoorEvent(front, QStringLiteral("2025-06-01 09:00:00"), T_2025_06_01 + 3'600'000) > 0);
    // Like a server that stopped: the file is complete on its own.
    m_db->close();
}

void tst_ExportCli::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void tst_ExportCli::exportToFile()
{
    const QString file = m_dir->filePath(QStringLiteral("out.csv"));
    const Run r = run({file, QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("termdesk: exported 2 punches to %1\n").arg(QDir::toNativeSeparators(file)));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));
}

void tst_ExportCli::replacesExistingFile()
{
    const QString file = m_dir->filePath(QStringLiteral("out.csv"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(100'000, 'x'));
    }
    const Run r = run({QStringLiteral("--data-dir"), dataDir(), file});
    QCOMPARE(r.exitCode, 0);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));
}

void tst_ExportCli::exportToStdout()
{
    const Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));
    QCOMPARE(r.err, QByteArray("termdesk: exported 2 punches to -\n"));
}

void tst_ExportCli::filtersAndBom()
{
    Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--terminal"),
                 QStringLiteral("TCP-7"), QStringLiteral("--bom")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray("\xEF\xBB\xBF") + HEADER + ROW_2));

    // Row 2's UTC day is 06-02, its local day 06-01: --from/--to select on the local day.
    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--from"),
             QStringLiteral("2025-06-01"), QStringLiteral("--to"), QStringLiteral("2025-06-01")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));
    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--from"),
             QStringLiteral("2025-06-02")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(HEADER));
    QCOMPARE(r.err, QByteArray("termdesk: exported 0 punches to -\n"));
}

void tst_ExportCli::dataDirFromEnvironment()
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("TERMDESK_DATA_DIR"), dataDir());
    const Run r = run({QStringLiteral("-")}, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));
}

void tst_ExportCli::unknownTerminalIsANote()
{
    const Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--terminal"),
                       QStringLiteral("NOPE")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(HEADER));
    QCOMPARE(r.err, QByteArray("termdesk: no terminal with serial NOPE\ntermdesk: exported 0 punches to -\n"));
}

void tst_ExportCli::badDate_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::newRow("month 13") << QStringLiteral("from") << QStringLiteral("2025-13-01");
    QTest::newRow("30 February") << QStringLiteral("to") << QStringLiteral("2025-02-30");
    QTest::newRow("unpadded") << QStringLiteral("from") << QStringLiteral("2025-6-1");
    QTest::newRow("with a time") << QStringLiteral("to") << QStringLiteral("2025-06-01 10:00");
    QTest::newRow("words") << QStringLiteral("from") << QStringLiteral("yesterday");
    QTest::newRow("empty") << QStringLiteral("to") << QString();
}

void tst_ExportCli::badDate()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const Run r =
        run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QLatin1String("--") + option, value});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("termdesk: --%1: '%2' is not a date (YYYY-MM-DD)\n").arg(option, value));
}

void tst_ExportCli::fromAfterTo()
{
    const Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--from"),
                       QStringLiteral("2025-06-02"), QStringLiteral("--to"), QStringLiteral("2025-06-01")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(r.err, QByteArray("termdesk: --from 2025-06-02 is after --to 2025-06-01\n"));
}

void tst_ExportCli::missingFile()
{
    const Run r = run({QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QVERIFY2(r.err.startsWith("termdesk: export-csv: missing FILE argument"), r.err.constData());
    QVERIFY2(r.err.contains(TERMDESK_USAGE_NAME " [options] export-csv FILE|-"), r.err.constData());
    QVERIFY(r.err.contains("--terminal <SN>"));
}

void tst_ExportCli::tooManyFiles()
{
    const Run r = run({QStringLiteral("a.csv"), QStringLiteral("b.csv"), QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QVERIFY2(r.err.startsWith("termdesk: export-csv: one FILE only"), r.err.constData());
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("a.csv"))));
}

void tst_ExportCli::unknownOption()
{
    const Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--form"),
                       QStringLiteral("2025-06-01")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QVERIFY2(r.err.startsWith("termdesk: Unknown option 'form'."), r.err.constData());
}

void tst_ExportCli::help()
{
    const Run r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(TERMDESK_USAGE_NAME " [options] export-csv FILE|-"));
    QVERIFY(r.out.contains("--bom"));
    QCOMPARE(r.err, QByteArray());
}

void tst_ExportCli::noDatabase()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    const Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), empty.path()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("termdesk: no TermDesk database in %1\n").arg(QDir::toNativeSeparators(empty.path())));
    QVERIFY(!QFile::exists(empty.filePath(QStringLiteral("termdesk.sqlite"))));
}

void tst_ExportCli::missingDataDirIsNotCreated()
{
    const QString missing = m_dir->filePath(QStringLiteral("typo"));
    const QString file = m_dir->filePath(QStringLiteral("out.csv"));
    const Run r = run({file, QStringLiteral("--data-dir"), missing});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("termdesk: no TermDesk database in %1\n").arg(QDir::toNativeSeparators(missing)));
    QVERIFY(!QFileInfo::exists(missing));
    QVERIFY(!QFileInfo::exists(file));
}

void tst_ExportCli::cannotWrite_data()
{
    QTest::addColumn<QString>("relativeFile");
    QTest::newRow("missing folder") << QStringLiteral("no/such/folder/out.csv");
    QTest::newRow("a directory") << QStringLiteral(".");
}

void tst_ExportCli::cannotWrite()
{
    QFETCH(QString, relativeFile);
    const QString file = QDir(dataDir()).filePath(relativeFile);
    const Run r = run({file, QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArray());
    const QByteArray prefix = "termdesk: cannot write " + QDir::toNativeSeparators(file).toUtf8() + ": ";
    QVERIFY2(r.err.startsWith(prefix), r.err.constData());
    QVERIFY2(r.err.endsWith('\n') && r.err.count('\n') == 1, r.err.constData());
}

void tst_ExportCli::whileServerWrites()
{
    // A running server: its connection is open, WAL files exist, and a batch is half written.
    ExportFixture server(QStringLiteral("server"));
    QString error;
    QVERIFY2(server.open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), &error), qPrintable(error));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("termdesk.sqlite-wal"))));
    QSqlDatabase db = server.db();
    QVERIFY(db.transaction());
    QVERIFY(server.addPunch(PunchRow{1, 1003, QStringLiteral("2025-06-01 08:30:00"), T_2025_06_01 + 1'800'000, 480, 3,
                                     0, 0, std::nullopt, std::nullopt, 0}) > 0);
    Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray(HEADER) + ROW_1 + ROW_2));

    QVERIFY(db.commit());
    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray(HEADER) + ROW_1 +
                               "AYSK01,\"Front door, main\",ws,1003,,2025-06-01 08:30:00,+08:00,2025-06-01T00:30:00Z,"
                               "3,card,0,0,,2025-06-01T00:30:00.000Z\r\n" +
                               ROW_2));
}

// Format v2 with a cursor: punch_id first, rows in punch_id order (init() stored ROW_2 first).
void tst_ExportCli::cursorPrintsNextCursor()
{
    Run r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
                 QStringLiteral("v2"), QStringLiteral("--after"), QStringLiteral("0")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray("punch_id,") + HEADER + "1," + ROW_2 + "2," + ROW_1));
    QCOMPARE(r.err, QByteArray("termdesk: exported 2 punches to -\ntermdesk: next cursor 2\n"));

    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
             QStringLiteral("v2"), QStringLiteral("--after"), QStringLiteral("1")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray("punch_id,") + HEADER + "2," + ROW_1));
    QCOMPARE(r.err, QByteArray("termdesk: exported 1 punches to -\ntermdesk: next cursor 2\n"));

    // Nothing new: the cursor stays.
    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
             QStringLiteral("v2"), QStringLiteral("--after"), QStringLiteral("7")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray("punch_id,") + HEADER));
    QCOMPARE(r.err, QByteArray("termdesk: exported 0 punches to -\ntermdesk: next cursor 7\n"));

    // v2 without a cursor: the v1 order, punch_id first.
    r = run({QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
             QStringLiteral("v2")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(QByteArray("punch_id,") + HEADER + "2," + ROW_1 + "1," + ROW_2));
    QCOMPARE(r.err, QByteArray("termdesk: exported 2 punches to -\n"));
}

// The hourly cron job: each run writes what was stored since the last one. A punch a terminal
// uploads days late (its local time long past) lands in the next file, and a punch stored after
// the newest one was deleted gets a new id, so it is not mistaken for the deleted one.
void tst_ExportCli::stateFileExportsEachPunchOnce()
{
    const QString state = m_dir->filePath(QStringLiteral("export.state"));
    auto exportRun = [&](const QString &name) {
        return run({m_dir->filePath(name), QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
                    QStringLiteral("v2"), QStringLiteral("--state"), state});
    };
    auto contents = [&](const QString &name) {
        QFile f(m_dir->filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("missing");
    };
    const QByteArray header = QByteArray("punch_id,") + HEADER;

    Run r = exportRun(QStringLiteral("1.csv"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(contents(QStringLiteral("1.csv")), QByteArray(header + "1," + ROW_2 + "2," + ROW_1));
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("termdesk: no state file %1 yet: exporting from cursor 0\n"
                                                      "termdesk: exported 2 punches to %2\ntermdesk: next cursor 2\n")
                                           .arg(QDir::toNativeSeparators(state),
                                                QDir::toNativeSeparators(m_dir->filePath(QStringLiteral("1.csv")))));
    QFile stateFile(state);
    QVERIFY(stateFile.open(QIODevice::ReadOnly));
    QCOMPARE(stateFile.readAll(), QByteArray("2\n"));
    stateFile.close();

    r = exportRun(QStringLiteral("2.csv"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(contents(QStringLiteral("2.csv")), header);
    QVERIFY2(r.err.endsWith("termdesk: next cursor 2\n"), r.err.constData());

    // A late upload: punched on 2025-05-20, stored now.
    ExportFixture server(QStringLiteral("server"));
    QString error;
    QVERIFY2(server.open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), &error), qPrintable(error));
    QCOMPARE(server.addPunch(PunchRow{1, 1004, QStringLiteral("2025-05-20 07:00:00"), T_2025_06_01 - 1'040'400'000, 480,
                                      1, 0, 0, std::nullopt, std::nullopt, T_2025_06_01 + 5'000}),
             qint64(3));
    r = exportRun(QStringLiteral("3.csv"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(contents(QStringLiteral("3.csv")),
             QByteArray(header + "3,AYSK01,\"Front door, main\",ws,1004,,2025-05-20 07:00:00,+08:00,"
                                 "2025-05-19T23:00:00Z,1,fingerprint,0,0,,2025-06-01T00:00:05.000Z\r\n"));
    QVERIFY2(r.err.endsWith("termdesk: next cursor 3\n"), r.err.constData());

    // The newest punch is deleted, then another stored: it gets id 4, and the next run has it.
    QVERIFY(server.exec(QStringLiteral("DELETE FROM punches WHERE id = 3")) >= 0);
    QCOMPARE(server.addPunch(PunchRow{1, 1005, QStringLiteral("2025-06-01 09:00:00"), T_2025_06_01 + 3'600'000, 480, 1,
                                      0, 0, std::nullopt, std::nullopt, 0}),
             qint64(4));
    server.close();
    r = exportRun(QStringLiteral("4.csv"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(contents(QStringLiteral("4.csv")),
             QByteArray(header + "4,AYSK01,\"Front door, main\",ws,1005,,2025-06-01 09:00:00,+08:00,"
                                 "2025-06-01T01:00:00Z,1,fingerprint,0,0,,2025-06-01T01:00:00.000Z\r\n"));
    QVERIFY(stateFile.open(QIODevice::ReadOnly));
    QCOMPARE(stateFile.readAll(), QByteArray("4\n"));
}

void tst_ExportCli::badCursorOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString v2 = QStringLiteral("--format=v2");
    QTest::newRow("letters") << QStringList{v2, QStringLiteral("--after"), QStringLiteral("abc")}
                             << QStringLiteral("--after: 'abc' is not a cursor (a punch_id, 0 or more)");
    QTest::newRow("negative") << QStringList{v2, QStringLiteral("--after"), QStringLiteral("-1")}
                              << QStringLiteral("--after: '-1' is not a cursor (a punch_id, 0 or more)");
    QTest::newRow("fraction") << QStringList{v2, QStringLiteral("--after"), QStringLiteral("1.5")}
                              << QStringLiteral("--after: '1.5' is not a cursor (a punch_id, 0 or more)");
    QTest::newRow("too large") << QStringList{v2, QStringLiteral("--after"), QStringLiteral("99999999999999999999")}
                               << QStringLiteral("--after: '99999999999999999999' is not a cursor (a punch_id, 0 or "
                                                 "more)");
    QTest::newRow("empty") << QStringList{v2, QStringLiteral("--after"), QString()}
                           << QStringLiteral("--after: '' is not a cursor (a punch_id, 0 or more)");
    QTest::newRow("after with v1") << QStringList{QStringLiteral("--after"), QStringLiteral("3")}
                                   << QStringLiteral("--after needs --format v2: the cursor is the punch_id column");
    QTest::newRow("state with v1") << QStringList{QStringLiteral("--format"), QStringLiteral("v1"),
                                                  QStringLiteral("--state"), QStringLiteral("s")}
                                   << QStringLiteral("--state needs --format v2: the cursor is the punch_id column");
    QTest::newRow("after and state") << QStringList{v2, QStringLiteral("--after"), QStringLiteral("3"),
                                                    QStringLiteral("--state"), QStringLiteral("s")}
                                     << QStringLiteral(
                                            "--after and --state: give one (the state file holds the cursor)");
    QTest::newRow("dates and a cursor")
        << QStringList{v2, QStringLiteral("--state"), QStringLiteral("s"), QStringLiteral("--from"),
                       QStringLiteral("2025-06-01")}
        << QStringLiteral("--from/--to cannot be combined with --state: a punch uploaded late would be passed by "
                          "the cursor and never exported");
    QTest::newRow("format v3") << QStringList{QStringLiteral("--format"), QStringLiteral("v3")}
                               << QStringLiteral("--format: 'v3' is not a format (v1 or v2)");
}

void tst_ExportCli::badCursorOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(QStringList{QStringLiteral("-"), QStringLiteral("--data-dir"), dataDir()} + args);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("termdesk: %1\n").arg(message));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("s"))));
}

void tst_ExportCli::badStateFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("words") << QByteArray("yesterday\n");
    QTest::newRow("negative") << QByteArray("-5\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("a directory") << QByteArray("DIR");
}

void tst_ExportCli::badStateFile()
{
    QFETCH(QByteArray, content);
    const QString state = m_dir->filePath(QStringLiteral("export.state"));
    if (content == "DIR") {
        QVERIFY(QDir(dataDir()).mkdir(QStringLiteral("export.state")));
    } else {
        QFile f(state);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    const Run r = run({out, QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"), QStringLiteral("v2"),
                       QStringLiteral("--state"), state});
    QCOMPARE(r.exitCode, 1);
    const QString shown = QDir::toNativeSeparators(state);
    if (content == "DIR") {
        QCOMPARE(QString::fromUtf8(r.err),
                 QStringLiteral("termdesk: cannot read the state file %1: is a directory\n").arg(shown));
    } else {
        QVERIFY2(r.err.startsWith(QStringLiteral("termdesk: the state file %1 holds no cursor ('%2'")
                                      .arg(shown, QString::fromUtf8(content.trimmed()))
                                      .toUtf8()),
                 r.err.constData());
        QFile f(state);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content); // left for the operator to look at
    }
    QVERIFY(!QFile::exists(out));
}

void tst_ExportCli::failedExportKeepsState()
{
    const QString state = m_dir->filePath(QStringLiteral("export.state"));
    {
        QFile f(state);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("1\n");
    }
    const QString out = m_dir->filePath(QStringLiteral("no/such/folder/out.csv"));
    const Run r = run({out, QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"), QStringLiteral("v2"),
                       QStringLiteral("--state"), state});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("termdesk: cannot write "), r.err.constData());
    QFile f(state);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("1\n"));
}

#ifdef Q_OS_LINUX
void tst_ExportCli::fullDiskLeavesNoFile()
{
    // A disk that fills up during the export, for real: the command's file-size limit
    // (RLIMIT_FSIZE) is below the CSV's size, so its write() fails with EFBIG (SIGXFSZ ignored) as
    // a full disk fails with ENOSPC. The buffered tail fails only at the flush before the rename.
    QString error;
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), &error), qPrintable(error));
    // About 11 KB of CSV: less than QFileDevice's write buffer, so every byte of it reaches the
    // disk only at the flush before the rename. The connection stays open, as a running server's
    // does, so the database's -shm and -wal need no growing.
    QVERIFY2(m_db->addBulkPunches(1, 100, T_2025_06_01), qPrintable(m_db->lastError()));
    const QString state = m_dir->filePath(QStringLiteral("export.state"));
    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setChildProcessModifier([] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4096, RLIM_INFINITY};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    p.start(QStringLiteral(TERMDESK_BIN),
            {QStringLiteral("export-csv"), out, QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--format"),
             QStringLiteral("v2"), QStringLiteral("--state"), state});
    QVERIFY(p.waitForFinished(60'000));
    const QByteArray err = consoleText(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("cannot write"), err.constData());
    QCOMPARE(QDir(dataDir()).entryList({QStringLiteral("out.csv*")}, QDir::Files | QDir::Hidden), QStringList());
    QVERIFY(!QFile::exists(state)); // the cursor did not move
}
#endif

QTEST_GUILESS_MAIN(tst_ExportCli)
#include "tst_exportcli.moc"
