// SPDX-License-Identifier: GPL-3.0-or-later
// Database, schema and the storage writer on real SQLite files (protocol page Part 1
// "Registration", "Device pushes", "Data"). Results are checked with a plain SQLite
// connection of the test's own, never through the code under test.
#include "net/admission.h"
#include "settings/engineconfig.h"
#include "storage/database.h"
#include "storage/schema.h"
#include "storage/sqlitelibrary.h"
#include "storage/storageclient.h"
#include "storage/storagewriter.h"
#include "storage/walcheckpointer.h"
#include "util/devicetime.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

using namespace termdesk;
using namespace termdesk::storage;

Q_DECLARE_METATYPE(termdesk::AdmissionPolicy)

namespace {

// 2025-06-01T00:00:00Z.
constexpr qint64 JUNE_1_UTC_MS = 1748736000000LL;

const QString WAITING = QStringLiteral("waiting for approval");
const QString CLOSED = QStringLiteral("not on the list");
const QString BLOCKED = QStringLiteral("blocked by the operator");

/// The writer's punch path these tests run on: SQLite's C API where the build has it, or
/// QSqlQuery when TERMDESK_TEST_SQLITE_C_API=0 (ctest runs the file both ways, tst_storage and
/// tst_storage_qsqlquery).
bool wantSqliteCApi()
{
    return qEnvironmentVariable("TERMDESK_TEST_SQLITE_C_API") != QLatin1String("0");
}

OpenOptions fastOptions()
{
    OpenOptions o;
    o.synchronous = QStringLiteral("NORMAL");
    o.sqliteCApi = wantSqliteCApi();
    return o;
}

/// The test's own connection to a database file (plain QSQLITE, no migration).
class Peek
{
public:
    explicit Peek(const QString &file) : m_name(QStringLiteral("peek-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open())
            qWarning("peek: %s", qPrintable(db.lastError().text()));
    }
    ~Peek()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(Peek)

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    /// First column of the first row; an invalid QVariant when there is no row.
    QVariant scalar(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q(db());
        if (!q.prepare(sql)) {
            qWarning("peek prepare: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return {};
        }
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            qWarning("peek exec: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return {};
        }
        return q.next() ? q.value(0) : QVariant();
    }

    qint64 count(const QString &table) const
    {
        return scalar(QStringLiteral("SELECT count(*) FROM ") + table).toLongLong();
    }

    bool exec(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q(db());
        if (!q.prepare(sql)) {
            qWarning("peek prepare: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return false;
        }
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            qWarning("peek exec: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }

    bool hasTable(const QString &name) const
    {
        return scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?"), {name})
                   .toInt() == 1;
    }

private:
    static inline int s_counter = 0;
    const QString m_name;
};

/// A job's result, filled by its callback (shared so a late callback never writes a dead frame).
/// `Result` is the job's own result type, or JobResult where only ok / error are read.
template <typename Result = JobResult> class Pending
{
public:
    std::function<void(const Result &)> callback()
    {
        auto slot = m_result;
        auto thread = m_thread;
        return [slot, thread](const Result &r) {
            *slot = r;
            *thread = QThread::currentThread();
        };
    }
    bool done() const { return m_result->has_value(); }
    const Result &result() const { return **m_result; }
    QThread *thread() const { return *m_thread; }

private:
    std::shared_ptr<std::optional<Result>> m_result = std::make_shared<std::optional<Result>>();
    std::shared_ptr<QThread *> m_thread = std::make_shared<QThread *>(nullptr);
};

RegisterJob registerJob(const QString &sn, AdmissionPolicy policy, qint64 arrivalMs = JUNE_1_UTC_MS)
{
    RegisterJob j;
    j.sn = sn;
    j.protocol = Protocol::WebSocket;
    j.wsPath = QStringLiteral("/pub/chat");
    j.peer = QStringLiteral("192.168.1.20:50123");
    j.arrivalMs = arrivalMs;
    j.policy = policy;
    return j;
}

Punch punch(qint64 enrollId, const QString &localTime, int mode = 1, int inOut = 0, int event = 0)
{
    Punch p;
    p.enrollId = enrollId;
    p.localTime = localTime;
    p.verifyMode = mode;
    p.inOut = inOut;
    p.event = event;
    return p;
}

} // namespace

class TestStorage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // Database / Schema
    void openCreatesSchema();
    void checkpointerCopiesTheLogAndStartsItAgain();
    void beginWriteHoldsTheWriteLockFromTheStart();
    void reopenIsIdempotent();
    void refusesNewerSchema();
    void readOnlyMissingFileFails();
    void readOnlyOpen();
    void readOnlyRefusesOldSchema();
    void forwardMigration_data();
    void forwardMigration();
    // StorageClient / StorageWriter
    void punchPathIsTheOneAsked();
    void startFailsOnNewerSchema();
    void registerAdmission_data();
    void registerAdmission();
    void registerStoresDevinfo();
    void clockDriftServerZone_data();
    void clockDriftServerZone();
    void clockDriftTerminalOffset();
    void clockDriftAbsent_data();
    void clockDriftAbsent();
    void punchesStoredOnceWithUtc();
    void punchDeduplicationKey_data();
    void punchDeduplicationKey();
    void punchUtcInServerZone();
    void punchTextStoredExactly();
    void headlessBatchStoresAsTheLiveOne();
    void doorEventsKeptApart();
    void quarantineKept();
    void punchPhotos_data();
    void punchPhotos();
    void purgePhotosKeepsThePunches();
    void credentials();
    void credentialWithoutName_data();
    void credentialWithoutName();
    void terminalEnabledFlagWhenSaid();
    void walIsCheckpointedOffTheWriter();
    void failedCommitStoresNothing();
    void burstIsFullyReported();
    void lastSeenNeverGoesBack();
    void stopFlushesAndLaterSubmitsFail();
};

void TestStorage::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("termdesk.storage.info=false"));
    // As main() does, before any database opens: SQLite takes it now and refuses it once a
    // database is open (openCreatesSchema checks that).
    QCOMPARE(configureSqliteLibrary(), nativeSqliteBuild());
}

// ============================================================================ Database / Schema

void TestStorage::beginWriteHoldsTheWriteLockFromTheStart()
{
    // The command line and the console write beside the server's writer. A transaction that
    // reads, then writes after the other connection committed, is refused at once by SQLite
    // (its snapshot is stale; waiting cannot help). beginWrite() takes the lock first instead.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    OpenOptions quick;
    quick.busyTimeoutMs = 50;
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("t-tool"), OpenOptions{}, &error), qPrintable(error));
    QVERIFY2(Database::open(file, QStringLiteral("t-server"), quick, &error), qPrintable(error));
    QSqlDatabase tool = Database::get(QStringLiteral("t-tool"));
    QSqlDatabase server = Database::get(QStringLiteral("t-server"));
    const QString insert = QStringLiteral("INSERT INTO audit (at_ms, actor, action) VALUES (1, 'x', 'y')");
    {
        QSqlQuery t(tool);
        QSqlQuery s(server);
        // A plain BEGIN: read, the other side commits, then the write is refused.
        QVERIFY(tool.transaction());
        QVERIFY(t.exec(QStringLiteral("SELECT count(*) FROM audit")) && t.next());
        t.finish();
        QVERIFY(s.exec(insert));
        QVERIFY(!t.exec(insert));
        QVERIFY2(t.lastError().text().contains(QStringLiteral("locked")), qPrintable(t.lastError().text()));
        QVERIFY(tool.rollback());

        // beginWrite: the other side waits for the lock (and gives up after its 50 ms here).
        QVERIFY2(Database::beginWrite(tool, &error), qPrintable(error));
        QVERIFY(t.exec(QStringLiteral("SELECT count(*) FROM audit")) && t.next());
        t.finish();
        QVERIFY(!s.exec(insert));
        QVERIFY2(t.exec(insert), qPrintable(t.lastError().text()));
        QVERIFY(tool.commit());
        QVERIFY2(s.exec(insert), qPrintable(s.lastError().text()));
        QVERIFY(t.exec(QStringLiteral("SELECT count(*) FROM audit")) && t.next());
        QCOMPARE(t.value(0).toInt(), 3);
    }
    tool = QSqlDatabase();
    server = QSqlDatabase();
    Database::close(QStringLiteral("t-tool"));
    Database::close(QStringLiteral("t-server"));
}

