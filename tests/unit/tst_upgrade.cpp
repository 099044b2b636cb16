// SPDX-License-Identifier: GPL-3.0-or-later
// Upgrades keep data (docs/install.md, "Upgrades"): a database written by schema 1
// (tests/fixtures/schema-v1.sql) is opened by this build; it must be copied first
// (termdesk.sqlite.bak-v1-<time>), then migrated in place with every row kept. Results are read
// with the test's own SQLite connections, not through the code under test.
#include "service/csvexporter.h"
#include "storage/database.h"
#include "storage/migrationbackup.h"
#include "storage/schema.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace termdesk;
using namespace termdesk::storage;
using termdesk::service::CsvExporter;

namespace {

QByteArray fixture()
{
    QFile f(QStringLiteral(TERMDESK_FIXTURES_DIR "/schema-v1.sql"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

/// A raw SQLite connection of the test's own.
class Raw
{
public:
    explicit Raw(const QString &file, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    {
        if (sqlite3_open_v2(QFile::encodeName(file).constData(), &m_db, flags, nullptr) != SQLITE_OK)
            qFatal("sqlite3_open_v2 %s: %s", qPrintable(file), sqlite3_errmsg(m_db));
    }
    ~Raw() { sqlite3_close(m_db); }
    Raw(const Raw &) = delete;
    Raw &operator=(const Raw &) = delete;

    bool exec(const QByteArray &sql)
    {
        char *message = nullptr;
        const int rc = sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            qWarning("sqlite3_exec: %s", message ? message : "?");
            sqlite3_free(message);
        }
        return rc == SQLITE_OK;
    }
    /// The rows of a query, each row's columns joined with '|'.
    QStringList rows(const QByteArray &sql)
    {
        QStringList out;
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &st, nullptr) != SQLITE_OK) {
            qWarning("prepare %s: %s", sql.constData(), sqlite3_errmsg(m_db));
            return out;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList cols;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(st, i));
                cols << (text ? QString::fromUtf8(text) : QStringLiteral("NULL"));
            }
            out << cols.join(QLatin1Char('|'));
        }
        sqlite3_finalize(st);
        return out;
    }
    QString value(const QByteArray &sql)
    {
        const QStringList r = rows(sql);
        return r.isEmpty() ? QString() : r.first();
    }

private:
    sqlite3 *m_db = nullptr;
};

QStringList backups(const QDir &dir)
{
    return dir.entryList({QStringLiteral("termdesk.sqlite.bak-*")}, QDir::Files, QDir::Name);
}

const QByteArray SCHEMA_OBJECTS = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY name";

} // namespace

class TstUpgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtureIsSchemaStepOne();
    void upgradeBacksUpThenMigratesKeepingEveryRow();
    void noBackupForNewOrCurrentDatabase();
    void backupNamesNeverCollide();
    void punchIdsAreNeverReused();
    void schema4MigratesToNeverReusedIdsKeepingEveryRow();
};

// The fixture is what schema 1 created: the same tables, indexes and SQL text as
// Schema::migrateTo(1) on an empty file.
void TstUpgrade::fixtureIsSchemaStepOne()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("fresh.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fresh"));
        db.setDatabaseName(fresh);
        QVERIFY(db.open());
        QString error;
        QVERIFY2(Schema::migrateTo(db, 1, &error), qPrintable(error));
        QCOMPARE(Schema::version(db), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fresh"));

    const QString loaded = dir.filePath(QStringLiteral("fixture.sqlite"));
    Raw f(loaded);
    QVERIFY(f.exec(fixture()));
    Raw r(fresh);
    const QStringList expected = r.rows(SCHEMA_OBJECTS);
    QVERIFY(expected.size() >= 10);
    QCOMPARE(f.rows(SCHEMA_OBJECTS), expected);
    QCOMPARE(f.value("SELECT max(version) FROM schema_version"), QStringLiteral("1"));
}

