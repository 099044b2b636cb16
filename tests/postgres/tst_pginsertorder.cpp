// SPDX-License-Identifier: GPL-3.0-or-later
// Ids visible in commit order on PostgreSQL with several writers (core/storage/insertorder.h), on a
// real PostgreSQL 15 cluster of this test's own (PgCluster). The test plays a second writer: its
// own connection takes the insert-order lock, inserts a punch (the lower id) and keeps its
// transaction open. The server's writer (StorageClient, its own thread; the libpq punch path and
// the QPSQL one) must then wait for the lock instead of committing a higher id first: the REST
// API's read after the cursor finds nothing new while it waits, and both rows, in id order, once
// the test commits. Without the lock the writer's punch would be read first and the cursor would
// pass the test's punch for good. The same for the events table (command.completed) and for
// `termdesk db copy` (DatabaseCopy) moving a single PC's punches in.
#include "api/apireads.h"
#include "pgcluster.h"
#include "storage/databasecopy.h"
#include "storage/insertorder.h"
#include "storage/storageclient.h"
#include "storage/storagewriter.h"
#include "storage/writejob.h"
#include "util/devicetime.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <optional>
#include <thread>

using namespace termdesk;
using namespace termdesk::storage;

namespace {

constexpr auto count = &PgCluster::count;

/// Writers waiting for an advisory lock: the server's writer queued behind the test's transaction.
const QString WAITING = QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");

/// A QPSQL connection of the test's own to a database URL (one of PgCluster::url()'s), closed
/// and removed when it goes: an open transaction is rolled back then, so a failed check never
/// leaves the server's writer waiting for the lock.
class Connection
{
public:
    Connection(const QString &databaseUrl, const QString &name) : m_name(name)
    {
        const QUrl url(databaseUrl);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        m_db.setHostName(url.host());
        m_db.setPort(url.port(5432));
        m_db.setUserName(url.userName());
        m_db.setDatabaseName(url.path().mid(1));
        if (!m_db.open())
            qWarning() << m_db.lastError().text();
    }
    ~Connection()
    {
        m_db.close();
        m_db = {};
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

/// The id the statement's RETURNING gave, or 0 (and a warning).
qint64 insertReturningId(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        qWarning() << sql << q.lastError().text();
        return 0;
    }
    return q.value(0).toLongLong();
}

Punch punch(qint64 enrollId, const QString &localTime)
{
    Punch p;
    p.enrollId = enrollId;
    p.localTime = localTime;
    p.localEpoch = devicetime::parseLocal(localTime);
    p.verifyMode = 1;
    return p;
}

/// The enroll ids of the punches GET /api/v1/punches?after=`after` returns, in its order, and
/// whether their ids ascend; nullopt when the read failed.
std::optional<QList<qint64>> readAfter(const QSqlDatabase &db, qint64 after, bool *ascending)
{
    api::PunchPageRequest request;
    request.after = after;
    request.limit = 100;
    api::PunchPage page;
    QString error;
    if (!api::ApiReads::punches(db, request, &page, &error)) {
        qWarning() << error;
        return std::nullopt;
    }
    QList<qint64> enrollIds;
    qint64 last = after;
    *ascending = true;
    for (const QJsonValue &v : page.data) {
        const qint64 id = v[QLatin1String("punch_id")].toInteger();
        *ascending = *ascending && id > last;
        last = id;
        enrollIds.append(v[QLatin1String("enroll_id")].toInteger());
    }
    return enrollIds;
}

} // namespace

class TestPgInsertOrder : public QObject
{
    Q_OBJECT

    PgCluster m_cluster;
    int m_connections = 0;

    struct Server
    {
        QString url;
        std::unique_ptr<StorageClient> storage;
        qint64 terminalId = 0;
    };

    /// A fresh database (`sqliteFile`, or else on the cluster), the server's writer on it (libpq
    /// punch path or not) and terminal PGT1.
    bool openServer(bool libpq, Server *server, const QString &sqliteFile = {})
    {
        QString error;
        server->url = sqliteFile.isEmpty() ? m_cluster.freshDatabase(&error) : sqliteFile;
        if (server->url.isEmpty()) {
            qWarning() << error;
            return false;
        }
        OpenOptions options;
        options.postgresLibpq = libpq;
        server->storage = std::make_unique<StorageClient>(server->url, options, false);
        if (!server->storage->start(&error)) {
            qWarning() << error;
            return false;
        }
        if (server->storage->writer()->usesPunchConnection() != (libpq && sqliteFile.isEmpty()))
            return false;
        RegisterJob reg;
        reg.sn = QStringLiteral("PGT1");
        reg.wsPath = QStringLiteral("/pub/chat");
        reg.arrivalMs = 1748764800000LL;
        std::optional<RegisterResult> registered;
        server->storage->submit(reg, [&](const RegisterResult &r) { registered = r; });
        if (!QTest::qWaitFor([&] { return registered.has_value(); }, 30000) || !registered->ok)
            return false;
        server->terminalId = registered->terminalId;
        return true;
    }