void TestStorage::checkpointerCopiesTheLogAndStartsItAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    const QString conn = QStringLiteral("t-ckpt");
    QString error;
    QVERIFY2(Database::open(file, conn, fastOptions(), &error), qPrintable(error));
    QSqlDatabase db = Database::get(conn);
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0"))); // only the checkpointer copies
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")));

    // Many small commits, as the writer makes them: each adds at least one frame to the log.
    // (The checkpointer starts after them, so that no restart happens half-way.)
    const QString text(200, u'x');
    for (int i = 0; i < WalCheckpointer::RESTART_FRAMES + 200; ++i) {
        QVERIFY(db.transaction());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t (v) VALUES ('%1')").arg(text)));
        QVERIFY(db.commit());
    }
    const qint64 walBytes = QFileInfo(file + QStringLiteral("-wal")).size();
    QVERIFY2(walBytes > qint64(WalCheckpointer::RESTART_FRAMES) * 4096, qPrintable(QString::number(walBytes)));
    WalCheckpointer checkpointer(file, QStringLiteral("NORMAL"), 10);
    checkpointer.start();
    // The writer is idle: a pass copies everything and the log may start again.
    QTRY_VERIFY_WITH_TIMEOUT(checkpointer.restarts() > 0, 10000);
    QVERIFY(checkpointer.checkpoints() > 0);
    QVERIFY(checkpointer.lastCopiedFrames() > 0);
    // The next commits write the log from its beginning: the file does not grow.
    for (int i = 0; i < 20; ++i)
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t (v) VALUES ('%1')").arg(text)));
    QCOMPARE(QFileInfo(file + QStringLiteral("-wal")).size(), walBytes);
    // A pass now finds only the frames of those 20 commits (a page or two each), not the 1 200 before.
    QTRY_VERIFY_WITH_TIMEOUT(checkpointer.lastWalFrames() > 0 && checkpointer.lastWalFrames() < 200, 10000);
    checkpointer.stop();
    QCOMPARE(Peek(file).scalar(QStringLiteral("SELECT count(*) FROM t")).toInt(),
             WalCheckpointer::RESTART_FRAMES + 220);
    q.finish();
    q = QSqlQuery();
    db = QSqlDatabase();
    Database::close(conn);
}

void TestStorage::openCreatesSchema()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    const QString conn = QStringLiteral("t-open");
    QString error;
    QVERIFY2(Database::open(file, conn, OpenOptions{}, &error), qPrintable(error));
    QVERIFY(!configureSqliteLibrary()); // too late once a database is open: SQLite refuses, nothing changes
    {
        QSqlDatabase db = Database::get(conn);
        QVERIFY(db.isOpen());
        QVERIFY(Schema::latestVersion() >= 1);
        QCOMPARE(Schema::version(db), Schema::latestVersion());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    Database::close(conn);
    QVERIFY(!QSqlDatabase::contains(conn));

    QVERIFY(QFileInfo::exists(file));
    Peek peek(file);
    QCOMPARE(peek.scalar(QStringLiteral("PRAGMA journal_mode")).toString().toLower(), QStringLiteral("wal"));
    for (const char *table : {"schema_version", "terminals", "users", "credentials", "terminal_users", "punches",
                              "punch_photos", "door_events", "quarantine"})
        QVERIFY2(peek.hasTable(QString::fromLatin1(table)), table);
}

void TestStorage::reopenIsIdempotent()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("t-reopen"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("t-reopen"));
    {
        Peek peek(file);
        QVERIFY(peek.exec(QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                                         " VALUES ('ZX1', 'ws', 'approved', 1, 1)")));
    }
    for (int i = 0; i < 2; ++i) {
        QVERIFY2(Database::open(file, QStringLiteral("t-reopen"), OpenOptions{}, &error), qPrintable(error));
        QCOMPARE(Schema::version(Database::get(QStringLiteral("t-reopen"))), Schema::latestVersion());
        Database::close(QStringLiteral("t-reopen"));
    }
    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("schema_version")), qint64(Schema::latestVersion())); // one row per step
    QCOMPARE(peek.count(QStringLiteral("terminals")), qint64(1));                            // data kept
}

void TestStorage::refusesNewerSchema()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("t-newer"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("t-newer"));
    const int future = Schema::latestVersion() + 1;
    {
        Peek peek(file);
        QVERIFY(peek.exec(QStringLiteral("INSERT INTO schema_version (version, applied_ms) VALUES (?, 0)"), {future}));
    }

    error.clear();
    QVERIFY(!Database::open(file, QStringLiteral("t-newer"), OpenOptions{}, &error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("t-newer")));

    OpenOptions ro;
    ro.readOnly = true;
    error.clear();
    QVERIFY(!Database::open(file, QStringLiteral("t-newer-ro"), ro, &error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("t-newer-ro")));

    Peek peek(file);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT max(version) FROM schema_version")).toInt(), future); // untouched
}

void TestStorage::readOnlyMissingFileFails()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("missing.db"));
    OpenOptions ro;
    ro.readOnly = true;
    QString error;
    QVERIFY(!Database::open(file, QStringLiteral("t-missing"), ro, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("t-missing")));
    QVERIFY2(!QFileInfo::exists(file), "a read-only open must not create the file");
}

void TestStorage::readOnlyOpen()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("t-rw"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("t-rw"));

    OpenOptions ro;
    ro.readOnly = true;
    QVERIFY2(Database::open(file, QStringLiteral("t-ro"), ro, &error), qPrintable(error));
    {
        QSqlQuery q(Database::get(QStringLiteral("t-ro")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM terminals")));
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                                       " VALUES ('ZX1', 'ws', 'approved', 1, 1)")));
    }
    Database::close(QStringLiteral("t-ro"));
}

void TestStorage::readOnlyRefusesOldSchema()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("old.db"));
    {
        Peek peek(file); // an SQLite file without our schema: version 0
        QVERIFY(peek.exec(QStringLiteral("CREATE TABLE something (x INTEGER)")));
    }
    OpenOptions ro;
    ro.readOnly = true;
    QString error;
    QVERIFY(!Database::open(file, QStringLiteral("t-old-ro"), ro, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("t-old-ro")));
    Peek peek(file);
    QVERIFY2(!peek.hasTable(QStringLiteral("schema_version")), "read-only must not migrate");
}

void TestStorage::forwardMigration_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v <= Schema::latestVersion(); ++v)
        QTest::newRow(qPrintable(QStringLiteral("from %1").arg(v))) << v;
}

