// SPDX-License-Identifier: GPL-3.0-or-later
// CSV injection (docs/csv-export.md, "Formulas"): every CSV TermDesk writes (the attendance
// export v1 and v2, the console's export job, the roster export, and the real `termdesk
// export-csv` / `termdesk users export`) guards a text cell that starts with =, +, -, @, TAB or CR
// with a ', keeps numbers as numbers, and writes text as stored with --raw-text. Expected cells
// are written out by hand.
#include "exportfixture.h"
#include "termdeskcli.h"

#include "query/punchexportjob.h"
#include "service/csvexporter.h"
#include "service/rostercsv.h"
#include "util/csvcell.h"

#include <QBuffer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <iterator>
#include <memory>

using namespace termdesk;
using termdesk::test::ExportFixture;
using termdesk::test::PunchRow;

namespace {

constexpr qint64 T_2025_06_01 = 1748736000000; // 2025-06-01T00:00:00Z

struct Hostile
{
    qint64 enrollId;
    const char *name; ///< as typed on a terminal (UTF-8)
    const char *cell; ///< as the guarded CSV must hold it, quoting included
    const char *raw;  ///< as --raw-text must hold it
};

// The OWASP examples and one of each trigger; a quoted cell keeps its RFC 4180 quotes.
const Hostile HOSTILE[] = {
    {2001, "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
     "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    {2002, "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0"},
    {2003, "@SUM(1)", "'@SUM(1)", "@SUM(1)"},
    {2004, "-2+3", "'-2+3", "-2+3"},
    {2005, "\tTab", "'\tTab", "\tTab"},
    {2006, "\rCR", "\"'\rCR\"", "\"\rCR\""},
    {2007, "Ann = fine", "Ann = fine", "Ann = fine"}, // a formula sign inside is no formula
};

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("missing");
}

} // namespace

class tst_CsvSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rule_data();
    void rule();
    void attendanceExport_data();
    void attendanceExport();
    void consoleExportJob();
    void rosterExportAndImportBack();
    void cliExportCsv();
    void cliUsersExport();

private:
    QByteArray exportPunches(int format, bool rawText);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExportFixture> m_db;
};

void tst_CsvSafety::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<ExportFixture>();
    QString error;
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), &error), qPrintable(error));
    // A terminal whose name is a formula too, and a punch at -3.5 °C: a number, never guarded.
    QCOMPARE(m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("=1+1")), qint64(1));
    qint64 second = 0;
    for (const Hostile &h : HOSTILE) {
        QVERIFY(m_db->addUser(h.enrollId, QString::fromUtf8(h.name)) >= 0);
        QVERIFY2(m_db->addPunch(PunchRow{1, h.enrollId,
                                         QStringLiteral("2025-06-01 08:00:%1").arg(second, 2, 10, QLatin1Char('0')),
                                         T_2025_06_01 + second * 1000, 0, 1, 0, 0,
                                         h.enrollId == 2004 ? std::optional<double>(-3.5) : std::nullopt, std::nullopt,
                                         T_2025_06_01 + second * 1000}) > 0,
                 qPrintable(m_db->lastError()));
        ++second;
    }
}

void tst_CsvSafety::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void tst_CsvSafety::rule_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("safe");
    QTest::newRow("=") << QStringLiteral("=A1") << QStringLiteral("'=A1");
    QTest::newRow("+") << QStringLiteral("+A1") << QStringLiteral("'+A1");
    QTest::newRow("-") << QStringLiteral("-A1") << QStringLiteral("'-A1");
    QTest::newRow("@") << QStringLiteral("@A1") << QStringLiteral("'@A1");
    QTest::newRow("TAB") << QStringLiteral("\tA1") << QStringLiteral("'\tA1");
    QTest::newRow("CR") << QStringLiteral("\rA1") << QStringLiteral("'\rA1");
    QTest::newRow("only =") << QStringLiteral("=") << QStringLiteral("'=");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("plain") << QStringLiteral("Ann") << QStringLiteral("Ann");
    QTest::newRow("space first") << QStringLiteral(" =A1") << QStringLiteral(" =A1");
    QTest::newRow("LF first") << QStringLiteral("\nA1") << QStringLiteral("\nA1");
    QTest::newRow("quote first") << QStringLiteral("'=A1") << QStringLiteral("'=A1");
    QTest::newRow("fullwidth =") << QStringLiteral("\uFF1DA1") << QStringLiteral("\uFF1DA1");
}