    /// The server stores one punch of `enrollId`; its result lands in `result` once committed.
    void submitPunch(Server &server, qint64 enrollId, std::optional<PunchBatchResult> *result)
    {
        PunchBatchJob job;
        job.terminalId = server.terminalId;
        job.sn = QStringLiteral("PGT1");
        job.utcOffsetMin = 0;
        job.punches = {punch(enrollId, QStringLiteral("2025-06-01 08:00:00"))};
        job.receivedMs = 1748764900000LL;
        server.storage->submit(job, [result](const PunchBatchResult &r) { *result = r; });
    }

    QString nextConnectionName() { return QStringLiteral("insertorder-%1").arg(++m_connections); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void punchIdsVisibleInOrder_data()
    {
        QTest::addColumn<bool>("libpq");
        QTest::newRow("libpq") << true;
        QTest::newRow("qpsql") << false;
    }

    void punchIdsVisibleInOrder()
    {
        QFETCH(bool, libpq);
        if (libpq && !TERMDESK_LIBPQ)
            QSKIP("built without TERMDESK_LIBPQ");
        Server server;
        QVERIFY(openServer(libpq, &server));

        // A first punch, committed, read: the reader's cursor is its id.
        std::optional<PunchBatchResult> first;
        submitPunch(server, 1, &first);
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 30000);
        QVERIFY2(first->ok, qPrintable(first->error));
        {
            Connection readerConnection(server.url, nextConnectionName());
            QSqlDatabase &reader = readerConnection.db();
            QVERIFY(reader.isOpen());
            bool ascending = false;
            std::optional<QList<qint64>> seen = readAfter(reader, 0, &ascending);
            QVERIFY(seen);
            QCOMPARE(*seen, QList<qint64>{1});
            const qint64 cursor = count(server.url, QStringLiteral("SELECT max(id) FROM punches"));
            QVERIFY(cursor > 0);

            // Another writer (the test) draws the next id and has not committed yet.
            Connection otherConnection(server.url, nextConnectionName());
            QSqlDatabase &other = otherConnection.db();
            QVERIFY(other.isOpen());
            QVERIFY(other.transaction());
            QString error;
            QVERIFY2(lockInsertOrder(other, &error), qPrintable(error));
            const qint64 otherId =
                insertReturningId(other, QStringLiteral("INSERT INTO punches (terminal_id, enroll_id, local_time,"
                                                        " verify_mode, in_out, event, utc_ms, utc_offset_min,"
                                                        " received_ms, flags) VALUES (%1, 2, '2025-06-01 08:00:01',"
                                                        " 1, 0, 0, 1748764801000, 0, 1748764900000, 0) RETURNING id")
                                             .arg(server.terminalId));
            QVERIFY(otherId > cursor);

            // The server stores a punch meanwhile: it waits for the lock (or, without it, commits
            // a higher id first).
            std::optional<PunchBatchResult> mine;
            submitPunch(server, 3, &mine);
            QTRY_VERIFY_WITH_TIMEOUT(count(server.url, WAITING) == 1 || mine.has_value(), 30000);
            seen = readAfter(reader, cursor, &ascending);
            QVERIFY(seen);
            QVERIFY2(seen->isEmpty(), "a punch is visible after the cursor while a lower id is not committed yet");
            QCOMPARE(count(server.url, WAITING), qint64(1));
            QVERIFY(!mine.has_value()); // nothing acknowledged to the terminal yet

            QVERIFY(other.commit());
            QTRY_VERIFY_WITH_TIMEOUT(mine.has_value(), 30000);
            QVERIFY2(mine->ok, qPrintable(mine->error));
            QCOMPARE(mine->inserted, 1);
            QCOMPARE(count(server.url, WAITING), qint64(0));

            // Both, in id order, after the old cursor.
            seen = readAfter(reader, cursor, &ascending);
            QVERIFY(seen);
            QCOMPARE(*seen, (QList<qint64>{2, 3}));
            QVERIFY(ascending);
            QCOMPARE(count(server.url, QStringLiteral("SELECT id FROM punches WHERE enroll_id = 2")), otherId);
        }
        server.storage->stop();
    }