void TestStorage::forwardMigration()
{
    QFETCH(int, from);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("old.db"));
    Peek peek(file);
    QSqlDatabase db = peek.db();
    QString error;

    QCOMPARE(Schema::version(db), 0);
    QVERIFY2(Schema::migrateTo(db, from, &error), qPrintable(error));
    QCOMPARE(Schema::version(db), from);
    QCOMPARE(peek.hasTable(QStringLiteral("terminals")), from >= 1);

    QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
    QCOMPARE(Schema::version(db), Schema::latestVersion());
    QVERIFY(peek.hasTable(QStringLiteral("terminals")));
    QVERIFY(peek.hasTable(QStringLiteral("punches")));
    QCOMPARE(peek.count(QStringLiteral("schema_version")), qint64(Schema::latestVersion()));

    QVERIFY2(Schema::migrate(db, &error), qPrintable(error)); // nothing left to do
    QCOMPARE(peek.count(QStringLiteral("schema_version")), qint64(Schema::latestVersion()));

    // A newer database is refused by migrate() as well.
    QVERIFY(peek.exec(QStringLiteral("INSERT INTO schema_version (version, applied_ms) VALUES (?, 0)"),
                      {Schema::latestVersion() + 1}));
    error.clear();
    QVERIFY(!Schema::migrate(db, &error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
}

// ============================================================================ StorageClient / StorageWriter

void TestStorage::punchPathIsTheOneAsked()
{
    // Both punch paths are tested: the C API one wherever the build allows it, QSqlQuery when
    // asked (and in builds without TERMDESK_NATIVE_SQLITE, e.g. Windows).
    QTemporaryDir dir;
    StorageClient client(dir.filePath(QStringLiteral("termdesk.db")), fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    QCOMPARE(client.writer()->usesSqliteCApi(), wantSqliteCApi() && nativeSqliteBuild());
    qInfo("punch path: %s", client.writer()->usesSqliteCApi() ? "SQLite C API" : "QSqlQuery");
}

void TestStorage::startFailsOnNewerSchema()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("t-prep"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("t-prep"));
    {
        Peek peek(file);
        QVERIFY(peek.exec(QStringLiteral("INSERT INTO schema_version (version, applied_ms) VALUES (?, 0)"),
                          {Schema::latestVersion() + 1}));
    }
    StorageClient client(file, fastOptions(), false);
    error.clear();
    QVERIFY(!client.start(&error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));

    Pending p; // submitting to a client that never started fails at once
    client.submit(TerminalSeenJob{1, 1}, p.callback());
    QVERIFY(p.done());
    QVERIFY(!p.result().ok);
}

void TestStorage::registerAdmission_data()
{
    QTest::addColumn<QString>("existing"); // admission of an existing row; empty = unknown SN
    QTest::addColumn<AdmissionPolicy>("policy");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("rowAdmission"); // empty = no row at all

    const AdmissionPolicy open = AdmissionPolicy::Open;
    const AdmissionPolicy approval = AdmissionPolicy::Approval;
    const AdmissionPolicy closed = AdmissionPolicy::Closed;
    const QString approved = QStringLiteral("approved");
    const QString pending = QStringLiteral("pending");
    const QString blocked = QStringLiteral("blocked");

    QTest::newRow("new SN, open") << QString() << open << true << QString() << approved;
    QTest::newRow("new SN, approval") << QString() << approval << false << WAITING << pending;
    QTest::newRow("new SN, closed") << QString() << closed << false << CLOSED << QString();
    QTest::newRow("approved, open") << approved << open << true << QString() << approved;
    QTest::newRow("approved, approval") << approved << approval << true << QString() << approved;
    QTest::newRow("approved, closed") << approved << closed << true << QString() << approved;
    QTest::newRow("pending, open -> approved") << pending << open << true << QString() << approved;
    QTest::newRow("pending, approval") << pending << approval << false << WAITING << pending;
    QTest::newRow("blocked, open") << blocked << open << false << BLOCKED << blocked;
    QTest::newRow("blocked, approval") << blocked << approval << false << BLOCKED << blocked;
    QTest::newRow("blocked, closed") << blocked << closed << false << BLOCKED << blocked;
}

void TestStorage::registerAdmission()
{
    QFETCH(QString, existing);
    QFETCH(AdmissionPolicy, policy);
    QFETCH(bool, accepted);
    QFETCH(QString, reason);
    QFETCH(QString, rowAdmission);

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Peek peek(file);
    const QString sn = QStringLiteral("ZX12345678");

    qint64 existingId = 0;
    if (!existing.isEmpty()) {
        Pending<RegisterResult> first;
        client.submit(registerJob(sn, AdmissionPolicy::Open, JUNE_1_UTC_MS - 60'000), first.callback());
        QTRY_VERIFY(first.done());
        QVERIFY(first.result().ok);
        existingId = first.result().terminalId;
        QVERIFY(peek.exec(QStringLiteral("UPDATE terminals SET admission = ? WHERE sn = ?"), {existing, sn}));
    }

    Pending<RegisterResult> p;
    client.submit(registerJob(sn, policy), p.callback());
    QTRY_VERIFY(p.done());
    const RegisterResult &o = p.result();
    QVERIFY2(o.ok, qPrintable(o.error));
    // Storage records and returns the admission; the decision and its text come from above it.
    EngineConfig texts;
    texts.refusalReason = WAITING;
    texts.closedReason = CLOSED;
    texts.blockedReason = BLOCKED;
    const net::AdmissionVerdict verdict = net::decideAdmission(o, texts);
    QCOMPARE(verdict.accepted, accepted);
    QCOMPARE(verdict.reason, reason);
    QCOMPARE(o.stored, !rowAdmission.isEmpty());
    QCOMPARE(o.isNew, existing.isEmpty() && !rowAdmission.isEmpty());

    if (rowAdmission.isEmpty()) {
        QCOMPARE(o.terminalId, qint64(0));
        QCOMPARE(peek.count(QStringLiteral("terminals")), qint64(0));
        return;
    }
    QVERIFY(o.terminalId > 0);
    if (existingId)
        QCOMPARE(o.terminalId, existingId);
    QCOMPARE(QString(name(o.admission)), rowAdmission);
    QCOMPARE(peek.count(QStringLiteral("terminals")), qint64(1));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT admission FROM terminals WHERE sn = ?"), {sn}).toString(),
             rowAdmission);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT id FROM terminals WHERE sn = ?"), {sn}).toLongLong(), o.terminalId);
    // The refusal's text is recorded by its own job (the session submits it after deciding); an
    // accepted registration clears it.
    QVERIFY(peek.scalar(QStringLiteral("SELECT last_refusal FROM terminals WHERE sn = ?"), {sn}).isNull());
    if (!accepted) {
        Pending noted;
        client.submit(TerminalRefusalJob{o.terminalId, reason}, noted.callback());
        QTRY_VERIFY(noted.done());
        QVERIFY(noted.result().ok);
        QCOMPARE(peek.scalar(QStringLiteral("SELECT last_refusal FROM terminals WHERE sn = ?"), {sn}).toString(),
                 reason);
        QVERIFY(peek.exec(QStringLiteral("UPDATE terminals SET admission = 'approved' WHERE sn = ?"), {sn}));
        Pending again;
        client.submit(registerJob(sn, policy), again.callback());
        QTRY_VERIFY(again.done());
        QVERIFY(again.result().ok);
        QVERIFY(peek.scalar(QStringLiteral("SELECT last_refusal FROM terminals WHERE sn = ?"), {sn}).isNull());
    }
    QCOMPARE(peek.scalar(QStringLiteral("SELECT last_seen_ms FROM terminals WHERE sn = ?"), {sn}).toLongLong(),
             JUNE_1_UTC_MS);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT ws_path FROM terminals WHERE sn = ?"), {sn}).toString(),
             QStringLiteral("/pub/chat"));
}

void TestStorage::registerStoresDevinfo()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Peek peek(file);

    RegisterJob job = registerJob(QStringLiteral("ZX12345678"), AdmissionPolicy::Open);
    TerminalInfo &i = job.info;
    i.model = QStringLiteral("tfs30");
    i.firmware = QStringLiteral("th600w v6.1");
    i.cpuSerial = QStringLiteral("123456789");
    i.mac = QStringLiteral("00-01-A9-01-00-01");
    i.fpAlgorithm = QStringLiteral("thbio3.0");
    i.deviceTime = QStringLiteral("2016-03-25 13:49:30");
    i.userCapacity = 3000;
    i.usersUsed = 1000;
    i.fpCapacity = 3001;
    i.fpsUsed = 1001;
    i.faceCapacity = 500;
    i.facesUsed = 12;
    i.palmCapacity = 0;
    i.palmsUsed = 0;
    i.cardCapacity = 3002;
    i.cardsUsed = 2000;
    i.pwdCapacity = 3003;
    i.pwdsUsed = 400;
    i.logCapacity = 100000;
    i.logsUsed = 99999;
    i.newLogs = 5000;
    i.batteryPercent = 87;
    i.rawJson = R"({"modelname":"tfs30","curip":"192.168.000.001"})";
    Pending<RegisterResult> p;
    client.submit(job, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));
    const qint64 id = p.result().terminalId;

    QSqlQuery q(peek.db());
    QVERIFY(q.prepare(QStringLiteral(
        "SELECT protocol, model, firmware, cpusn, mac, fpalgo, user_capacity, users_used, fp_capacity, fps_used,"
        " face_capacity, faces_used, palm_capacity, palms_used, card_capacity, cards_used, pwd_capacity, pwds_used,"
        " log_capacity, logs_used, new_logs, battery_percent, devinfo_json, device_time, ws_path, peer_address,"
        " first_seen_ms FROM terminals WHERE id = ?")));
    q.addBindValue(id);
    QVERIFY(q.exec());
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ws"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("tfs30"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("th600w v6.1"));
    QCOMPARE(q.value(3).toString(), QStringLiteral("123456789"));
    QCOMPARE(q.value(4).toString(), QStringLiteral("00-01-A9-01-00-01"));
    QCOMPARE(q.value(5).toString(), QStringLiteral("thbio3.0"));
    const qint64 numbers[] = {3000, 1000, 3001, 1001, 500, 12, 0, 0, 3002, 2000, 3003, 400, 100000, 99999, 5000, 87};
    for (int c = 0; c < 16; ++c) {
        QVERIFY2(!q.value(6 + c).isNull(), qPrintable(QStringLiteral("column %1").arg(6 + c)));
        QCOMPARE(q.value(6 + c).toLongLong(), numbers[c]);
    }
    QCOMPARE(q.value(22).toString(), QStringLiteral(R"({"modelname":"tfs30","curip":"192.168.000.001"})"));
    QCOMPARE(q.value(23).toString(), QStringLiteral("2016-03-25 13:49:30"));
    QCOMPARE(q.value(24).toString(), QStringLiteral("/pub/chat"));
    QCOMPARE(q.value(25).toString(), QStringLiteral("192.168.1.20:50123"));
    QCOMPARE(q.value(26).toLongLong(), JUNE_1_UTC_MS);
    q.finish();

    // A later reg with only the sn (and a new firmware) keeps what we already know.
    RegisterJob again = registerJob(QStringLiteral("ZX12345678"), AdmissionPolicy::Open, JUNE_1_UTC_MS + 1000);
    again.info.firmware = QStringLiteral("th600w v6.2");
    Pending<RegisterResult> p2;
    client.submit(again, p2.callback());
    QTRY_VERIFY(p2.done());
    QVERIFY2(p2.result().ok, qPrintable(p2.result().error));
    QCOMPARE(p2.result().terminalId, id);
    QVERIFY(!p2.result().isNew);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT firmware FROM terminals WHERE id = ?"), {id}).toString(),
             QStringLiteral("th600w v6.2"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT model FROM terminals WHERE id = ?"), {id}).toString(),
             QStringLiteral("tfs30"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT user_capacity FROM terminals WHERE id = ?"), {id}).toLongLong(),
             qint64(3000));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT first_seen_ms FROM terminals WHERE id = ?"), {id}).toLongLong(),
             JUNE_1_UTC_MS);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT last_seen_ms FROM terminals WHERE id = ?"), {id}).toLongLong(),
             JUNE_1_UTC_MS + 1000);
}

