// SPDX-License-Identifier: GPL-3.0-or-later
// The console's read-side queries (core/query) against a real SQLite file: keyset pages and filters,
// the roster without credential data, dashboard aggregates, and the CSV export job with its user filter.
// Built a second time as tests/postgres' tst_pgqueries (TERMDESK_QUERIES_ON_POSTGRES): the same rows
// and the same checks on a PostgreSQL database of a throwaway cluster (PgCluster), so both engines
// answer the console alike.
#include "query/backgroundreader.h"
#include "query/csvuserfilterdevice.h"
#include "query/dashboardquery.h"
#include "query/latestread.h"
#include "query/punchexportjob.h"
#include "query/punchquery.h"
#include "query/querydatabase.h"
#include "query/terminalquery.h"
#include "query/userquery.h"
#include "service/csvexporter.h"
#include "storage/database.h"
#include "storage/terminalstore.h"

#ifdef TERMDESK_QUERIES_ON_POSTGRES
#include "pgcluster.h"
#endif

#include <QBuffer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace termdesk;

namespace {

const QString SECRET = QStringLiteral("SECRET-TEMPLATE-DATA");

bool exec(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        qWarning() << sql << q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

class TestQueries : public QObject
{
    Q_OBJECT

#ifdef TERMDESK_QUERIES_ON_POSTGRES
    PgCluster m_cluster;
#endif
    QTemporaryDir m_dir;
    QString m_file; ///< the SQLite file, or the PostgreSQL database's URL
    QString m_rw = QStringLiteral("tst-queries-rw");
    QDate m_today = QDate::currentDate();

    QSqlDatabase rw() const
    {
        return storage::Database::get(m_rw);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
#ifdef TERMDESK_QUERIES_ON_POSTGRES
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        m_file = m_cluster.freshDatabase(&error);
        QVERIFY2(!m_file.isEmpty(), qPrintable(error));
#else
        m_file = m_dir.filePath(QStringLiteral("termdesk.sqlite"));
#endif
        QVERIFY2(storage::Database::open(m_file, m_rw, {}, &error), qPrintable(error));
        // Two terminals; 300 punches: ids 1..300, T1 for odd ids, T2 for even; enroll = id % 10;
        // the first 100 yesterday, the rest today at hour (id % 24).
        QVERIFY(storage::TerminalStore::setAdmission(rw(), QStringLiteral("T1"), Admission::Approved, &error));
        QVERIFY(storage::TerminalStore::setAdmission(rw(), QStringLiteral("T2"), Admission::Pending, &error));
        QVERIFY(storage::TerminalStore::rename(rw(), QStringLiteral("T1"), QStringLiteral("Lobby"), &error));
        QVERIFY(exec(rw(), QStringLiteral("UPDATE terminals SET users_used = 90, user_capacity = 100, "
                                          "devinfo_json = '{\"modelname\":\"AiFace\"}' WHERE sn = 'T1'")));
        QVERIFY(rw().transaction());
        for (int id = 1; id <= 300; ++id) {
            const QDate day = id <= 100 ? m_today.addDays(-1) : m_today;
            const QString time = day.toString(Qt::ISODate) + QStringLiteral(" %1:%2:%3")
                                                                 .arg(id % 24, 2, 10, QLatin1Char('0'))
                                                                 .arg(id % 60, 2, 10, QLatin1Char('0'))
                                                                 .arg(id / 60, 2, 10, QLatin1Char('0'));
            QVERIFY(exec(rw(),
                         QStringLiteral("INSERT INTO punches (id, terminal_id, enroll_id, local_time, verify_mode, "
                                        "in_out, event, utc_ms, utc_offset_min, name, received_ms) VALUES "
                                        "(?, (SELECT id FROM terminals WHERE sn = ?), ?, ?, 1, 0, 0, ?, 0, ?, 0)"),
                         {id, id % 2 ? QStringLiteral("T1") : QStringLiteral("T2"), id % 10, time, qint64(id) * 1000,
                          id % 10 == 3 ? QStringLiteral("record name, \"quoted\"") : QString()}));
        }
        QVERIFY(exec(rw(), QStringLiteral("INSERT INTO users (enroll_id, name, admin, enabled, updated_ms) VALUES "
                                          "(1, 'Ann Lee', 1, 1, 5), (2, 'Bob', 0, 0, 6), (7, 'Zoë', 0, 1, 7)")));
        for (int backup : {0, 1, 10, 11, 20, 50})
            QVERIFY(exec(rw(),
                         QStringLiteral("INSERT INTO credentials (enroll_id, backup_num, data, updated_ms) "
                                        "VALUES (1, ?, ?, 1)"),
                         {backup, SECRET}));
        QVERIFY(exec(rw(), QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) "
                                          "SELECT id, 1, 0, 1 FROM terminals")));
        QVERIFY(rw().commit());
    }

