// SPDX-License-Identifier: GPL-3.0-or-later
// CsvExporter against real SQLite files. Expected CSV is written out by hand, byte for byte.
#include "exportfixture.h"

#include "service/csvexporter.h"
#include "storage/database.h"
#include "util/devicetime.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using termdesk::service::CsvExporter;
using termdesk::service::CsvExportFilter;
using termdesk::service::CsvExportOptions;
using termdesk::test::ExportFixture;
using termdesk::test::PunchRow;

namespace {

constexpr char HEADER[] = "terminal_sn,terminal_name,protocol,enroll_id,user_name,local_time,utc_offset,utc_time,"
                          "verify_mode,verify_mode_name,in_out,event,temperature,received_utc\r\n";

constexpr qint64 T_2025_06_01 = 1748736000000; // 2025-06-01T00:00:00Z

/// Swallows what it is given, keeping only counts and the tail: lets a test export 200 000 rows
/// without holding them, and shows how the exporter writes (chunk sizes, when).
class TailDevice final : public QIODevice
{
public:
    TailDevice() { open(QIODevice::WriteOnly); }
    qint64 bytes = 0;
    qint64 writes = 0;
    qint64 largestWrite = 0;
    qint64 lineEnds = 0;
    QByteArray tail;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 len) override
    {
        ++writes;
        bytes += len;
        largestWrite = std::max(largestWrite, len);
        const QByteArrayView chunk(data, len);
        lineEnds += chunk.count('\n');
        tail += chunk.last(std::min<qint64>(len, 4096));
        tail = tail.right(4096);
        return len;
    }
};

/// A device that refuses every write, like a full disk.
class FullDevice final : public QIODevice
{
public:
    FullDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override
    {
        setErrorString(QStringLiteral("No space left on device"));
        return -1;
    }
};

} // namespace

class tst_CsvExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void header();
    void verifyModeName_data();
    void verifyModeName();
    void appendField_data();
    void appendField();

    void exactRows();
    void bom();
    void emptyDatabase();
    void ordering();
    void dateRange_data();
    void dateRange();
    void terminalFilter();
    void doorEventsExcluded();
    void utcColumnsMatchFormatUtcIso();
    void streamsLargeExport();
    void progressAndCancel();
    void writeFailure();
    void invalidFilter();
    void readsWhileWriterHoldsTransaction();

private:
    QByteArray exportCsv(const CsvExportFilter &filter = {}, const CsvExportOptions &options = {},
                         qint64 *rows = nullptr);
    bool openReader();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExportFixture> m_db;
    QString m_file;
    const QString m_reader = QStringLiteral("tst-reader");
};

void tst_CsvExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
    m_file = m_dir->filePath(QStringLiteral("termdesk.sqlite"));
    m_db = std::make_unique<ExportFixture>();
    QString error;
    QVERIFY2(m_db->open(m_file, &error), qPrintable(error));
}

void tst_CsvExport::cleanup()
{
    termdesk::storage::Database::close(m_reader);
    m_db.reset();
    m_dir.reset();
}

bool tst_CsvExport::openReader()
{
    if (termdesk::storage::Database::get(m_reader).isOpen())
        return true;
    termdesk::storage::OpenOptions options;
    options.readOnly = true;
    QString error;
    if (!termdesk::storage::Database::open(m_file, m_reader, options, &error)) {
        qWarning("read-only open failed: %s", qPrintable(error));
        return false;
    }
    return true;
}

QByteArray tst_CsvExport::exportCsv(const CsvExportFilter &filter, const CsvExportOptions &options, qint64 *rows)
{
    if (!openReader())
        return "open failed";
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    const qint64 n =
        CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), filter, options, &buffer, &error);
    if (n < 0)
        qWarning("export failed: %s", qPrintable(error));
    if (rows)
        *rows = n;
    return buffer.data();
}

void tst_CsvExport::header()
{
    QCOMPARE(CsvExporter::headerLine(), QByteArray(HEADER));
    QCOMPARE(CsvExporter::columns().size(), 14);
}