void TestStorage::clockDriftServerZone_data()
{
    QTest::addColumn<int>("aheadSeconds");
    QTest::newRow("600 s ahead") << 600;
    QTest::newRow("one hour behind") << -3600;
    QTest::newRow("in sync") << 0;
}

void TestStorage::clockDriftServerZone()
{
    QFETCH(int, aheadSeconds);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));

    // A terminal without its own offset runs on the server's zone: its wall clock is the
    // server's local time plus the drift.
    const qint64 arrival = QDateTime::currentMSecsSinceEpoch();
    RegisterJob job = registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open, arrival);
    job.info.deviceTime = QDateTime::fromMSecsSinceEpoch(arrival)
                              .toLocalTime()
                              .addSecs(aheadSeconds)
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    Pending<RegisterResult> p;
    client.submit(job, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));
    const RegisterResult &o = p.result();
    QVERIFY(!o.utcOffsetMin.has_value());
    QVERIFY(o.driftSeconds.has_value());
    QVERIFY2(qAbs(*o.driftSeconds - aheadSeconds) <= 2, qPrintable(QString::number(*o.driftSeconds)));

    Peek peek(file);
    const QVariant stored =
        peek.scalar(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE id = ?"), {o.terminalId});
    QCOMPARE(stored.toLongLong(), *o.driftSeconds);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT device_time FROM terminals WHERE id = ?"), {o.terminalId}).toString(),
             job.info.deviceTime);
}

void TestStorage::clockDriftTerminalOffset()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Peek peek(file);

    Pending<RegisterResult> first;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), first.callback());
    QTRY_VERIFY(first.done());
    QVERIFY(first.result().ok);
    QVERIFY(peek.exec(QStringLiteral("UPDATE terminals SET utc_offset_min = 480 WHERE sn = 'ZX1'")));

    // Arrival 2025-06-01T00:00:00Z is 08:00:00 on a UTC+8 wall clock; the device says 08:10:00.
    RegisterJob job = registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open, JUNE_1_UTC_MS);
    job.info.deviceTime = QStringLiteral("2025-06-01 08:10:00");
    Pending<RegisterResult> p;
    client.submit(job, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY(p.result().ok);
    const RegisterResult &o = p.result();
    QCOMPARE(o.utcOffsetMin, std::optional<int>(480));
    QCOMPARE(o.driftSeconds, std::optional<qint64>(600));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE sn = 'ZX1'")).toLongLong(),
             qint64(600));
}

void TestStorage::clockDriftAbsent_data()
{
    QTest::addColumn<QString>("deviceTime");
    QTest::newRow("not sent") << QString();
    QTest::newRow("unreadable") << QStringLiteral("2025-02-30 10:00:00");
}

void TestStorage::clockDriftAbsent()
{
    QFETCH(QString, deviceTime);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));

    RegisterJob job = registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open);
    job.info.deviceTime = deviceTime;
    Pending<RegisterResult> p;
    client.submit(job, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY(p.result().ok);
    QCOMPARE(p.result().admission, Admission::Approved);
    QVERIFY(!p.result().driftSeconds.has_value());
    Peek peek(file);
    QVERIFY(peek.scalar(QStringLiteral("SELECT clock_drift_s FROM terminals WHERE sn = 'ZX1'")).isNull());
}

void TestStorage::punchesStoredOnceWithUtc()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Peek peek(file);

    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX12345678"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    QVERIFY(peek.exec(QStringLiteral("UPDATE terminals SET utc_offset_min = 480")));
    Pending<RegisterResult> reg2;
    client.submit(registerJob(QStringLiteral("ZX12345678"), AdmissionPolicy::Open), reg2.callback());
    QTRY_VERIFY(reg2.done());
    const RegisterResult &o = reg2.result();
    QCOMPARE(o.utcOffsetMin, std::optional<int>(480));

    PunchBatchJob batch;
    batch.terminalId = o.terminalId;
    batch.utcOffsetMin = o.utcOffsetMin;
    batch.receivedMs = JUNE_1_UTC_MS + 10'000;
    Punch ann = punch(1, QStringLiteral("2025-06-01 08:00:01"), 8);
    ann.name = QStringLiteral("Ann");
    ann.temperature = 36.5;
    batch.punches = {ann, punch(2, QStringLiteral("2025-06-01 08:00:09"), 1)};

    Pending<PunchBatchResult> first;
    client.submit(batch, first.callback());
    QTRY_VERIFY(first.done());
    QVERIFY2(first.result().ok, qPrintable(first.result().error));
    QCOMPARE(first.result().inserted, 2);
    QCOMPARE(first.result().duplicates, 0);
    QCOMPARE(first.thread(), QThread::currentThread()); // callbacks run in the submitting thread
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(2));

    QSqlQuery q(peek.db());
    QVERIFY(q.exec(QStringLiteral("SELECT terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                                  " utc_offset_min, temperature, name, received_ms FROM punches ORDER BY enroll_id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), o.terminalId);
    QCOMPARE(q.value(1).toLongLong(), qint64(1));
    QCOMPARE(q.value(2).toString(), QStringLiteral("2025-06-01 08:00:01"));
    QCOMPARE(q.value(3).toInt(), 8);
    QCOMPARE(q.value(4).toInt(), 0);
    QCOMPARE(q.value(5).toInt(), 0);
    QCOMPARE(q.value(6).toLongLong(), qint64(1748736001000LL)); // 08:00:01 at UTC+8 = 00:00:01Z
    QCOMPARE(q.value(7).toInt(), 480);
    QCOMPARE(q.value(8).toDouble(), 36.5);
    QCOMPARE(q.value(9).toString(), QStringLiteral("Ann"));
    QCOMPARE(q.value(10).toLongLong(), JUNE_1_UTC_MS + 10'000);
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toLongLong(), qint64(2));
    QCOMPARE(q.value(6).toLongLong(), qint64(1748736009000LL));
    QVERIFY(q.value(8).isNull());
    QVERIFY(q.value(9).isNull());
    QVERIFY(!q.next());
    q.finish();

    // The device re-sends the batch (lost ack): stored once.
    Pending<PunchBatchResult> again;
    client.submit(batch, again.callback());
    QTRY_VERIFY(again.done());
    QVERIFY(again.result().ok);
    QCOMPARE(again.result().inserted, 0);
    QCOMPARE(again.result().duplicates, 2);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(2));

    QVERIFY(q.exec(QStringLiteral("SELECT punches_received, punches_stored, punches_duplicate FROM terminals")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), qint64(4));
    QCOMPARE(q.value(1).toLongLong(), qint64(2));
    QCOMPARE(q.value(2).toLongLong(), qint64(2));
}

