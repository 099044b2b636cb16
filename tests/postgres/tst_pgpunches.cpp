// SPDX-License-Identifier: GPL-3.0-or-later
// The storage writer's punch path on PostgreSQL, on a real PostgreSQL 15 cluster of this test's
// own (PgCluster): libpq on a connection of its own (LibpqPunchInsert, batched INSERT ... ON
// CONFLICT DO NOTHING from arrays) and QSqlQuery on the writer's QPSQL connection, the same
// checks on both. Exact counts, duplicates refused, the new ids as stored, a drain that mixes
// plain batches with others, and failed transactions that acknowledge nothing. Results are
// read back through a QPSQL connection of the test's own.
#include "pgcluster.h"
#include "storage/database.h"
#include "storage/postgresurl.h"
#include "storage/storagewriter.h"
#include "storage/writejob.h"
#include "util/devicetime.h"

#include <QSignalSpy>
#include <QTest>

using namespace termdesk;
using namespace termdesk::storage;

namespace {

// The test cluster's own connection reads what the server stored.
constexpr auto scalar = &PgCluster::scalar;
constexpr auto count = &PgCluster::count;

Punch punch(qint64 enrollId, const QString &localTime, int mode = 1)
{
    Punch p;
    p.enrollId = enrollId;
    p.localTime = localTime;
    p.localEpoch = devicetime::parseLocal(localTime); // as the decoders give it
    p.verifyMode = mode;
    return p;
}

PunchBatchJob batch(qint64 terminalId, QList<Punch> punches)
{
    PunchBatchJob j;
    j.terminalId = terminalId;
    j.sn = QStringLiteral("PGT1");
    j.utcOffsetMin = 0;
    j.punches = std::move(punches);
    j.receivedMs = 1748764900000LL; // 2025-06-01
    return j;
}

/// Submits every job at once (one drain) and returns their results, in order.
QList<FinishedJob> runJobs(StorageWriter &writer, const QList<WriteJob> &jobs)
{
    QSignalSpy spy(&writer, &StorageWriter::finished);
    for (const WriteJob &job : jobs)
        writer.submit(job);
    QList<FinishedJob> results;
    while (results.size() < jobs.size() && (!spy.isEmpty() || spy.wait(30000))) {
        results += spy.takeFirst().first().value<QList<FinishedJob>>();
    }
    return results;
}

/// A punch batch's result (PunchBatchResult is also another job's result type: by position).
constexpr std::size_t PUNCH_BATCH = 1;
static_assert(std::is_same_v<std::variant_alternative_t<PUNCH_BATCH, WriteJob>, PunchBatchJob>);

const PunchBatchResult &punchResult(const FinishedJob &f)
{
    return std::get<PUNCH_BATCH>(f.outcome);
}

} // namespace

class TestPgPunches : public QObject
{
    Q_OBJECT

    PgCluster m_cluster;