void tst_CsvExport::verifyModeName_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("name");
    QTest::newRow("1") << 1 << QStringLiteral("fingerprint");
    QTest::newRow("2") << 2 << QStringLiteral("password");
    QTest::newRow("3") << 3 << QStringLiteral("card");
    QTest::newRow("8") << 8 << QStringLiteral("face");
    QTest::newRow("13") << 13 << QStringLiteral("qr");
    QTest::newRow("16") << 16 << QStringLiteral("palm");
    QTest::newRow("0") << 0 << QStringLiteral("other");
    QTest::newRow("4") << 4 << QStringLiteral("other");
    QTest::newRow("15") << 15 << QStringLiteral("other");
    QTest::newRow("99") << 99 << QStringLiteral("other");
    QTest::newRow("-1") << -1 << QStringLiteral("other");
}

void tst_CsvExport::verifyModeName()
{
    QFETCH(int, mode);
    QFETCH(QString, name);
    QCOMPARE(CsvExporter::verifyModeName(mode), name);
}

void tst_CsvExport::appendField_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("plain") << QByteArray("Alice") << QByteArray("Alice");
    QTest::newRow("space kept, not quoted") << QByteArray(" a b ") << QByteArray(" a b ");
    QTest::newRow("comma") << QByteArray("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quote") << QByteArray("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << QByteArray("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("CR") << QByteArray("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("LF") << QByteArray("a\nb") << QByteArray("\"a\nb\"");
    QTest::newRow("semicolon not quoted") << QByteArray("a;b") << QByteArray("a;b");
    QTest::newRow("utf-8") << QByteArray("Zo\xC3\xAB") << QByteArray("Zo\xC3\xAB");
}

void tst_CsvExport::appendField()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, expected);
    QByteArray line("x,");
    CsvExporter::appendField(line, field);
    QCOMPARE(line, QByteArray("x," + expected));
}