void TestStorage::punchDeduplicationKey_data()
{
    // The key is (sn, enrollid, time, mode, inout, event): any change is a new punch.
    QTest::addColumn<qint64>("enrollId");
    QTest::addColumn<QString>("time");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("inOut");
    QTest::addColumn<int>("event");
    QTest::addColumn<bool>("otherTerminal");
    QTest::addColumn<bool>("isNew");

    const QString t = QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("identical") << qint64(1) << t << 1 << 0 << 0 << false << false;
    QTest::newRow("other enrollid") << qint64(2) << t << 1 << 0 << 0 << false << true;
    QTest::newRow("other second") << qint64(1) << QStringLiteral("2025-06-01 08:00:02") << 1 << 0 << 0 << false << true;
    QTest::newRow("other mode") << qint64(1) << t << 8 << 0 << 0 << false << true;
    QTest::newRow("other inout") << qint64(1) << t << 1 << 1 << 0 << false << true;
    QTest::newRow("other event") << qint64(1) << t << 1 << 0 << 3 << false << true;
    QTest::newRow("other terminal") << qint64(1) << t << 1 << 0 << 0 << true << true;
}

void TestStorage::punchDeduplicationKey()
{
    QFETCH(qint64, enrollId);
    QFETCH(QString, time);
    QFETCH(int, mode);
    QFETCH(int, inOut);
    QFETCH(int, event);
    QFETCH(bool, otherTerminal);
    QFETCH(bool, isNew);

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));

    Pending<RegisterResult> a, b;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), a.callback());
    client.submit(registerJob(QStringLiteral("ZX2"), AdmissionPolicy::Open), b.callback());
    QTRY_VERIFY(a.done() && b.done());

    PunchBatchJob first;
    first.terminalId = a.result().terminalId;
    first.utcOffsetMin = 0;
    first.receivedMs = JUNE_1_UTC_MS;
    first.punches = {punch(1, QStringLiteral("2025-06-01 08:00:01"), 1, 0, 0)};
    PunchBatchJob second = first;
    if (otherTerminal)
        second.terminalId = b.result().terminalId;
    second.punches = {punch(enrollId, time, mode, inOut, event)};

    Pending<PunchBatchResult> p1, p2;
    client.submit(first, p1.callback());
    client.submit(second, p2.callback());
    QTRY_VERIFY(p1.done() && p2.done());
    QVERIFY(p1.result().ok && p2.result().ok);
    QCOMPARE(p1.result().inserted, 1);
    QCOMPARE(p2.result().inserted, isNew ? 1 : 0);
    QCOMPARE(p2.result().duplicates, isNew ? 0 : 1);
    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(isNew ? 2 : 1));
}

void TestStorage::punchUtcInServerZone()
{
    // Without a configured offset the terminal's wall clock is the server's zone.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());

    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.receivedMs = JUNE_1_UTC_MS;
    batch.punches = {punch(1, QStringLiteral("2025-01-15 12:30:00")), punch(1, QStringLiteral("2025-07-15 12:30:00"))};
    Pending<PunchBatchResult> p;
    client.submit(batch, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY(p.result().ok);
    QCOMPARE(p.result().inserted, 2);

    Peek peek(file);
    for (const QDate &d : {QDate(2025, 1, 15), QDate(2025, 7, 15)}) {
        const QDateTime local(d, QTime(12, 30), Qt::LocalTime);
        const QString text = d.toString(QStringLiteral("yyyy-MM-dd")) + QStringLiteral(" 12:30:00");
        QCOMPARE(peek.scalar(QStringLiteral("SELECT utc_ms FROM punches WHERE local_time = ?"), {text}).toLongLong(),
                 local.toMSecsSinceEpoch());
        QCOMPARE(peek.scalar(QStringLiteral("SELECT utc_offset_min FROM punches WHERE local_time = ?"), {text}).toInt(),
                 local.offsetFromUtc() / 60);
    }
}

void TestStorage::punchTextStoredExactly()
{
    // The writer binds short ASCII text from a stack buffer and everything else as UTF-8:
    // both sides of that line, and a decoder's already-read time next to a time left to parse.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());

    const QStringList names = {QStringLiteral("Jos\u00e9 \u674e\u96f7"), QString(64, u'a'), QString(65, u'b'),
                               QString(63, u'c') + QStringLiteral("\u00e9"), QStringLiteral("Ann")};
    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.utcOffsetMin = 0;
    batch.receivedMs = JUNE_1_UTC_MS;
    for (int i = 0; i < names.size(); ++i) {
        Punch p = punch(i + 1, QStringLiteral("2025-06-01 08:00:0%1").arg(i));
        p.name = names.at(i);
        if (i % 2 == 0)
            p.localEpoch = devicetime::parseLocal(p.localTime);
        batch.punches.append(p);
    }
    Pending<PunchBatchResult> p;
    client.submit(batch, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));
    QCOMPARE(p.result().inserted, int(names.size()));

    // Stored as sent, but for the input rule (docs/security.md): a name is cut to 64 characters.
    QStringList stored = names;
    stored[2] = QString(64, u'b');
    Peek peek(file);
    for (int i = 0; i < names.size(); ++i) {
        const QVariant id = qint64(i + 1);
        QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM punches WHERE enroll_id = ?"), {id}).toString(),
                 stored.at(i));
        QCOMPARE(peek.scalar(QStringLiteral("SELECT local_time FROM punches WHERE enroll_id = ?"), {id}).toString(),
                 QStringLiteral("2025-06-01 08:00:0%1").arg(i));
        QCOMPARE(peek.scalar(QStringLiteral("SELECT utc_ms FROM punches WHERE enroll_id = ?"), {id}).toLongLong(),
                 JUNE_1_UTC_MS + 8 * 3600'000LL + i * 1000);
    }
}