    void eventIdsVisibleInOrder()
    {
        // command.completed goes into events in the transaction that finishes the command.
        Server server;
        QVERIFY(openServer(false, &server));
        const qint64 command = count(
            server.url, QStringLiteral("INSERT INTO commands (terminal_sn, protocol, kind, payload, state, created_ms,"
                                       " updated_ms, sent_ms) VALUES ('PGT1', 'ws', 'reboot', '{}', 'sent', 1, 1, 1)"
                                       " RETURNING id"));
        QVERIFY(command > 0);
        {
            Connection otherConnection(server.url, nextConnectionName());
            QSqlDatabase &other = otherConnection.db();
            QVERIFY(other.isOpen());
            QVERIFY(other.transaction());
            QString error;
            QVERIFY2(lockInsertOrder(other, &error), qPrintable(error));
            const qint64 otherId = insertReturningId(
                other, QStringLiteral("INSERT INTO events (type, at_ms, data) VALUES ('command.completed', 1, '{}')"
                                      " RETURNING id"));
            QVERIFY(otherId > 0);

            CompleteCommandJob done;
            done.id = command;
            done.state = CommandState::Failed;
            done.reason = QStringLiteral("refused");
            done.nowMs = 1748764900000LL;
            std::optional<JobResult> result;
            server.storage->submit(done, [&](const JobResult &r) { result = r; });
            QTRY_VERIFY_WITH_TIMEOUT(count(server.url, WAITING) == 1 || result.has_value(), 30000);
            // the webhook dispatcher's read of the events after its cursor (0)
            QCOMPARE(count(server.url, QStringLiteral("SELECT count(*) FROM events WHERE id > 0")), qint64(0));
            QCOMPARE(count(server.url, WAITING), qint64(1));
            QVERIFY(!result.has_value());

            QVERIFY(other.commit());
            QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
            QVERIFY2(result->ok, qPrintable(result->error));
            QCOMPARE(count(server.url, QStringLiteral("SELECT count(*) FROM events WHERE id > 0")), qint64(2));
            QVERIFY(count(server.url, QStringLiteral("SELECT max(id) FROM events WHERE data <> '{}'")) > otherId);
        }
        server.storage->stop();
    }

    void dbCopyWaitsItsTurn()
    {
        // `termdesk db copy` moves a single PC's punches in beside another writer.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("termdesk.sqlite"));
        {
            Server single;
            QVERIFY(openServer(false, &single, file));
            std::optional<PunchBatchResult> stored;
            submitPunch(single, 4, &stored);
            QTRY_VERIFY_WITH_TIMEOUT(stored.has_value() && stored->ok && stored->inserted == 1, 30000);
            single.storage->stop();
        }
        Server server;
        QVERIFY(openServer(false, &server));
        Connection readerConnection(server.url, nextConnectionName());
        QVERIFY(readerConnection.db().isOpen());
        Connection otherConnection(server.url, nextConnectionName());
        QSqlDatabase &other = otherConnection.db();
        QVERIFY(other.isOpen());
        QVERIFY(other.transaction());
        QString error;
        QVERIFY2(lockInsertOrder(other, &error), qPrintable(error));
        QVERIFY(insertReturningId(other, QStringLiteral("INSERT INTO punches (terminal_id, enroll_id, local_time,"
                                                        " verify_mode, in_out, event, utc_ms, utc_offset_min,"
                                                        " received_ms, flags) VALUES (%1, 2, '2025-06-01 08:00:01',"
                                                        " 1, 0, 0, 1748764801000, 0, 1748764900000, 0) RETURNING id")
                                             .arg(server.terminalId)) > 0);

        // The copy runs in a thread of its own (a connection belongs to the thread that opened it).
        CopyReport report;
        std::atomic<bool> copied{false};
        const QString fromName = nextConnectionName(), toName = nextConnectionName();
        std::thread copier([&] {
            {
                QSqlDatabase from = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), fromName);
                from.setDatabaseName(file);
                Connection to(server.url, toName);
                if (from.open())
                    report = DatabaseCopy::run(from, to.db(), QStringLiteral("test-source"));
                else
                    report.error = from.lastError().text();
            }
            QSqlDatabase::removeDatabase(fromName);
            copied = true;
        });
        bool open = true;
        const auto join = qScopeGuard([&] {
            if (open)
                other.rollback(); // a failed check must not leave the copy waiting
            copier.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(count(server.url, WAITING) == 1 || copied, 30000);
        bool ascending = false;
        std::optional<QList<qint64>> seen = readAfter(readerConnection.db(), 0, &ascending);
        QVERIFY(seen);
        QVERIFY2(seen->isEmpty(), "a copied punch is visible while a lower id is not committed yet");
        QCOMPARE(count(server.url, WAITING), qint64(1));

        QVERIFY(other.commit());
        open = false;
        QTRY_VERIFY_WITH_TIMEOUT(copied.load(), 30000);
        QVERIFY2(report.ok, qPrintable(report.error));
        seen = readAfter(readerConnection.db(), 0, &ascending);
        QVERIFY(seen);
        QCOMPARE(*seen, (QList<qint64>{2, 4}));
        QVERIFY(ascending);
        server.storage->stop();
    }

    void sqliteTakesNothing()
    {
        // SQLite has one writer: the call does nothing there, inside a transaction or not.
        const QString name = nextConnectionName();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QStringLiteral(":memory:"));
            QVERIFY(db.open());
            QVERIFY(db.transaction());
            QString error;
            QVERIFY2(lockInsertOrder(db, &error), qPrintable(error)); // PostgreSQL's function would fail here
            QVERIFY(error.isEmpty());
            QVERIFY(db.commit());
        }
        QSqlDatabase::removeDatabase(name);
    }

    void cleanupTestCase() { m_cluster.stop(); }
};

QTEST_GUILESS_MAIN(TestPgInsertOrder)
#include "tst_pginsertorder.moc"