    /// A writer on a fresh database (the libpq punch path or not) and terminal PGT1 registered.
    std::unique_ptr<StorageWriter> openWriter(bool libpq, QString *url, qint64 *terminalId)
    {
        QString error;
        *url = m_cluster.freshDatabase(&error);
        if (url->isEmpty()) {
            qWarning() << error;
            return nullptr;
        }
        OpenOptions options;
        options.postgresLibpq = libpq;
        auto writer = std::make_unique<StorageWriter>(*url, options, false);
        if (!writer->openDatabase())
            return nullptr;
        RegisterJob reg;
        reg.sn = QStringLiteral("PGT1");
        reg.wsPath = QStringLiteral("/pub/chat");
        reg.arrivalMs = 1748764800000LL;
        const QList<FinishedJob> r = runJobs(*writer, {reg});
        if (r.size() != 1 || !WriteJobs::ok(r[0].outcome))
            return nullptr;
        *terminalId = std::get<RegisterResult>(r[0].outcome).terminalId;
        return writer;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void paths_data()
    {
        QTest::addColumn<bool>("libpq");
        QTest::newRow("libpq") << true;
        QTest::newRow("qpsql") << false;
    }

    void batchStoredOnce_data() { paths_data(); }
    void batchStoredOnce()
    {
        QFETCH(bool, libpq);
        if (libpq && !TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        QString url;
        qint64 terminal = 0;
        const auto writer = openWriter(libpq, &url, &terminal);
        QVERIFY(writer);
        QCOMPARE(writer->usesPunchConnection(), libpq);

        // 59 punches, the first one twice in the same batch; a name that needs quoting; a temperature
        QList<Punch> punches;
        for (int i = 0; i < 59; ++i)
            punches.append(punch(100 + i, QStringLiteral("2025-06-01 08:%1:00").arg(i, 2, 10, QLatin1Char('0'))));
        punches[3].name = QStringLiteral("Ana \"Q\" O'Neil \\ Ünïcode, {x}");
        punches[4].temperature = 36.6;
        punches.append(punches[0]);
        const QList<FinishedJob> r = runJobs(*writer, {batch(terminal, punches)});
        QCOMPARE(r.size(), 1);
        QVERIFY2(WriteJobs::ok(r[0].outcome), qPrintable(punchResult(r[0]).error));
        QCOMPARE(punchResult(r[0]).inserted, 59);
        QCOMPARE(punchResult(r[0]).duplicates, 1);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(59));
        // each stored punch reported with the id PostgreSQL gave it
        const QList<StoredPunch> &stored = punchResult(r[0]).stored;
        QCOMPARE(stored.size(), 59);
        for (const StoredPunch &s : stored) {
            QCOMPARE(count(url, QStringLiteral("SELECT id FROM punches WHERE enroll_id = %1 AND local_time = '%2'")
                                    .arg(s.enrollId)
                                    .arg(s.localTime)),
                     s.id);
        }
        QCOMPARE(scalar(url, QStringLiteral("SELECT name FROM punches WHERE enroll_id = 103")).toString(),
                 punches[3].name);
        QVERIFY(scalar(url, QStringLiteral("SELECT name FROM punches WHERE enroll_id = 104")).isNull());
        QCOMPARE(scalar(url, QStringLiteral("SELECT temperature FROM punches WHERE enroll_id = 104")).toDouble(), 36.6);
        QVERIFY(scalar(url, QStringLiteral("SELECT temperature FROM punches WHERE enroll_id = 103")).isNull());
        QCOMPARE(count(url, QStringLiteral("SELECT utc_ms FROM punches WHERE enroll_id = 100")),
                 *devicetime::parseLocal(u"2025-06-01 08:00:00") * 1000);

        // the terminal missed the ack and sends the batch again: nothing stored twice
        const QList<FinishedJob> again = runJobs(*writer, {batch(terminal, punches)});
        QCOMPARE(again.size(), 1);
        QVERIFY(WriteJobs::ok(again[0].outcome));
        QCOMPARE(punchResult(again[0]).inserted, 0);
        QCOMPARE(punchResult(again[0]).duplicates, 60);
        QVERIFY(punchResult(again[0]).stored.isEmpty());
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(59));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_received FROM terminals WHERE sn = 'PGT1'")), qint64(120));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_stored FROM terminals WHERE sn = 'PGT1'")), qint64(59));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_duplicate FROM terminals WHERE sn = 'PGT1'")), qint64(61));
        QCOMPARE(count(url, QStringLiteral("SELECT last_seen_ms FROM terminals WHERE sn = 'PGT1'")),
                 batch(terminal, {}).receivedMs);
    }

    void mixedDrainInOrder_data() { paths_data(); }
    void mixedDrainInOrder()
    {
        // One drain: plain batches (the punch connection), a batch with a door event and a
        // terminal-seen job (the writer's connection), all stored, each result in its place.
        QFETCH(bool, libpq);
        if (libpq && !TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        QString url;
        qint64 terminal = 0;
        const auto writer = openWriter(libpq, &url, &terminal);
        QVERIFY(writer);
        PunchBatchJob withDoor = batch(terminal, {punch(7, QStringLiteral("2025-06-01 09:00:00")),
                                                  punch(0, QStringLiteral("2025-06-01 09:00:05"))});
        QVERIFY(!withDoor.plain(false));
        const PunchBatchJob first = batch(terminal, {punch(1, QStringLiteral("2025-06-01 08:00:00"))});
        const PunchBatchJob last = batch(terminal, {punch(1, QStringLiteral("2025-06-01 10:00:00")),
                                                    punch(1, QStringLiteral("2025-06-01 08:00:00"))});
        QVERIFY(first.plain(false));
        const QList<FinishedJob> r =
            runJobs(*writer, {first, withDoor, TerminalSeenJob{terminal, 1748764950000LL}, last});
        QCOMPARE(r.size(), 4);
        for (const FinishedJob &f : r)
            QVERIFY(WriteJobs::ok(f.outcome));
        QCOMPARE(punchResult(r[0]).inserted, 1);
        QCOMPARE(punchResult(r[1]).inserted, 2);
        QCOMPARE(punchResult(r[3]).inserted, 1);
        QCOMPARE(punchResult(r[3]).duplicates, 1); // the first batch's punch, committed before
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(3));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM door_events")), qint64(1));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_received FROM terminals WHERE sn = 'PGT1'")), qint64(5));
        QCOMPARE(count(url, QStringLiteral("SELECT last_seen_ms FROM terminals WHERE sn = 'PGT1'")), 1748764950000LL);
    }

    void failedTransactionsAcknowledgeNothing_data() { paths_data(); }
    void failedTransactionsAcknowledgeNothing()
    {
        QFETCH(bool, libpq);
        if (libpq && !TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        QString url;
        qint64 terminal = 0;
        const auto writer = openWriter(libpq, &url, &terminal);
        QVERIFY(writer);
        // the COMMIT fails: the batch is not acknowledged, nothing of it stays
        writer->failNextCommits(1);
        QList<FinishedJob> r = runJobs(*writer, {batch(terminal, {punch(1, QStringLiteral("2025-06-01 08:00:00"))})});
        QCOMPARE(r.size(), 1);
        QVERIFY(!WriteJobs::ok(r[0].outcome));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(0));
        QCOMPARE(count(url, QStringLiteral("SELECT punches_received FROM terminals WHERE sn = 'PGT1'")), qint64(0));

        // a constraint refuses one batch (an unknown terminal): that one fails, its neighbour is stored
        r = runJobs(*writer, {batch(terminal, {punch(1, QStringLiteral("2025-06-01 08:00:00"))}),
                              batch(terminal + 1000, {punch(2, QStringLiteral("2025-06-01 08:00:00"))})});
        QCOMPARE(r.size(), 2);
        QVERIFY(WriteJobs::ok(r[0].outcome));
        QVERIFY(!WriteJobs::ok(r[1].outcome));
        QVERIFY2(punchResult(r[1]).error.contains(QLatin1String("foreign key")), qPrintable(punchResult(r[1]).error));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches")), qint64(1));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id = 2")), qint64(0));

        if (!libpq)
            return;
        // the punch connection is cut (a restarted server, a network blip): the next batch finds
        // it gone, connects again and is stored
        QCOMPARE(count(url, QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                           " WHERE application_name = 'termdesk-punches'"
                                           " AND datname = current_database()")),
                 qint64(1));
        r = runJobs(*writer, {batch(terminal, {punch(3, QStringLiteral("2025-06-01 08:00:00"))})});
        QCOMPARE(r.size(), 1);
        QVERIFY(WriteJobs::ok(r[0].outcome));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id = 3")), qint64(1));
    }

    void writerConnectionComesBack_data() { paths_data(); }
    void writerConnectionComesBack()
    {
        // PostgreSQL restarted or the network dropped: every connection of the writer is cut. The
        // batch that finds them gone is not acknowledged; the next one connects again and is stored.
        QFETCH(bool, libpq);
        if (libpq && !TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        QString url;
        qint64 terminal = 0;
        const auto writer = openWriter(libpq, &url, &terminal);
        QVERIFY(writer);
        QSignalSpy failing(writer.get(), &StorageWriter::writesFailingChanged);
        QVERIFY(count(url, QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                          " WHERE datname = current_database() AND pid <> pg_backend_pid()")) >= 1);
        // A terminal-seen job runs on the writer's Qt connection whichever the punch path.
        TerminalSeenJob seen;
        seen.terminalId = terminal;
        seen.lastSeenMs = 1748764960000LL;
        QList<FinishedJob> r = runJobs(*writer, {seen});
        QCOMPARE(r.size(), 1);
        QVERIFY(!WriteJobs::ok(r[0].outcome));
        const QString error = std::visit([](const JobResult &j) { return j.error; }, r[0].outcome);
        QVERIFY2(error.startsWith(QLatin1String("PostgreSQL unreachable since ")), qPrintable(error));
        QVERIFY(writer->writesFailing());
        QCOMPARE(failing.size(), 1);

        r = runJobs(*writer, {seen, batch(terminal, {punch(4, QStringLiteral("2025-06-01 09:00:00"))})});
        QCOMPARE(r.size(), 2);
        QVERIFY(WriteJobs::ok(r[0].outcome));
        QVERIFY(WriteJobs::ok(r[1].outcome));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id = 4")), qint64(1));
        QVERIFY(!writer->writesFailing());
        QCOMPARE(failing.size(), 2);
        QCOMPARE(failing.at(1).at(0).toBool(), false);
    }

    void stoppedServerAcknowledgesNothing()
    {
        // Last: the cluster goes. A batch written while PostgreSQL is down is refused, not acknowledged.
        if (!TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        QString url;
        qint64 terminal = 0;
        const auto writer = openWriter(true, &url, &terminal);
        QVERIFY(writer);
        m_cluster.stop();
        const QList<FinishedJob> r =
            runJobs(*writer, {batch(terminal, {punch(1, QStringLiteral("2025-06-01 08:00:00"))})});
        QCOMPARE(r.size(), 1);
        QVERIFY(!WriteJobs::ok(r[0].outcome));
        QVERIFY(punchResult(r[0]).inserted == 0 && punchResult(r[0]).stored.isEmpty());
        QVERIFY(!punchResult(r[0]).error.isEmpty());
    }

    void cleanupTestCase() { m_cluster.stop(); }
};

QTEST_GUILESS_MAIN(TestPgPunches)
#include "tst_pgpunches.moc"