void tst_CsvExport::exactRows()
{
    const qint64 front = m_db->addTerminal(QStringLiteral("AYSK01"), QStringLiteral("Front door, main"));
    const qint64 yard = m_db->addTerminal(QStringLiteral("TCP-7"), QString(), QStringLiteral("tcp"));
    QVERIFY2(front > 0 && yard > 0, qPrintable(m_db->lastError()));
    QVERIFY(m_db->addUser(1001, QStringLiteral("Zo\u00EB \u00C5ngstr\u00F6m \u738B")) >= 0);
    QVERIFY(m_db->addUser(1002, QStringLiteral("O'Brien, \"Bob\"")) >= 0);
    QVERIFY(m_db->addUser(1003, QString()) >= 0); // empty: the name inside the punch wins
    QVERIFY(m_db->addUser(1006, QStringLiteral("Line\r\nBreak")) >= 0);

    // clang-format off
    PunchRow a{front, 1001, QStringLiteral("2025-06-01 08:00:01"), T_2025_06_01 + 1000, 480, 1, 0, 0, 36.5,
               QStringLiteral("ignored: the users row has a name"), T_2025_06_01 + 1123};
    PunchRow b{yard, 1002, QStringLiteral("2025-05-31 21:30:02"), T_2025_06_01 + 3'602'000, -210, 8, 1, 0, 37.0,
               std::nullopt, T_2025_06_01 + 3'605'000};
    PunchRow c{front, 1003, QStringLiteral("2025-06-01 10:00:00"), T_2025_06_01 + 7'200'000, 480, 99, 2, 3,
               std::nullopt, QStringLiteral("Pat"), T_2025_06_01 + 7'200'007};
    PunchRow d{front, 1004, QStringLiteral("2025-06-01 10:00:01"), T_2025_06_01 + 7'201'000, 480, 13, 0, 0, 36.6,
               QStringLiteral("Walk-in"), T_2025_06_01 + 7'201'999};
    PunchRow e{yard, 1005, QStringLiteral("2025-05-31 23:00:02"), T_2025_06_01 + 9'002'000, -210, 3, 1, 0,
               std::nullopt, std::nullopt, T_2025_06_01 + 9'002'010};
    PunchRow f{yard, 1006, QStringLiteral("2025-05-31 23:00:03"), T_2025_06_01 + 9'003'000, -210, 16, 0, 0, 35.0,
               std::nullopt, T_2025_06_01 + 9'003'000};
    PunchRow g{front, 1007, QStringLiteral("2025-06-01 11:00:04"), T_2025_06_01 + 10'804'000, 0, 2, 0, 0,
               std::nullopt, QString(), T_2025_06_01 + 10'804'000};
    // clang-format on
    // Inserted out of order: the export sorts.
    for (const PunchRow *p : {&g, &c, &a, &e, &b, &f, &d})
        QVERIFY2(m_db->addPunch(*p) > 0, qPrintable(m_db->lastError()));

    qint64 rows = 0;
    const QByteArray csv = exportCsv({}, {}, &rows);
    QCOMPARE(rows, 7);
    const QByteArray expected =
        QByteArray(HEADER) +
        "AYSK01,\"Front door, main\",ws,1001,Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m \xE7\x8E\x8B,2025-06-01 08:00:01,+08:00,"
        "2025-06-01T00:00:01Z,1,fingerprint,0,0,36.5,2025-06-01T00:00:01.123Z\r\n"
        "TCP-7,,tcp,1002,\"O'Brien, \"\"Bob\"\"\",2025-05-31 21:30:02,-03:30,2025-06-01T01:00:02Z,8,face,1,0,37,"
        "2025-06-01T01:00:05.000Z\r\n"
        "AYSK01,\"Front door, main\",ws,1003,Pat,2025-06-01 10:00:00,+08:00,2025-06-01T02:00:00Z,99,other,2,3,,"
        "2025-06-01T02:00:00.007Z\r\n"
        "AYSK01,\"Front door, main\",ws,1004,Walk-in,2025-06-01 10:00:01,+08:00,2025-06-01T02:00:01Z,13,qr,0,0,36.6,"
        "2025-06-01T02:00:01.999Z\r\n"
        "TCP-7,,tcp,1005,,2025-05-31 23:00:02,-03:30,2025-06-01T02:30:02Z,3,card,1,0,,2025-06-01T02:30:02.010Z\r\n"
        "TCP-7,,tcp,1006,\"Line\r\nBreak\",2025-05-31 23:00:03,-03:30,2025-06-01T02:30:03Z,16,palm,0,0,35,"
        "2025-06-01T02:30:03.000Z\r\n"
        "AYSK01,\"Front door, main\",ws,1007,,2025-06-01 11:00:04,+00:00,2025-06-01T03:00:04Z,2,password,0,0,,"
        "2025-06-01T03:00:04.000Z\r\n";
    QCOMPARE(csv, expected);
}

void tst_CsvExport::bom()
{
    const qint64 t = m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("Lobby"));
    QVERIFY(m_db->addPunch({t, 7, QStringLiteral("2025-06-01 08:00:00"), T_2025_06_01, 480, 1, 0, 0, {}, {}, 0}) > 0);
    CsvExportOptions options;
    options.bom = true;
    const QByteArray csv = exportCsv({}, options);
    QVERIFY2(csv.startsWith("\xEF\xBB\xBF"
                            "terminal_sn,"),
             csv.left(16).toHex(' ').constData());
    QCOMPARE(csv.mid(3),
             QByteArray(QByteArray(HEADER) + "SN1,Lobby,ws,7,,2025-06-01 08:00:00,+08:00,2025-06-01T00:00:00Z,1,"
                                             "fingerprint,0,0,,2025-06-01T00:00:00.000Z\r\n"));
    // Without --bom, not a byte of it.
    QCOMPARE(exportCsv().left(3), QByteArray("ter"));
}

void tst_CsvExport::emptyDatabase()
{
    qint64 rows = -1;
    QCOMPARE(exportCsv({}, {}, &rows), QByteArray(HEADER));
    QCOMPARE(rows, 0);
}