void TestStorage::headlessBatchStoresAsTheLiveOne()
{
    // The headless server turns the live feed off (no StoredPunch per new punch). The same
    // batches must leave the same rows and counters either way: 120 records, duplicates inside
    // the batch, door events and an unreadable time in between, text on both sides of the
    // stack-buffer line; then the batch again.
    PunchBatchJob batch;
    batch.utcOffsetMin = 60;
    batch.receivedMs = JUNE_1_UTC_MS;
    for (int i = 0; i < 120; ++i) {
        const QString time = QStringLiteral("2025-06-01 %1:%2:00")
                                 .arg(8 + i / 60, 2, 10, QLatin1Char('0'))
                                 .arg(i % 60, 2, 10, QLatin1Char('0'));
        Punch p = punch(i % 7 == 3 ? 0 : 1000 + i, time, i % 4, i % 2, i % 7 == 3 ? 1 : 0); // every 7th a door event
        p.name = i % 5 == 0 ? QStringLiteral("Jos\u00e9 %1").arg(i) : i % 5 == 1 ? QString(70, u'n') : QString();
        if (i % 3 == 0)
            p.temperature = 36.0 + i / 100.0;
        if (i % 2 == 0)
            p.localEpoch = devicetime::parseLocal(time);
        batch.punches.append(p);
        if (i % 40 == 7)
            batch.punches.append(p); // the same punch twice in one batch
    }
    batch.punches.append(punch(77, QStringLiteral("2025-13-40 99:99:99"))); // kept in quarantine
    batch.punches.append(punch(78, QStringLiteral("1999-01-01 00:00:00"))); // impossible time: flagged

    auto store = [&](bool live, QList<PunchBatchResult> &results, QString *dump) {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("termdesk.db"));
        StorageClient client(file, fastOptions(), false);
        client.setLiveFeed(live);
        QString error;
        QVERIFY2(client.start(&error), qPrintable(error));
        Pending<RegisterResult> reg;
        client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
        QTRY_VERIFY(reg.done());
        PunchBatchJob b = batch;
        b.terminalId = reg.result().terminalId;
        for (int round = 0; round < 2; ++round) {
            Pending<PunchBatchResult> p;
            client.submit(b, p.callback());
            QTRY_VERIFY(p.done());
            QVERIFY2(p.result().ok, qPrintable(p.result().error));
            results.append(p.result());
        }
        client.stop();
        Peek peek(file);
        QSqlQuery q(peek.db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT id, terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                                  " utc_offset_min, temperature, name, received_ms, flags FROM punches ORDER BY id")));
        while (q.next()) {
            for (int c = 0; c < 13; ++c)
                dump->append(q.value(c).toString() + u'|');
            dump->append(u'\n');
        }
        for (const char *sql :
             {"SELECT count(*) FROM door_events", "SELECT count(*) FROM quarantine",
              "SELECT punches_received || '/' || punches_stored || '/' || punches_duplicate FROM terminals"})
            dump->append(peek.scalar(QString::fromLatin1(sql)).toString() + u'\n');
    };
    QList<PunchBatchResult> many, one;
    QString manyRows, oneRows;
    store(false, many, &manyRows);
    store(true, one, &oneRows);
    QCOMPARE(many.size(), 2);
    QCOMPARE(one.size(), 2);
    const int doors = 17;                   // i % 7 == 3 for i < 120
    QCOMPARE(many.at(0).inserted, 120 + 1); // every record once, the flagged one too
    QCOMPARE(many.at(0).duplicates, 3);     // the three repeated inside the batch
    QCOMPARE(many.at(1).inserted, 0);
    QCOMPARE(many.at(1).duplicates, 120 + 1 + 3);
    for (int r = 0; r < 2; ++r) {
        QCOMPARE(many.at(r).inserted, one.at(r).inserted);
        QCOMPARE(many.at(r).duplicates, one.at(r).duplicates);
    }
    QCOMPARE(manyRows, oneRows);
    QVERIFY(manyRows.contains(QStringLiteral("Jos\u00e9 5|")));
    QCOMPARE(manyRows.count(u'\n'), 120 - doors + 1 + 3);
    QVERIFY2(manyRows.endsWith(QStringLiteral("%1\n2\n250/%2/%3\n").arg(doors).arg(121).arg(127)),
             qPrintable(manyRows.right(40)));
}

void TestStorage::doorEventsKeptApart()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());

    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.utcOffsetMin = 480;
    batch.receivedMs = JUNE_1_UTC_MS;
    batch.punches = {punch(0, QStringLiteral("2025-06-01 08:00:01"), 0, 1, 1), // door opened
                     punch(5, QStringLiteral("2025-06-01 08:00:02"), 3, 0, 0)};
    Pending<PunchBatchResult> p;
    client.submit(batch, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));
    QCOMPARE(p.result().inserted, 2);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(1));
    QCOMPARE(peek.count(QStringLiteral("door_events")), qint64(1));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id = 0")).toInt(), 0);
    QSqlQuery q(peek.db());
    QVERIFY(q.exec(QStringLiteral("SELECT terminal_id, local_time, verify_mode, in_out, event, utc_ms, utc_offset_min,"
                                  " received_ms FROM door_events")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), batch.terminalId);
    QCOMPARE(q.value(1).toString(), QStringLiteral("2025-06-01 08:00:01"));
    QCOMPARE(q.value(2).toInt(), 0);
    QCOMPARE(q.value(3).toInt(), 1);
    QCOMPARE(q.value(4).toInt(), 1);
    QCOMPARE(q.value(5).toLongLong(), qint64(1748736001000LL));
    QCOMPARE(q.value(6).toInt(), 480);
    QCOMPARE(q.value(7).toLongLong(), JUNE_1_UTC_MS);
    q.finish();

    Pending<PunchBatchResult> again;
    client.submit(batch, again.callback());
    QTRY_VERIFY(again.done());
    QVERIFY(again.result().ok);
    QCOMPARE(again.result().inserted, 0);
    QCOMPARE(again.result().duplicates, 2);
    QCOMPARE(peek.count(QStringLiteral("door_events")), qint64(1));
}

void TestStorage::quarantineKept()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;

    PunchBatchJob batch;
    batch.terminalId = terminalId;
    batch.utcOffsetMin = 0;
    batch.receivedMs = JUNE_1_UTC_MS + 5;
    batch.punches = {punch(1, QStringLiteral("2025-06-01 08:00:01"))};
    batch.quarantined = {{QStringLiteral("missing or non-numeric enrollid"),
                          QByteArray(R"({"time":"2025-06-01 08:00:02","image":"<redacted 9 chars>"})")}};
    Pending<PunchBatchResult> p;
    client.submit(batch, p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));
    QCOMPARE(p.result().inserted, 1);

    // And a standalone quarantine job from a connection that never registered.
    Pending lone;
    client.submit(
        QuarantineJob{0,
                      QStringLiteral("frame"),
                      {QStringLiteral("senduser without a numeric enrollid"), QByteArray(R"({"cmd":"senduser"})")},
                      JUNE_1_UTC_MS + 6},
        lone.callback());
    QTRY_VERIFY(lone.done());
    QVERIFY(lone.result().ok);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(1));
    QCOMPARE(peek.count(QStringLiteral("quarantine")), qint64(2));
    QSqlQuery q(peek.db());
    QVERIFY(q.exec(QStringLiteral("SELECT terminal_id, received_ms, kind, reason, raw FROM quarantine ORDER BY id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), terminalId);
    QCOMPARE(q.value(1).toLongLong(), JUNE_1_UTC_MS + 5);
    QCOMPARE(q.value(2).toString(), QStringLiteral("punch"));
    QCOMPARE(q.value(3).toString(), QStringLiteral("missing or non-numeric enrollid"));
    QCOMPARE(q.value(4).toString(), QStringLiteral(R"({"time":"2025-06-01 08:00:02","image":"<redacted 9 chars>"})"));
    QVERIFY(q.next());
    QVERIFY(q.value(0).isNull());
    QCOMPARE(q.value(2).toString(), QStringLiteral("frame"));
    QCOMPARE(q.value(3).toString(), QStringLiteral("senduser without a numeric enrollid"));
    QCOMPARE(q.value(4).toString(), QStringLiteral(R"({"cmd":"senduser"})"));
    q.finish();
    QCOMPARE(peek.scalar(QStringLiteral("SELECT records_quarantined FROM terminals WHERE id = ?"), {terminalId})
                 .toLongLong(),
             qint64(1));
}

void TestStorage::punchPhotos_data()
{
    QTest::addColumn<bool>("storePhotos");
    QTest::newRow("photos off") << false;
    QTest::newRow("photos on") << true;
}

void TestStorage::punchPhotos()
{
    QFETCH(bool, storePhotos);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), storePhotos);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());

    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.utcOffsetMin = 0;
    batch.receivedMs = JUNE_1_UTC_MS;
    Punch p = punch(1, QStringLiteral("2025-06-01 08:00:01"), 8);
    p.photo = "/9j/4AAQSkZJRgABAQAAAQABAAD";
    batch.punches = {p};
    Pending done;
    client.submit(batch, done.callback());
    QTRY_VERIFY(done.done());
    QVERIFY2(done.result().ok, qPrintable(done.result().error));

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(1));
    QCOMPARE(peek.count(QStringLiteral("punch_photos")), qint64(storePhotos ? 1 : 0));
    if (storePhotos) {
        QCOMPARE(peek.scalar(QStringLiteral("SELECT image FROM punch_photos WHERE punch_id = (SELECT id FROM punches)"))
                     .toString(),
                 QStringLiteral("/9j/4AAQSkZJRgABAQAAAQABAAD"));
    }
}