    void cleanupTestCase()
    {
        storage::Database::close(m_rw);
    }

    void terminalsListed()
    {
        query::QueryDatabase db;
        QString error;
        QVERIFY2(db.open(m_file, QStringLiteral("NORMAL"), &error), qPrintable(error));
        const QList<query::TerminalRecord> list = query::TerminalQuery::list(db.reader(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).sn, QStringLiteral("T1"));
        QCOMPARE(list.at(0).name, QStringLiteral("Lobby"));
        QCOMPARE(list.at(1).admission, Admission::Pending);
        QCOMPARE(list.at(0).capacity(query::CapacityKind::Users).fraction().value_or(-1), 0.9);
        QVERIFY(!list.at(0).capacity(query::CapacityKind::Faces).fraction());
        QCOMPARE(list.at(0).punchesStored, 0); // counters belong to the writer; we inserted directly
        QCOMPARE(query::TerminalQuery::devinfoJson(db.reader(), QStringLiteral("T1"), &error),
                 QByteArray("{\"modelname\":\"AiFace\"}"));
        // The read-only connection cannot write; the read-write one can.
        QVERIFY(!storage::TerminalStore::rename(db.reader(), QStringLiteral("T2"), QStringLiteral("x"), &error));
        QVERIFY2(storage::TerminalStore::rename(db.writer(), QStringLiteral("T2"), QStringLiteral("Back door"), &error),
                 qPrintable(error));
    }

    void backgroundReaderAnswersInTheCallersThread()
    {
        query::BackgroundReader reader(m_file);
        QList<query::TerminalRecord> got;
        QString gotError = QStringLiteral("not called");
        Qt::HANDLE readThread = nullptr;
        Qt::HANDLE doneThread = nullptr;
        reader.run<QList<query::TerminalRecord>>(
            [&](const QSqlDatabase &db, QString *error) {
                readThread = QThread::currentThreadId();
                return query::TerminalQuery::list(db, error);
            },
            this,
            [&](QList<query::TerminalRecord> rows, const QString &error) {
                doneThread = QThread::currentThreadId();
                got = std::move(rows);
                gotError = error;
            });
        QTRY_VERIFY(doneThread != nullptr);
        QVERIFY2(gotError.isEmpty(), qPrintable(gotError));
        QCOMPARE(got.size(), 2);
        QCOMPARE(doneThread, QThread::currentThreadId());
        QVERIFY(readThread != doneThread);

        // A database that cannot be opened: the error comes back, nothing is read.
        query::BackgroundReader missing(m_dir.filePath(QStringLiteral("no/such/dir/termdesk.sqlite")));
        bool called = false;
        gotError.clear();
        missing.run<int>(
            [&](const QSqlDatabase &, QString *) {
                called = true;
                return 1;
            },
            this, [&](int, const QString &error) { gotError = error; });
        QTRY_VERIFY(!gotError.isEmpty());
        QVERIFY(!called);
    }