void tst_CsvExport::ordering()
{
    // Inserted in the wrong order on purpose; ids carry no order either.
    const qint64 b = m_db->addTerminal(QStringLiteral("B-SN"), QStringLiteral("b"));
    const qint64 a = m_db->addTerminal(QStringLiteral("A-SN"), QStringLiteral("a"));
    const QString lt = QStringLiteral("2025-06-01 08:00:0%1");
    auto add = [&](qint64 terminal, qint64 enroll, qint64 utcOffsetMs, int second) {
        return m_db->addPunch({terminal, enroll, lt.arg(second), T_2025_06_01 + utcOffsetMs, 480, 1, 0, 0, {}, {}, 0});
    };
    QVERIFY(add(b, 5, 2000, 1) > 0);
    QVERIFY(add(a, 9, 2000, 2) > 0);
    QVERIFY(add(b, 2, 2000, 3) > 0);
    QVERIFY(add(a, 3, 1000, 4) > 0);
    QVERIFY(add(b, 1, 1, 5) > 0); // one millisecond counts
    QVERIFY(add(a, 4, 3000, 6) > 0);
    QVERIFY(add(a, 1, 2000, 7) > 0);

    const QList<QByteArray> lines = exportCsv().split('\n');
    QByteArrayList order;
    for (const QByteArray &line : lines.mid(1)) {
        if (!line.isEmpty())
            order.append(line.split(',').at(0) + ':' + line.split(',').at(3));
    }
    const QByteArrayList expected = {"B-SN:1", "A-SN:3", "A-SN:1", "A-SN:9", "B-SN:2", "B-SN:5", "A-SN:4"};
    QCOMPARE(order, expected);
}

void tst_CsvExport::dateRange_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QByteArrayList>("enrollIds");
    // Rows: 1 at 2025-05-31 23:59:59, 2 at 06-01 00:00:00, 3 at 06-01 12:00:00, 4 at 06-02 23:59:59,
    // 5 at 06-03 00:00:00. Their UTC times sit on other days: only local_time counts.
    QTest::newRow("no filter") << QString() << QString() << QByteArrayList{"1", "2", "3", "4", "5"};
    QTest::newRow("from, inclusive at 00:00:00")
        << QStringLiteral("2025-06-01") << QString() << QByteArrayList{"2", "3", "4", "5"};
    QTest::newRow("to, inclusive at 23:59:59")
        << QString() << QStringLiteral("2025-06-02") << QByteArrayList{"1", "2", "3", "4"};
    QTest::newRow("both") << QStringLiteral("2025-06-01") << QStringLiteral("2025-06-02")
                          << QByteArrayList{"2", "3", "4"};
    QTest::newRow("one day") << QStringLiteral("2025-06-01") << QStringLiteral("2025-06-01")
                             << QByteArrayList{"2", "3"};
    QTest::newRow("day without punches") << QStringLiteral("2025-07-01") << QStringLiteral("2025-07-01")
                                         << QByteArrayList{};
}

void tst_CsvExport::dateRange()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QByteArrayList, enrollIds);
    const qint64 t = m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("Lobby"));
    const QStringList locals = {QStringLiteral("2025-05-31 23:59:59"), QStringLiteral("2025-06-01 00:00:00"),
                                QStringLiteral("2025-06-01 12:00:00"), QStringLiteral("2025-06-02 23:59:59"),
                                QStringLiteral("2025-06-03 00:00:00")};
    for (int i = 0; i < locals.size(); ++i) {
        // UTC 10 days later: a filter on utc_ms would select nothing.
        QVERIFY(m_db->addPunch(
                    {t, i + 1, locals.at(i), T_2025_06_01 + 10 * 86'400'000LL + i * 1000, 480, 1, 0, 0, {}, {}, 0}) >
                0);
    }
    CsvExportFilter filter;
    if (!from.isEmpty())
        filter.from = QDate::fromString(from, Qt::ISODate);
    if (!to.isEmpty())
        filter.to = QDate::fromString(to, Qt::ISODate);
    qint64 rows = -1;
    const QList<QByteArray> lines = exportCsv(filter, {}, &rows).split('\n');
    QByteArrayList ids;
    for (const QByteArray &line : lines.mid(1)) {
        if (!line.isEmpty())
            ids.append(line.split(',').at(3));
    }
    QCOMPARE(ids, enrollIds);
    QCOMPARE(rows, enrollIds.size());
    QString error;
    QCOMPARE(CsvExporter::countPunches(termdesk::storage::Database::get(m_reader), filter, &error), rows);
}