void tst_CsvSafety::rule()
{
    QFETCH(QString, text);
    QFETCH(QString, safe);
    QCOMPARE(csv::textCell(text, csv::TextCells::Safe), safe);
    QCOMPARE(csv::textCell(text, csv::TextCells::Raw), text);
    QCOMPARE(csv::startsLikeFormula(text), safe != text);
    // A reader of our files gets the text back (except a text that itself was "'=...").
    if (!text.startsWith(u'\''))
        QCOMPARE(csv::withoutFormulaGuard(safe).toString(), text);
}

QByteArray tst_CsvSafety::exportPunches(int format, bool rawText)
{
    const QString reader = QStringLiteral("safety-reader");
    storage::OpenOptions ro;
    ro.readOnly = true;
    QString error;
    if (!storage::Database::open(m_dir->filePath(QStringLiteral("termdesk.sqlite")), reader, ro, &error))
        return "open failed: " + error.toUtf8();
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    service::CsvExportOptions options;
    options.format = format;
    options.rawText = rawText;
    const qint64 rows = service::CsvExporter::exportPunches(storage::Database::get(reader), {}, options, &out, &error);
    storage::Database::close(reader);
    if (rows != qint64(std::size(HOSTILE)))
        return "export failed: " + error.toUtf8();
    return out.data();
}

void tst_CsvSafety::attendanceExport_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("rawText");
    QTest::newRow("v1") << 1 << false;
    QTest::newRow("v2") << 2 << false;
    QTest::newRow("v1 raw") << 1 << true;
    QTest::newRow("v2 raw") << 2 << true;
}

void tst_CsvSafety::attendanceExport()
{
    QFETCH(int, format);
    QFETCH(bool, rawText);
    const QByteArray csv = exportPunches(format, rawText);
    QByteArray expected = service::CsvExporter::headerLine(format);
    int second = 0;
    for (const Hostile &h : HOSTILE) {
        const QByteArray sec = QByteArray::number(second).rightJustified(2, '0');
        if (format == 2)
            expected += QByteArray::number(second + 1) + ',';
        expected += QByteArray(rawText ? "SN1,=1+1,ws," : "SN1,'=1+1,ws,") + QByteArray::number(h.enrollId) + ',' +
                    (rawText ? h.raw : h.cell) + ",2025-06-01 08:00:" + sec + ",+00:00,2025-06-01T00:00:" + sec +
                    "Z,1,fingerprint,0,0," + (h.enrollId == 2004 ? "-3.5" : "") + ",2025-06-01T00:00:" + sec +
                    ".000Z\r\n";
        ++second;
    }
    QCOMPARE(csv, expected);
}

// The console's "Export CSV…" (PunchExportJob): always guarded; its user filter still finds a
// guarded name by what the operator typed.
void tst_CsvSafety::consoleExportJob()
{
    query::PunchExportRequest request;
    request.databaseFile = m_dir->filePath(QStringLiteral("termdesk.sqlite"));
    request.outputFile = m_dir->filePath(QStringLiteral("console.csv"));
    query::PunchExportJob job(request);
    QSignalSpy finished(&job, &query::PunchExportJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(1).toString(), QString());
    QCOMPARE(readFile(request.outputFile), exportPunches(1, false));

    request.outputFile = m_dir->filePath(QStringLiteral("filtered.csv"));
    request.filter.user = QStringLiteral("=hyperlink");
    query::PunchExportJob filtered(request);
    QSignalSpy filteredDone(&filtered, &query::PunchExportJob::finished);
    filtered.start();
    QVERIFY(filteredDone.wait(20000));
    QCOMPARE(filteredDone.at(0).at(0).toLongLong(), 1);
    QVERIFY(readFile(request.outputFile).contains(HOSTILE[0].cell));
}

