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
    QCOMPARE(now.rows("SELECT * FROM terminals ORDER BY id"), terminalsBefore);
    QCOMPARE(now.rows("SELECT * FROM credentials ORDER BY enroll_id, backup_num"), credentialsBefore);
    QCOMPARE(now.value("SELECT count(*) FROM door_events"), QStringLiteral("1"));
    QCOMPARE(now.value("SELECT count(*) FROM quarantine"), QStringLiteral("1"));
    for (const char *table : {"commands", "alarms", "audit", "terminal_user_info"})
        QVERIFY2(now.value(QByteArray("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='") + table +
                           "'") == QStringLiteral("1"),
                 table);
    QVERIFY(now.rows("SELECT name FROM pragma_table_info('terminal_users')").contains(QStringLiteral("data_hash")));
    QCOMPARE(now.value("SELECT count(*) FROM terminal_users WHERE data_hash IS NULL"), QStringLiteral("2"));

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

QTEST_GUILESS_MAIN(TstUpgrade)
#include "tst_upgrade.moc"