void tst_CsvExport::terminalFilter()
{
    const qint64 a = m_db->addTerminal(QStringLiteral("AAA"), QStringLiteral("a"));
    const qint64 b = m_db->addTerminal(QStringLiteral("BBB"), QStringLiteral("b"));
    QVERIFY(m_db->addPunch({a, 1, QStringLiteral("2025-06-01 08:00:00"), T_2025_06_01, 480, 1, 0, 0, {}, {}, 0}) > 0);
    QVERIFY(m_db->addPunch(
                {b, 2, QStringLiteral("2025-06-01 08:00:01"), T_2025_06_01 + 1000, 480, 1, 0, 0, {}, {}, 0}) > 0);
    QVERIFY(m_db->addPunch(
                {a, 3, QStringLiteral("2025-06-01 08:00:02"), T_2025_06_01 + 2000, 480, 1, 0, 0, {}, {}, 0}) > 0);

    CsvExportFilter filter;
    filter.terminalSn = QStringLiteral("AAA");
    qint64 rows = -1;
    QCOMPARE(exportCsv(filter, {}, &rows),
             QByteArray(QByteArray(HEADER) +
                        "AAA,a,ws,1,,2025-06-01 08:00:00,+08:00,2025-06-01T00:00:00Z,1,fingerprint,0,0,,"
                        "2025-06-01T00:00:00.000Z\r\n"
                        "AAA,a,ws,3,,2025-06-01 08:00:02,+08:00,2025-06-01T00:00:02Z,1,fingerprint,0,0,,"
                        "2025-06-01T00:00:02.000Z\r\n"));
    QCOMPARE(rows, 2);

    filter.terminalSn = QStringLiteral("NOPE");
    QCOMPARE(exportCsv(filter, {}, &rows), QByteArray(HEADER));
    QCOMPARE(rows, 0);
    QVERIFY(openReader());
    const QSqlDatabase db = termdesk::storage::Database::get(m_reader);
    QVERIFY(CsvExporter::hasTerminal(db, QStringLiteral("BBB")));
    QVERIFY(!CsvExporter::hasTerminal(db, QStringLiteral("NOPE")));
    QVERIFY(!CsvExporter::hasTerminal(db, QStringLiteral("aaa"))); // serial numbers are exact
    QString error;
    QCOMPARE(CsvExporter::countPunches(db, filter, &error), 0);
    filter.terminalSn = QStringLiteral("AAA");
    QCOMPARE(CsvExporter::countPunches(db, filter, &error), 2);

    // Combined with a date filter.
    filter.terminalSn = QStringLiteral("BBB");
    filter.from = QDate(2025, 6, 2);
    QCOMPARE(exportCsv(filter, {}, &rows), QByteArray(HEADER));
    QCOMPARE(rows, 0);
}