// privacy/photoRetentionDays (docs/security.md, "Photos"): the photos of punches before the cut-off
// go, their punches and the newer photos stay; one audit row when something went, none otherwise.
void TestStorage::purgePhotosKeepsThePunches()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), true);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());

    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.utcOffsetMin = 0;
    batch.receivedMs = JUNE_1_UTC_MS;
    Punch early = punch(1, QStringLiteral("2025-06-01 08:00:01"), 8);
    early.photo = "/9j/EARLY";
    Punch late = punch(2, QStringLiteral("2025-06-20 08:00:01"), 8);
    late.photo = "/9j/LATE";
    Punch none = punch(3, QStringLiteral("2025-05-01 08:00:01"), 1); // no photo, older still
    batch.punches = {early, late, none};
    Pending done;
    client.submit(batch, done.callback());
    QTRY_VERIFY(done.done());
    QVERIFY2(done.result().ok, qPrintable(done.result().error));

    const qint64 june10 = JUNE_1_UTC_MS + 9 * 24LL * 3600 * 1000;
    Pending<PurgePhotosJob::Result> purge;
    client.submit(PurgePhotosJob{june10, 30, june10, QStringLiteral("test")}, purge.callback());
    QTRY_VERIFY(purge.done());
    QVERIFY2(purge.result().ok, qPrintable(purge.result().error));
    QCOMPARE(purge.result().deleted, 1);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(3));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT group_concat(image) FROM punch_photos")).toString(),
             QStringLiteral("/9j/LATE"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT detail FROM audit WHERE action = 'photos purge'")).toString(),
             QStringLiteral("1 photos older than 30 days deleted (privacy/photoRetentionDays)"));

    Pending<PurgePhotosJob::Result> again;
    client.submit(PurgePhotosJob{june10, 30, june10, QStringLiteral("test")}, again.callback());
    QTRY_VERIFY(again.done());
    QVERIFY(again.result().ok);
    QCOMPARE(again.result().deleted, 0);
    QCOMPARE(peek.count(QStringLiteral("audit")), qint64(1)); // nothing went: no row
}

void TestStorage::credentials()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;
    Peek peek(file);

    auto push = [&](qint64 enrollId, const QString &name, int admin, int backupNum, const QString &data, qint64 at) {
        Pending p;
        client.submit(
            CredentialJob{terminalId, CredentialRecord{enrollId, name, admin, backupNum, data, std::nullopt}, at},
            p.callback());
        return p;
    };

    // A face photo for Ann.
    Pending p1 = push(1, QStringLiteral("Ann"), 0, 50, QStringLiteral("/9j/4AAQ"), JUNE_1_UTC_MS);
    QTRY_VERIFY(p1.done());
    QVERIFY2(p1.result().ok, qPrintable(p1.result().error));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM users WHERE enroll_id = 1")).toString(),
             QStringLiteral("Ann"));
    QCOMPARE(
        peek.scalar(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 1 AND backup_num = 50")).toString(),
        QStringLiteral("/9j/4AAQ"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT source_terminal_id FROM credentials WHERE enroll_id = 1")).toLongLong(),
             terminalId);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT count(*) FROM terminal_users WHERE terminal_id = ? AND enroll_id = 1"
                                        " AND backup_num = 50"),
                         {terminalId})
                 .toInt(),
             1);

    // Her card pushed with an empty name ("name":""): the name stays, the card number is exact.
    Pending p2 = push(1, QStringLiteral(""), 0, 11, QStringLiteral("4294967296"), JUNE_1_UTC_MS + 1);
    QTRY_VERIFY(p2.done());
    QVERIFY2(p2.result().ok, qPrintable(p2.result().error));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM users WHERE enroll_id = 1")).toString(),
             QStringLiteral("Ann"));
    QCOMPARE(
        peek.scalar(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 1 AND backup_num = 11")).toString(),
        QStringLiteral("4294967296"));
    QCOMPARE(peek.count(QStringLiteral("credentials")), qint64(2));
    QCOMPARE(peek.count(QStringLiteral("terminal_users")), qint64(2));
    QCOMPARE(peek.count(QStringLiteral("users")), qint64(1));

    // A new photo and a new name: upserted, not duplicated.
    Pending p3 = push(1, QStringLiteral("Ann Lee"), 1, 50, QStringLiteral("/9j/NEW"), JUNE_1_UTC_MS + 2);
    QTRY_VERIFY(p3.done());
    QVERIFY(p3.result().ok);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM users WHERE enroll_id = 1")).toString(),
             QStringLiteral("Ann Lee"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT admin FROM users WHERE enroll_id = 1")).toInt(), 1);
    QCOMPARE(
        peek.scalar(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 1 AND backup_num = 50")).toString(),
        QStringLiteral("/9j/NEW"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT updated_ms FROM credentials WHERE enroll_id = 1 AND backup_num = 50"))
                 .toLongLong(),
             JUNE_1_UTC_MS + 2);
    QCOMPARE(peek.count(QStringLiteral("credentials")), qint64(2));

    // A push without backupnum: the user only.
    Pending p4 = push(2, QStringLiteral("Bob"), 0, -1, QString(), JUNE_1_UTC_MS + 3);
    QTRY_VERIFY(p4.done());
    QVERIFY(p4.result().ok);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM users WHERE enroll_id = 2")).toString(),
             QStringLiteral("Bob"));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT count(*) FROM credentials WHERE enroll_id = 2")).toInt(), 0);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT count(*) FROM terminal_users WHERE enroll_id = 2")).toInt(), 0);
}

void TestStorage::credentialWithoutName_data()
{
    // A senduser without a "name" key (some firmware) decodes to a null QString.
    QTest::addColumn<bool>("userExists");
    QTest::addColumn<QString>("expectedName");
    QTest::newRow("new user") << false << QString();
    QTest::newRow("existing user keeps name") << true << QStringLiteral("Ann");
}

void TestStorage::credentialWithoutName()
{
    QFETCH(bool, userExists);
    QFETCH(QString, expectedName);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;

    if (userExists) {
        Pending named;
        client.submit(
            CredentialJob{terminalId,
                          CredentialRecord{7, QStringLiteral("Ann"), 0, 50, QStringLiteral("/9j/A"), std::nullopt},
                          JUNE_1_UTC_MS},
            named.callback());
        QTRY_VERIFY(named.done());
        QVERIFY2(named.result().ok, qPrintable(named.result().error));
    }
    Pending p;
    client.submit(CredentialJob{terminalId,
                                CredentialRecord{7, QString(), 0, 11, QStringLiteral("2352253"), std::nullopt},
                                JUNE_1_UTC_MS + 1},
                  p.callback());
    QTRY_VERIFY(p.done());
    QVERIFY2(p.result().ok, qPrintable(p.result().error));

    Peek peek(file);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT name FROM users WHERE enroll_id = 7")).toString(), expectedName);
    QCOMPARE(
        peek.scalar(QStringLiteral("SELECT data FROM credentials WHERE enroll_id = 7 AND backup_num = 11")).toString(),
        QStringLiteral("2352253"));
}

void TestStorage::terminalEnabledFlagWhenSaid()
{
    // What a terminal says of a user's enabled switch (getuserinfo's `enable`, a TCP User's `disabled`) is
    // kept per terminal; a read that does not say keeps what is known.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;
    const auto note = [&](std::optional<bool> enabled, qint64 at) {
        CredentialRecord c{8, QStringLiteral("Bo"), 0, 11, QStringLiteral("4455"), std::nullopt};
        c.enabled = enabled;
        Pending p;
        client.submit(CredentialJob{terminalId, c, at}, p.callback());
        return QTest::qWaitFor([&] { return p.done(); }) && p.result().ok;
    };
    const QString sql = QStringLiteral("SELECT enabled FROM terminal_user_info WHERE enroll_id = 8");
    QVERIFY(note(std::nullopt, JUNE_1_UTC_MS));
    QVERIFY(Peek(file).scalar(sql).isNull());
    QVERIFY(note(false, JUNE_1_UTC_MS + 1));
    QCOMPARE(Peek(file).scalar(sql).toInt(), 0);
    QVERIFY(note(std::nullopt, JUNE_1_UTC_MS + 2));
    QCOMPARE(Peek(file).scalar(sql).toInt(), 0);
    QVERIFY(note(true, JUNE_1_UTC_MS + 3));
    QCOMPARE(Peek(file).scalar(sql).toInt(), 1);
}