void tst_CsvSafety::rosterExportAndImportBack()
{
    QByteArray expected = service::RosterCsv::exportHeader();
    QByteArray expectedRaw = expected;
    for (const Hostile &h : HOSTILE) {
        expected += QByteArray::number(h.enrollId) + ',' + h.cell + ",0,1,0,0,0,0,0,0\r\n";
        expectedRaw += QByteArray::number(h.enrollId) + ',' + h.raw + ",0,1,0,0,0,0,0,0\r\n";
    }
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    QString error;
    QCOMPARE(service::RosterCsv::exportTo(m_db->db(), out, &error), qint64(std::size(HOSTILE)));
    QCOMPARE(out.data(), expected);
    QBuffer raw;
    raw.open(QIODevice::WriteOnly);
    QCOMPARE(service::RosterCsv::exportTo(m_db->db(), raw, &error, true), qint64(std::size(HOSTILE)));
    QCOMPARE(raw.data(), expectedRaw);

    // The guarded export imported back changes no name (the import drops the guard), except the two
    // that hold a control character (stored before the input rules): an imported name follows them, so
    // TAB and CR go (docs/roster.md), and the next import changes nothing.
    service::RosterImportResult r = service::RosterCsv::import(m_db->db(), expected);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.issues.size(), 0);
    QCOMPARE(r.updated, 2);
    QCOMPARE(r.unchanged, int(std::size(HOSTILE)) - 2);
    QSqlQuery q(m_db->db());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM users WHERE enroll_id IN (2005, 2006) ORDER BY enroll_id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Tab"));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("CR"));
    r = service::RosterCsv::import(m_db->db(), expected);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.updated, 0);
    QCOMPARE(r.unchanged, int(std::size(HOSTILE)));
}

void tst_CsvSafety::cliExportCsv()
{
    m_db->close();
    const QString file = m_dir->filePath(QStringLiteral("out.csv"));
    CliRun r = runTermdesk({QStringLiteral("export-csv"), file, QStringLiteral("--format"), QStringLiteral("v2")},
                           m_dir->path(), 30000);
    QCOMPARE(r.rc, 0);
    QCOMPARE(readFile(file), exportPunches(2, false));
    QVERIFY(readFile(file).contains("\r\n2,SN1,'=1+1,ws,2002,'+1+cmd|' /C calc'!A0,2025-06-01 08:00:01,"));
    r = runTermdesk({QStringLiteral("export-csv"), file, QStringLiteral("--raw-text")}, m_dir->path(), 30000);
    QCOMPARE(r.rc, 0);
    QCOMPARE(readFile(file), exportPunches(1, true));
    QVERIFY(readFile(file).contains("\r\nSN1,=1+1,ws,2002,+1+cmd|' /C calc'!A0,2025-06-01 08:00:01,"));
}

void tst_CsvSafety::cliUsersExport()
{
    m_db->close();
    const QString file = m_dir->filePath(QStringLiteral("users.csv"));
    CliRun r = runTermdesk({QStringLiteral("users"), QStringLiteral("export"), file}, m_dir->path(), 30000);
    QCOMPARE(r.rc, 0);
    const QByteArray guarded = readFile(file);
    QVERIFY2(guarded.contains("\r\n2002,'+1+cmd|' /C calc'!A0,"), guarded.constData());
    QVERIFY(guarded.contains("\r\n2003,'@SUM(1),"));
    QVERIFY(guarded.contains("\r\n2004,'-2+3,"));
    r = runTermdesk({QStringLiteral("users"), QStringLiteral("export"), file, QStringLiteral("--raw-text")},
                    m_dir->path(), 30000);
    QCOMPARE(r.rc, 0);
    const QByteArray raw = readFile(file);
    QVERIFY2(raw.contains("\r\n2002,+1+cmd|' /C calc'!A0,"), raw.constData());
    QVERIFY(raw.contains("\r\n2004,-2+3,"));
}

QTEST_GUILESS_MAIN(tst_CsvSafety)
#include "tst_csvsafety.moc"