void tst_CsvExport::doorEventsExcluded()
{
    const qint64 t = m_db->addTerminal(QStringLiteral("DOOR1"), QStringLiteral("Gate"));
    QVERIFY2(m_db->addDoorEvent(t, QStringLiteral("2025-06-01 07:59:59"), T_2025_06_01 - 1000) > 0,
             qPrintable(m_db->lastError()));
    QVERIFY(m_db->addPunch({t, 42, QStringLiteral("2025-06-01 08:00:00"), T_2025_06_01, 480, 1, 0, 0, {}, {}, 0}) > 0);
    QVERIFY(m_db->addDoorEvent(t, QStringLiteral("2025-06-01 08:00:01"), T_2025_06_01 + 1000) > 0);
    // Photos never reach the CSV either.
    QVERIFY(m_db->exec(QStringLiteral(
                "INSERT INTO punch_photos (punch_id, image) SELECT id, 'SECRETJPEG' FROM punches")) >= 0);
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO credentials (enroll_id, backup_num, data, updated_ms)"
                                      " VALUES (42, 0, 'SECRETTEMPLATE', 1)")) >= 0);
    qint64 rows = -1;
    const QByteArray csv = exportCsv({}, {}, &rows);
    QCOMPARE(rows, 1);
    QCOMPARE(csv, QByteArray(QByteArray(HEADER) +
                             "DOOR1,Gate,ws,42,,2025-06-01 08:00:00,+08:00,2025-06-01T00:00:00Z,1,fingerprint,0,"
                             "0,,2025-06-01T00:00:00.000Z\r\n"));
    QVERIFY(!csv.contains("SECRET"));
}

void tst_CsvExport::utcColumnsMatchFormatUtcIso()
{
    // The exporter formats times without QDateTime; it must agree with devicetime::formatUtcIso.
    const qint64 t = m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("Lobby"));
    QList<qint64> instants = {0,
                              1,
                              999,
                              1000,
                              86'399'999,
                              86'400'000,
                              -1,
                              -86'400'001,
                              951'782'400'000,
                              951'868'799'999,
                              4'102'444'800'000,
                              253'402'300'799'999,
                              253'402'300'800'000,
                              -62'135'596'800'000,
                              -62'135'596'800'001};
    quint64 x = 88172645463325252ULL; // xorshift: reproducible spread over 1970..2200
    for (int i = 0; i < 500; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        instants.append(static_cast<qint64>(x % 7'258'118'400'000ULL));
    }
    for (int i = 0; i < instants.size(); ++i) {
        QVERIFY2(m_db->addPunch({t,
                                 i + 1,
                                 QStringLiteral("2025-06-01 08:00:00"),
                                 instants.at(i),
                                 480,
                                 1,
                                 0,
                                 0,
                                 {},
                                 {},
                                 instants.at(i) == 0 ? 1 : instants.at(i)}) > 0,
                 qPrintable(m_db->lastError()));
    }
    const QList<QByteArray> lines = exportCsv().split('\n');
    int checked = 0;
    for (const QByteArray &line : lines.mid(1)) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> f = line.trimmed().split(',');
        const qint64 v = instants.at(f.at(3).toInt() - 1);
        QCOMPARE(QString::fromLatin1(f.at(7)), termdesk::devicetime::formatUtcIso(v));
        QCOMPARE(QString::fromLatin1(f.at(13)), termdesk::devicetime::formatUtcIso(v == 0 ? 1 : v, true));
        ++checked;
    }
    QCOMPARE(checked, instants.size());
}

void tst_CsvExport::streamsLargeExport()
{
    constexpr qint64 N = 200'000;
    const qint64 t = m_db->addTerminal(QStringLiteral("BULK"), QStringLiteral("Bulk"));
    QVERIFY2(m_db->addBulkPunches(t, N, T_2025_06_01), qPrintable(m_db->lastError()));
    QVERIFY(openReader());

    TailDevice out;
    qint64 bytesAtHalfway = -1;
    QString error;
    const qint64 rows =
        CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), {}, {}, &out, &error, [&](qint64 done) {
            if (done == N / 2)
                bytesAtHalfway = out.bytes;
            return true;
        });
    QVERIFY2(rows == N, qPrintable(error));
    QCOMPARE(out.lineEnds, N + 1);
    QVERIFY(out.tail.endsWith("\r\nBULK,Bulk,ws,200000,,2025-06-01 08:00:00,+08:00,2025-06-03T07:33:20Z,1,fingerprint,"
                              "0,0,,2025-06-03T07:33:20.500Z\r\n"));
    // Streamed: half the file had reached the device by half time, in bounded chunks.
    QVERIFY2(bytesAtHalfway > out.bytes / 3, qPrintable(QString::number(bytesAtHalfway)));
    QVERIFY2(out.largestWrite <= 1024 * 1024, qPrintable(QString::number(out.largestWrite)));
    QVERIFY(out.writes > 10);
}