void TstUpgrade::upgradeBacksUpThenMigratesKeepingEveryRow()
{
    QVERIFY(Schema::latestVersion() > 1);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(tmp.path());
    const QString file = dir.filePath(QStringLiteral("termdesk.sqlite"));

    // Loaded in WAL mode without checkpoints, and the connection stays open while TermDesk
    // opens the file: every row is still only in the WAL, as after a crash or while the old
    // version's tools hold the database. The backup must contain them all the same.
    Raw old(file);
    QVERIFY(old.exec("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"));
    QVERIFY(old.exec(fixture()));
    QVERIFY(QFileInfo(file + QStringLiteral("-wal")).size() > 0);
    const QStringList punchesBefore = old.rows("SELECT * FROM punches ORDER BY id");
    const QStringList usersBefore = old.rows("SELECT * FROM users ORDER BY enroll_id");
    const QStringList terminalsBefore = old.rows("SELECT * FROM terminals ORDER BY id");
    // Later steps add columns to terminals: the old ones are compared.
    const QByteArray terminalColumns =
        old.value("SELECT group_concat(name) FROM pragma_table_info('terminals')").toUtf8();
    const QStringList credentialsBefore = old.rows("SELECT * FROM credentials ORDER BY enroll_id, backup_num");
    QCOMPARE(punchesBefore.size(), 6);
    QVERIFY(backups(dir).isEmpty());

    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("upgrade"), OpenOptions{}, &error), qPrintable(error));
    const int versionAfter = Schema::version(Database::get(QStringLiteral("upgrade")));
    Database::close(QStringLiteral("upgrade"));
    QCOMPARE(versionAfter, Schema::latestVersion());

    // The backup: one file named after the old schema, a complete schema-1 database.
    const QStringList made = backups(dir);
    QCOMPARE(made.size(), 1);
    QVERIFY2(made.first().startsWith(QStringLiteral("termdesk.sqlite.bak-v1-")), qPrintable(made.first()));
    {
        Raw backup(dir.filePath(made.first()), SQLITE_OPEN_READONLY);
        QCOMPARE(backup.value("PRAGMA integrity_check"), QStringLiteral("ok"));
        QCOMPARE(backup.value("SELECT max(version) FROM schema_version"), QStringLiteral("1"));
        QCOMPARE(backup.rows("SELECT * FROM punches ORDER BY id"), punchesBefore);
        QCOMPARE(backup.rows("SELECT * FROM users ORDER BY enroll_id"), usersBefore);
        QCOMPARE(backup.value("SELECT count(*) FROM sqlite_master WHERE name = 'commands'"), QStringLiteral("0"));
    }

    // The upgraded database: every old row unchanged, the later steps' tables and columns there.
    Raw now(file);
    QCOMPARE(now.value("PRAGMA integrity_check"), QStringLiteral("ok"));
    QCOMPARE(now.value("SELECT max(version) FROM schema_version"), QString::number(Schema::latestVersion()));
    QCOMPARE(now.rows("SELECT * FROM punches ORDER BY id"), punchesBefore);
    QCOMPARE(now.rows("SELECT * FROM users ORDER BY enroll_id"), usersBefore);
    QCOMPARE(now.rows("SELECT " + terminalColumns + " FROM terminals ORDER BY id"), terminalsBefore);
    QCOMPARE(now.rows("SELECT * FROM credentials ORDER BY enroll_id, backup_num"), credentialsBefore);
    QCOMPARE(now.value("SELECT count(*) FROM door_events"), QStringLiteral("1"));
    QCOMPARE(now.value("SELECT count(*) FROM quarantine"), QStringLiteral("1"));
    for (const char *table : {"commands", "alarms", "audit", "terminal_user_info"})
        QVERIFY2(now.value(QByteArray("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='") + table +
                           "'") == QStringLiteral("1"),
                 table);
    QVERIFY(now.rows("SELECT name FROM pragma_table_info('terminal_users')").contains(QStringLiteral("data_hash")));
    QCOMPARE(now.value("SELECT count(*) FROM terminal_users WHERE data_hash IS NULL"), QStringLiteral("2"));
    // Schema 6: no hardware identity yet; each terminal records its own at its next registration.
    // Schema 7: no allowed networks (anywhere).
    const QStringList terminalColumnsNow = now.rows("SELECT name FROM pragma_table_info('terminals')");
    for (const char *column : {"identity", "identity_claim", "identity_claim_peer", "identity_claim_ms",
                               "identity_blocked", "allowed_networks"})
        QVERIFY2(terminalColumnsNow.contains(QLatin1String(column)), column);
    QCOMPARE(now.value("SELECT count(*) FROM terminals WHERE identity IS NOT NULL OR identity_claim IS NOT NULL"
                       " OR allowed_networks IS NOT NULL"),
             QStringLiteral("0"));

    // The attendance export reads the upgraded database.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("export"));
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QVERIFY(db.open());
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        const qint64 rows = CsvExporter::exportPunches(db, {}, {}, &out, &error);
        QVERIFY2(rows >= 5, qPrintable(error));
        const QString csv = QString::fromUtf8(out.data());
        QVERIFY(csv.contains(QStringLiteral("AYTH09089112")));
        QVERIFY(csv.contains(QStringLiteral("李伟")));
        QVERIFY(csv.contains(QStringLiteral("TCP0000042")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("export"));

    // Opening the now current database again makes no second copy.
    QVERIFY2(Database::open(file, QStringLiteral("again"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("again"));
    QCOMPARE(backups(dir), made);
}

void TstUpgrade::noBackupForNewOrCurrentDatabase()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(tmp.path());
    const QString file = dir.filePath(QStringLiteral("termdesk.sqlite"));
    QString error;
    for (int i = 0; i < 2; ++i) { // created (schema 0), then current
        QVERIFY2(Database::open(file, QStringLiteral("plain"), OpenOptions{}, &error), qPrintable(error));
        Database::close(QStringLiteral("plain"));
    }
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(backups(dir).isEmpty());
}

void TstUpgrade::backupNamesNeverCollide()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString file = QDir(tmp.path()).filePath(QStringLiteral("termdesk.sqlite"));
    const QDateTime when(QDate(2026, 3, 4), QTime(5, 6, 7));
    const QString first = MigrationBackup::backupName(file, 3, when);
    QCOMPARE(first, file + QStringLiteral(".bak-v3-20260304-050607"));
    QFile taken(first);
    QVERIFY(taken.open(QIODevice::WriteOnly));
    taken.close();
    QCOMPARE(MigrationBackup::backupName(file, 3, when), first + QStringLiteral("-2"));
}