void TestStorage::walIsCheckpointedOffTheWriter()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    QVERIFY(client.checkpointer());
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("CP1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    PunchBatchJob batch;
    batch.terminalId = reg.result().terminalId;
    batch.receivedMs = JUNE_1_UTC_MS;
    for (int i = 0; i < 2000; ++i)
        batch.punches.append(punch(i + 1, QStringLiteral("2025-06-01 08:00:00"), 1));
    Pending stored;
    client.submit(batch, stored.callback());
    QTRY_VERIFY(stored.done());
    QVERIFY2(stored.result().ok, qPrintable(stored.result().error));
    // The checkpoint thread copies every committed frame into the database file on its own.
    QTRY_VERIFY_WITH_TIMEOUT(client.checkpointer()->lastWalFrames() > 0 &&
                                 client.checkpointer()->lastCopiedFrames() == client.checkpointer()->lastWalFrames(),
                             10000);
    client.stop();
    QCOMPARE(Peek(file).count(QStringLiteral("punches")), qint64(2000));
}

void TestStorage::failedCommitStoresNothing()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;

    PunchBatchJob batch;
    batch.terminalId = terminalId;
    batch.utcOffsetMin = 0;
    batch.receivedMs = JUNE_1_UTC_MS;
    batch.punches = {punch(1, QStringLiteral("2025-06-01 08:00:01")), punch(0, QStringLiteral("2025-06-01 08:00:02")),
                     punch(2, QStringLiteral("2025-06-01 08:00:03"))};
    batch.quarantined = {{QStringLiteral("unreadable time"), QByteArray(R"({"enrollid":3})")}};

    client.writer()->failNextCommits(1);
    Pending<PunchBatchResult> failed;
    client.submit(batch, failed.callback());
    QTRY_VERIFY(failed.done());
    QVERIFY(!failed.result().ok);
    QVERIFY(!failed.result().error.isEmpty());
    QCOMPARE(failed.result().inserted, 0);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(0));
    QCOMPARE(peek.count(QStringLiteral("door_events")), qint64(0));
    QCOMPARE(peek.count(QStringLiteral("quarantine")), qint64(0));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT punches_received FROM terminals")).toLongLong(), qint64(0));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT records_quarantined FROM terminals")).toLongLong(), qint64(0));

    // The device retries the same batch: now it is stored.
    Pending<PunchBatchResult> retried;
    client.submit(batch, retried.callback());
    QTRY_VERIFY(retried.done());
    QVERIFY2(retried.result().ok, qPrintable(retried.result().error));
    QCOMPARE(retried.result().inserted, 3);
    QCOMPARE(retried.result().duplicates, 0);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(2));
    QCOMPARE(peek.count(QStringLiteral("door_events")), qint64(1));
    QCOMPARE(peek.count(QStringLiteral("quarantine")), qint64(1));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT punches_stored FROM terminals")).toLongLong(), qint64(3));
}

void TestStorage::burstIsFullyReported()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;
    QSignalSpy bursts(&client, &StorageClient::burstDone);

    // 300 single-record batches (distinct enrollids) and 100 last-seen refreshes, all at once.
    constexpr int PUNCH_JOBS = 300;
    constexpr int SEEN_JOBS = 100;
    struct Tally
    {
        int done = 0;
        int failures = 0;
        int inserted = 0;
        bool inOrder = true;
        bool inTestThread = true;
        int last = -1;
    };
    const auto tally = std::make_shared<Tally>(); // shared: outlives an early return
    QThread *const testThread = QThread::currentThread();
    for (int n = 0; n < PUNCH_JOBS + SEEN_JOBS; ++n) {
        auto note = [tally, testThread, n](const JobResult &r, int inserted) {
            tally->inOrder = tally->inOrder && tally->last < n;
            tally->inTestThread = tally->inTestThread && QThread::currentThread() == testThread;
            tally->last = n;
            tally->failures += r.ok ? 0 : 1;
            tally->inserted += inserted;
            ++tally->done;
        };
        if (n % 4 == 3) {
            client.submit(TerminalSeenJob{terminalId, JUNE_1_UTC_MS + n}, [note](const JobResult &r) { note(r, 0); });
        } else {
            PunchBatchJob b;
            b.terminalId = terminalId;
            b.utcOffsetMin = 0;
            b.receivedMs = JUNE_1_UTC_MS;
            b.punches = {punch(1000 + n, QStringLiteral("2025-06-01 08:00:01"))};
            client.submit(b, [note](const PunchBatchResult &r) { note(r, r.inserted); });
        }
    }
    const int &done = tally->done;
    QCOMPARE(client.pending() + done, PUNCH_JOBS + SEEN_JOBS);
    QTRY_COMPARE_WITH_TIMEOUT(done, PUNCH_JOBS + SEEN_JOBS, 60'000);
    QCOMPARE(tally->failures, 0);
    QCOMPARE(tally->inserted, PUNCH_JOBS);
    QVERIFY2(tally->inOrder, "callbacks run in submission order");
    QVERIFY2(tally->inTestThread, "callbacks run in the submitting thread");
    QCOMPARE(client.pending(), 0);

    int reportedJobs = 0;
    int reportedInserted = 0;
    for (const QList<QVariant> &args : bursts) {
        reportedJobs += args.at(0).toInt();
        reportedInserted += args.at(1).toInt();
    }
    QCOMPARE(reportedJobs, PUNCH_JOBS + SEEN_JOBS);
    QCOMPARE(reportedInserted, PUNCH_JOBS);
    QVERIFY(bursts.size() <= PUNCH_JOBS + SEEN_JOBS);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("punches")), qint64(PUNCH_JOBS));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT punches_stored FROM terminals")).toLongLong(), qint64(PUNCH_JOBS));
    QCOMPARE(peek.scalar(QStringLiteral("SELECT last_seen_ms FROM terminals")).toLongLong(),
             JUNE_1_UTC_MS + PUNCH_JOBS + SEEN_JOBS - 1);
}

void TestStorage::lastSeenNeverGoesBack()
{
    // Last-seen refreshes keep the latest time even when an older one is written after it.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));
    Pending<RegisterResult> reg;
    client.submit(registerJob(QStringLiteral("ZX1"), AdmissionPolicy::Open), reg.callback());
    QTRY_VERIFY(reg.done());
    const qint64 terminalId = reg.result().terminalId;
    Peek peek(file);

    Pending seen;
    client.submit(TerminalSeenJob{terminalId, JUNE_1_UTC_MS + 5000}, seen.callback());
    QTRY_VERIFY(seen.done());
    QVERIFY(seen.result().ok);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT last_seen_ms FROM terminals")).toLongLong(), JUNE_1_UTC_MS + 5000);
    Pending older;
    client.submit(TerminalSeenJob{terminalId, JUNE_1_UTC_MS + 1000}, older.callback());
    QTRY_VERIFY(older.done());
    QVERIFY(older.result().ok);
    QCOMPARE(peek.scalar(QStringLiteral("SELECT last_seen_ms FROM terminals")).toLongLong(), JUNE_1_UTC_MS + 5000);
}

void TestStorage::stopFlushesAndLaterSubmitsFail()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("termdesk.db"));
    StorageClient client(file, fastOptions(), false);
    QString error;
    QVERIFY2(client.start(&error), qPrintable(error));

    int done = 0;
    int ok = 0;
    for (int n = 0; n < 50; ++n) {
        client.submit(registerJob(QStringLiteral("SN%1").arg(n), AdmissionPolicy::Open), [&](const RegisterResult &r) {
            ++done;
            ok += r.ok ? 1 : 0;
        });
    }
    client.stop(); // writes what is queued and runs the callbacks before returning
    QCOMPARE(done, 50);
    QCOMPARE(ok, 50);
    QCOMPARE(client.pending(), 0);

    Pending late;
    client.submit(TerminalSeenJob{1, 1}, late.callback());
    QVERIFY(late.done()); // at once: no thread to wait for
    QVERIFY(!late.result().ok);

    Peek peek(file);
    QCOMPARE(peek.count(QStringLiteral("terminals")), qint64(50));
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