void tst_CsvExport::progressAndCancel()
{
    const qint64 t = m_db->addTerminal(QStringLiteral("BULK"), QStringLiteral("Bulk"));
    QVERIFY(m_db->addBulkPunches(t, 2500, T_2025_06_01));
    QVERIFY(openReader());
    const QSqlDatabase db = termdesk::storage::Database::get(m_reader);
    CsvExportOptions options;
    options.progressEvery = 1000;

    QList<qint64> calls;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    qint64 rows = CsvExporter::exportPunches(db, {}, options, &buffer, &error, [&](qint64 n) {
        calls.append(n);
        return true;
    });
    QCOMPARE(rows, 2500);
    QCOMPARE(calls, (QList<qint64>{1000, 2000, 2500}));

    calls.clear();
    QBuffer cancelled;
    cancelled.open(QIODevice::WriteOnly);
    rows = CsvExporter::exportPunches(db, {}, options, &cancelled, &error, [&](qint64 n) {
        calls.append(n);
        return n < 2000;
    });
    QCOMPARE(rows, -1);
    QCOMPARE(error, CsvExporter::cancelledError());
    QCOMPARE(calls, (QList<qint64>{1000, 2000}));
}

void tst_CsvExport::writeFailure()
{
    const qint64 t = m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("Lobby"));
    QVERIFY(m_db->addPunch({t, 1, QStringLiteral("2025-06-01 08:00:00"), T_2025_06_01, 480, 1, 0, 0, {}, {}, 0}) > 0);
    QVERIFY(openReader());
    FullDevice full;
    QString error;
    QCOMPARE(CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), {}, {}, &full, &error), -1);
    QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));

    QBuffer closed;
    QCOMPARE(CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), {}, {}, &closed, &error), -1);
}

void tst_CsvExport::invalidFilter()
{
    QVERIFY(openReader());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    CsvExportFilter filter;
    filter.from = QDate(2025, 6, 2);
    filter.to = QDate(2025, 6, 1);
    QCOMPARE(CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), filter, {}, &buffer, &error), -1);
    QVERIFY(!error.isEmpty());
    QCOMPARE(CsvExporter::countPunches(termdesk::storage::Database::get(m_reader), filter, &error), -1);
    filter.from = QDate();
    QCOMPARE(CsvExporter::exportPunches(termdesk::storage::Database::get(m_reader), filter, {}, &buffer, &error), -1);
    QVERIFY(buffer.data().isEmpty());
}

void tst_CsvExport::readsWhileWriterHoldsTransaction()
{
    // The server's writer in the middle of a batch: the export sees the committed rows only, and
    // neither waits nor fails (WAL).
    const qint64 t = m_db->addTerminal(QStringLiteral("SN1"), QStringLiteral("Lobby"));
    QVERIFY(m_db->addPunch({t, 1, QStringLiteral("2025-06-01 08:00:00"), T_2025_06_01, 480, 1, 0, 0, {}, {}, 0}) > 0);
    QVERIFY(openReader());
    QSqlDatabase writer = m_db->db();
    QVERIFY(writer.transaction());
    QVERIFY(m_db->addPunch({t, 2, QStringLiteral("2025-06-01 08:00:01"), T_2025_06_01 + 1, 480, 1, 0, 0, {}, {}, 0}) >
            0);
    QElapsedTimer timer;
    timer.start();
    qint64 rows = -1;
    exportCsv({}, {}, &rows);
    QCOMPARE(rows, 1);
    QVERIFY2(timer.elapsed() < 5000, "the export waited for the writer");
    QVERIFY(writer.commit());
    exportCsv({}, {}, &rows);
    QCOMPARE(rows, 2);
}

QTEST_GUILESS_MAIN(tst_CsvExport)
#include "tst_csvexport.moc"