    void latestReadFollowsARunningReadOnce()
    {
        // A view refreshes five times while a slow read runs: one more read follows, not five.
        query::BackgroundReader reader(m_file);
        query::LatestRead latest;
        QSemaphore release;
        int reads = 0;
        int applied = 0;
        std::function<void()> refresh = [&] {
            if (!latest.start())
                return;
            reader.run<int>(
                [&](const QSqlDatabase &, QString *) {
                    release.acquire(); // held until the test lets it go
                    return 1;
                },
                this,
                [&](int, const QString &) {
                    ++applied;
                    if (latest.finish())
                        refresh();
                });
            ++reads;
        };
        refresh();
        for (int i = 0; i < 5; ++i)
            refresh();
        QCOMPARE(reads, 1);
        QVERIFY(latest.running());
        release.release(2);
        QTRY_COMPARE(applied, 2);
        QCOMPARE(reads, 2);
        QVERIFY(!latest.running());
        refresh(); // nothing running: reads at once
        release.release();
        QTRY_COMPARE(applied, 3);
        QCOMPARE(reads, 3);
    }

    void pagesAreKeysetNewestFirst()
    {
        QString error;
        qint64 before = 0;
        QList<qint64> ids;
        for (;;) {
            const query::PunchPage page = query::PunchQuery::page(rw(), {}, before, 128, 0, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(page.newestIdSeen, before ? before - 1 : 300);
            for (const query::PunchRecord &p : page.rows)
                ids.append(p.id);
            if (page.exhausted)
                break;
            before = page.nextBeforeId;
        }
        QCOMPARE(ids.size(), 300);
        QCOMPARE(ids.first(), 300);
        QCOMPARE(ids.last(), 1);
        QVERIFY(std::is_sorted(ids.crbegin(), ids.crend()));
    }

    void filtersMatchTheirCppTwins_data()
    {
        QTest::addColumn<bool>("yesterday");
        QTest::addColumn<QString>("sn");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("expected");
        QTest::newRow("all") << false << QString() << QString() << 300;
        QTest::newRow("T2") << false << QStringLiteral("T2") << QString() << 150;
        QTest::newRow("yesterday") << true << QString() << QString() << 100;
        QTest::newRow("enroll 7") << false << QString() << QStringLiteral("7") << 30;
        QTest::newRow("name ann, any case") << false << QString() << QStringLiteral("aNN") << 30;
        QTest::newRow("record name") << false << QString() << QStringLiteral("RECORD") << 30;
        QTest::newRow("T1 yesterday enroll 1") << true << QStringLiteral("T1") << QStringLiteral("1") << 10;
        QTest::newRow("nobody") << false << QString() << QStringLiteral("nobody") << 0;
    }

    void filtersMatchTheirCppTwins()
    {
        QFETCH(bool, yesterday);
        QFETCH(QString, sn);
        QFETCH(QString, user);
        QFETCH(int, expected);
        query::PunchFilter f;
        if (yesterday)
            f.from = f.to = m_today.addDays(-1);
        f.terminalSn = sn;
        f.user = user;
        QString error;
        const QList<query::PunchRecord> rows = query::PunchQuery::page(rw(), f, 0, 1000, 0, &error).rows;
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.size(), expected);
        // Read in windows of 37 ids, the same rows come back.
        QList<qint64> windowed;
        for (qint64 before = 0;;) {
            const query::PunchPage page = query::PunchQuery::page(rw(), f, before, 7, 37, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            for (const query::PunchRecord &r : page.rows)
                windowed.append(r.id);
            if (page.exhausted)
                break;
            QVERIFY(page.nextBeforeId < (before ? before : 301));
            before = page.nextBeforeId;
        }
        QCOMPARE(windowed.size(), rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i)
            QCOMPARE(windowed.at(i), rows.at(i).id);
        // The same criteria in C++ (what the live view applies) agree row by row.
        const QHash<qint64, QString> names = query::UserQuery::names(rw(), &error);
        const query::UserMatcher matcher(f.user);
        for (const query::PunchRecord &r : rows) {
            QVERIFY(query::PunchQuery::matchesRange(f, r.localTime, r.terminalSn));
            const QString shown = names.value(r.enrollId).isEmpty() ? r.name : names.value(r.enrollId);
            QVERIFY2(matcher.matches(r.enrollId, shown), qPrintable(shown));
        }
    }

    void rosterHasNoCredentialData()
    {
        QString error;
        const QList<query::UserRecord> users = query::UserQuery::roster(rw(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(users.size(), 3);
        const query::UserRecord &ann = users.at(0);
        QCOMPARE(ann.name, QStringLiteral("Ann Lee"));
        QCOMPARE(ann.admin, 1);
        QCOMPARE(ann.fingerprints, 2);
        QVERIFY(ann.password && ann.card && ann.face && ann.photo && !ann.palm);
        QCOMPARE(ann.terminals, (QStringList{QStringLiteral("T1"), QStringLiteral("T2")}));
        QVERIFY(!users.at(1).enabled);
        QCOMPARE(users.at(2).fingerprints, 0);
        for (const query::UserRecord &u : users) {
            QVERIFY(!u.name.contains(SECRET));
            for (const QString &t : u.terminals)
                QVERIFY(!t.contains(SECRET));
        }
        const query::UserStamp stamp = query::UserQuery::stamp(rw(), &error);
        QCOMPARE(stamp.count, 3);
        QCOMPARE(stamp.lastUpdatedMs, 7);
    }

    void dashboardAggregates()
    {
        QString error;
        const QList<qint64> hours = query::DashboardQuery::punchesPerHour(rw(), m_today, &error);
        QCOMPARE(hours.size(), 24);
        QCOMPARE(std::accumulate(hours.cbegin(), hours.cend(), qint64(0)), 200);
        QCOMPARE(hours.at(101 % 24), 9); // ids 101..300 with id % 24 == 5
        const QList<qint64> days = query::DashboardQuery::punchesPerDay(rw(), m_today.addDays(-1), 3, &error);
        QCOMPARE(days, (QList<qint64>{100, 200, 0}));
    }

    void userFilterDeviceKeepsMatchingRows()
    {
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        query::CsvUserFilterDevice device(&out, query::UserMatcher(u"record"));
        device.open(QIODevice::WriteOnly);
        QString error;
        const qint64 rows = service::CsvExporter::exportPunches(rw(), {}, {}, &device, &error, {});
        QCOMPARE(rows, 300);
        QCOMPARE(device.rowsKept(), 30);
        const QByteArray csv = out.data();
        QVERIFY(csv.startsWith(service::CsvExporter::headerLine()));
        QCOMPARE(csv.count("\r\n"), 31);
        QVERIFY(csv.contains("\"record name, \"\"quoted\"\"\""));
        // Written in odd chunks, the result is the same.
        QBuffer out2;
        out2.open(QIODevice::WriteOnly);
        query::CsvUserFilterDevice device2(&out2, query::UserMatcher(u"record"));
        device2.open(QIODevice::WriteOnly);
        for (qsizetype i = 0; i < csv.size(); i += 7)
            QCOMPARE(device2.write(csv.mid(i, 7)), qMin<qint64>(7, csv.size() - i));
        QCOMPARE(out2.data(), csv);
    }

    void exportJobWritesTheFilteredFile()
    {
        query::PunchExportRequest request;
        request.databaseFile = m_file;
        request.outputFile = m_dir.filePath(QStringLiteral("out.csv"));
        request.filter.terminalSn = QStringLiteral("T1");
        request.filter.user = QStringLiteral("ann");
        query::PunchExportJob job(request);
        QSignalSpy finished(&job, &query::PunchExportJob::finished);
        QSignalSpy progress(&job, &query::PunchExportJob::progress);
        job.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(1).toString(), QString());
        QCOMPARE(finished.at(0).at(0).toLongLong(), 30); // enroll 1 is always odd: T1
        QVERIFY(progress.count() >= 1);
        QFile file(request.outputFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count("\r\n"), 31);
    }

    void cancelledExportLeavesNoFile()
    {
        query::PunchExportRequest request;
        request.databaseFile = m_file;
        request.outputFile = m_dir.filePath(QStringLiteral("cancelled.csv"));
        query::PunchExportJob job(request);
        QSignalSpy finished(&job, &query::PunchExportJob::finished);
        job.cancel(); // before the first progress call: the export stops at its first check
        job.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(0).toLongLong(), -1);
        QCOMPARE(finished.at(0).at(1).toString(), service::CsvExporter::cancelledError());
        QVERIFY(!QFile::exists(request.outputFile));
    }
};

QTEST_GUILESS_MAIN(TestQueries)
#include "tst_queries.moc"