namespace {

const QByteArray INSERT_PUNCH =
    "INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms, utc_offset_min,"
    " received_ms) VALUES (1, ";

QByteArray insertPunch(int enrollId, const char *localTime)
{
    return INSERT_PUNCH + QByteArray::number(enrollId) + ", '" + localTime + "', 1, 0, 0, 1, 0, 1)";
}

} // namespace

// The cursor of the incremental export (docs/csv-export.md) relies on it: a deleted punch never
// frees its id, not even the highest one (a plain SQLite INTEGER PRIMARY KEY would reuse it).
void TstUpgrade::punchIdsAreNeverReused()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString file = QDir(tmp.path()).filePath(QStringLiteral("termdesk.sqlite"));
    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("fresh"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("fresh"));

    Raw db(file);
    QVERIFY(db.exec("PRAGMA foreign_keys=ON; INSERT INTO terminals (sn, protocol, admission, first_seen_ms,"
                    " last_seen_ms) VALUES ('AYSK01', 'ws', 'approved', 1, 1)"));
    for (int i = 1; i <= 3; ++i)
        QVERIFY(db.exec(insertPunch(i, "2025-06-01 08:00:00")));
    QCOMPARE(db.rows("SELECT id FROM punches ORDER BY id"),
             (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    QVERIFY(db.exec("DELETE FROM punches WHERE id = 3"));
    QVERIFY(db.exec(insertPunch(4, "2025-06-01 08:00:00")));
    QCOMPARE(db.value("SELECT max(id) FROM punches"), QStringLiteral("4"));
    QVERIFY(db.exec("DELETE FROM punches"));
    QVERIFY(db.exec(insertPunch(5, "2025-06-01 08:00:00")));
    QCOMPARE(db.rows("SELECT id FROM punches"), QStringList{QStringLiteral("5")});
}

// An existing database (schema 4, a photo on two punches, the highest punch already deleted once)
// is upgraded: the backup is made, every punch keeps its id and its photo, the de-duplication key,
// the index and punch_photos' cascade still hold, and ids are never reused from then on.
void TstUpgrade::schema4MigratesToNeverReusedIdsKeepingEveryRow()
{
    QVERIFY(Schema::latestVersion() >= 5);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(tmp.path());
    const QString file = dir.filePath(QStringLiteral("termdesk.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v4"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QString error;
        QVERIFY2(Schema::migrateTo(db, 4, &error), qPrintable(error));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v4"));
    QStringList punchesBefore;
    QStringList photosBefore;
    {
        Raw old(file);
        QVERIFY(old.exec("PRAGMA foreign_keys=ON; INSERT INTO terminals (sn, protocol, admission, first_seen_ms,"
                         " last_seen_ms) VALUES ('AYSK01', 'ws', 'approved', 1, 1)"));
        for (int i = 1; i <= 4; ++i)
            QVERIFY(old.exec(insertPunch(i, "2025-06-01 08:00:00")));
        QVERIFY(old.exec("DELETE FROM punches WHERE id = 4; " + insertPunch(5, "2025-06-01 08:00:00")));
        QCOMPARE(old.value("SELECT max(id) FROM punches"), QStringLiteral("4")); // schema 4 reused it
        QVERIFY(old.exec("INSERT INTO punch_photos (punch_id, image) VALUES (2, 'cGhvdG8y'), (4, 'cGhvdG80')"));
        punchesBefore = old.rows("SELECT * FROM punches ORDER BY id");
        photosBefore = old.rows("SELECT * FROM punch_photos ORDER BY punch_id");
        QCOMPARE(punchesBefore.size(), 4);
    }

    QString error;
    QVERIFY2(Database::open(file, QStringLiteral("upgrade5"), OpenOptions{}, &error), qPrintable(error));
    Database::close(QStringLiteral("upgrade5"));
    const QStringList made = backups(dir);
    QCOMPARE(made.size(), 1);
    QVERIFY2(made.first().startsWith(QStringLiteral("termdesk.sqlite.bak-v4-")), qPrintable(made.first()));

    Raw now(file);
    QVERIFY(now.exec("PRAGMA foreign_keys=ON"));
    QCOMPARE(now.value("PRAGMA integrity_check"), QStringLiteral("ok"));
    QCOMPARE(now.value("PRAGMA foreign_key_check"), QString());
    QCOMPARE(now.value("SELECT max(version) FROM schema_version"), QString::number(Schema::latestVersion()));
    QCOMPARE(now.rows("SELECT * FROM punches ORDER BY id"), punchesBefore);
    QCOMPARE(now.rows("SELECT * FROM punch_photos ORDER BY punch_id"), photosBefore);
    QVERIFY(now.value("SELECT sql FROM sqlite_master WHERE name = 'punches'").contains(QLatin1String("AUTOINCREMENT")));
    QCOMPARE(now.value("SELECT count(*) FROM sqlite_master WHERE name LIKE 'punches_v%'"), QStringLiteral("0"));
    QCOMPARE(now.value("SELECT tbl_name FROM sqlite_master WHERE name = 'punches_utc'"), QStringLiteral("punches"));
    // The de-duplication key: the same punch again is refused.
    QVERIFY(!now.exec(insertPunch(1, "2025-06-01 08:00:00")));
    // punch_photos still references punches: a photo of no punch is refused, a deleted punch
    // takes its photo with it.
    QVERIFY(!now.exec("INSERT INTO punch_photos (punch_id, image) VALUES (99, 'eA==')"));
    QVERIFY(now.exec("DELETE FROM punches WHERE id = 4"));
    QCOMPARE(now.rows("SELECT punch_id FROM punch_photos"), QStringList{QStringLiteral("2")});
    // ...and the deleted top id is not handed out again.
    QVERIFY(now.exec(insertPunch(6, "2025-06-01 08:00:00")));
    QCOMPARE(now.value("SELECT max(id) FROM punches"), QStringLiteral("5"));
}

QTEST_GUILESS_MAIN(TstUpgrade)
#include "tst_upgrade.moc"
