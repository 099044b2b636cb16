// SPDX-License-Identifier: GPL-3.0-or-later
// `termdesk backup` and `termdesk restore` as a user runs them, next to a real Engine that writes
// punches from a WebSocket terminal: a backup taken while punches are being committed restores
// into another data directory with the same `export-csv`; restore is refused while a server uses
// the directory and for a damaged or foreign file; a damaged database stops the server at start
// with what to restore (docs/backup.md).
#include "../common/damageddb.h"
#include "../common/enginefixture.h"
#include "../common/termdeskcli.h"
#include "../common/wsclient.h"
#include "storage/databasecheck.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace termdesk;

namespace {

constexpr int CLI_TIMEOUT_MS = 60000;
constexpr int RECORDS_PER_SENDLOG = 10;

/// A sendlog of RECORDS_PER_SENDLOG punches, the @p batch-th of terminal @p sn: distinct times.
QByteArray sendlog(const QString &sn, int batch)
{
    QStringList records;
    const QDateTime base(QDate(2025, 6, 2), QTime(7, 0));
    for (int i = 0; i < RECORDS_PER_SENDLOG; ++i) {
        const int n = batch * RECORDS_PER_SENDLOG + i;
        records << QStringLiteral(R"({"enrollid":%1,"name":"Person %1","time":"%2","mode":1,"inout":0,"event":0})")
                       .arg(n % 40 + 1)
                       .arg(base.addSecs(n).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":%2,"logindex":%3,"record":[%4]})")
        .arg(sn)
        .arg(RECORDS_PER_SENDLOG)
        .arg(batch)
        .arg(records.join(u','))
        .toUtf8();
}

bool acked(const QJsonObject &reply)
{
    return reply.value(QLatin1String("ret")).toString() == QLatin1String("sendlog") &&
           reply.value(QLatin1String("result")).toBool();
}

/// The punches in @p file, read through a read-only connection (a backup stays as it was made).
qint64 punchesIn(const QString &file)
{
    static int connections = 0;
    const QString name = QStringLiteral("count%1").arg(++connections);
    qint64 n = -1;
    {
        storage::OpenOptions options;
        options.readOnly = true;
        QString error;
        if (storage::Database::open(file, name, options, &error))
            n = DbCheck::firstValue(storage::Database::get(name), QStringLiteral("SELECT count(*) FROM punches"))
                    .toLongLong();
        else
            qWarning() << error;
    }
    storage::Database::close(name);
    return n;
}

QString exportCsv(const QString &dataDir)
{
    const CliRun r = runTermdesk({QStringLiteral("export-csv"), QStringLiteral("-")}, dataDir, CLI_TIMEOUT_MS);
    if (r.rc != 0)
        qWarning() << "export-csv failed:" << r.rc << r.err;
    return r.rc == 0 ? r.out : QStringLiteral("export-csv failed");
}

} // namespace

class TestBackupRestore : public QObject
{
    Q_OBJECT

    /// Starts the engine of @p fx and stores @p batches sendlogs from terminal @p sn; returns the punches acked.
    static int fill(EngineFixture &fx, const QString &sn, int batches)
    {
        if (!fx.start(fx.config())) {
            qWarning() << fx.engine->lastError();
            return -1;
        }
        WsClient t;
        if (!t.open(fx.engine->wsPort()) || !t.reg(sn))
            return -1;
        int ackedPunches = 0;
        for (int b = 0; b < batches; ++b)
            ackedPunches += acked(t.call(sendlog(sn, b))) ? RECORDS_PER_SENDLOG : 0;
        return ackedPunches;
    }

private Q_SLOTS:
    void backupWhileWritingRestoresTheSameExport()
    {
        EngineFixture fx;
        QTemporaryDir backups;
        QVERIFY(fx.start(fx.config()));
        WsClient t;
        QVERIFY(t.open(fx.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("BK1")));
        // A reader that stays in its transaction (as a long query of the console would) keeps every
        // punch below in the WAL: the checkpointer cannot copy them into the database file, so a
        // backup that copied the file alone would miss them.
        const QString reader = QStringLiteral("long-reader");
        {
            storage::OpenOptions options;
            options.readOnly = true;
            QString error;
            QVERIFY2(storage::Database::open(fx.engine->config().databaseFile(), reader, options, &error),
                     qPrintable(error));
            QSqlQuery q(storage::Database::get(reader));
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM punches")) && q.next());
        }
        int batch = 0;
        int ackedPunches = 0;
        for (; batch < 300; ++batch)
            ackedPunches += acked(t.call(sendlog(QStringLiteral("BK1"), batch))) ? RECORDS_PER_SENDLOG : 0;
        QCOMPARE(ackedPunches, 3000);

        // `termdesk backup` in its own process while this terminal keeps punching.
        const int ackedBeforeBackup = ackedPunches;
        QProcess backup;
        backup.start(QStringLiteral(TERMDESK_BIN), {QStringLiteral("backup"), QStringLiteral("--to"), backups.path(),
                                                    QStringLiteral("--data-dir"), fx.dir.path()});
        QVERIFY(backup.waitForStarted());
        int duringBackup = 0;
        while (backup.state() != QProcess::NotRunning || duringBackup < 5) {
            const QJsonObject r = t.call(sendlog(QStringLiteral("BK1"), batch++));
            QVERIFY2(acked(r), "a punch was refused while the backup ran");
            ackedPunches += RECORDS_PER_SENDLOG;
            ++duringBackup;
        }
        QCOMPARE(backup.exitStatus(), QProcess::NormalExit); // the loop above ran until it had finished
        const QString err = QString::fromUtf8(consoleText(backup.readAllStandardError()));
        QVERIFY2(backup.exitCode() == 0, qPrintable(err));
        const QString first = QString::fromUtf8(backup.readAllStandardOutput()).trimmed();
        QVERIFY2(QFileInfo(first).isFile(), qPrintable(first));
        QVERIFY(QFileInfo(first).absolutePath() == QDir(backups.path()).absolutePath());
        QString found;
        QCOMPARE(storage::DatabaseCheck::check(first, storage::DatabaseCheck::Depth::Full, &found),
                 storage::DatabaseCheck::Verdict::Sound);
        // One moment's database: everything acknowledged before the backup started, at most what came after.
        const qint64 inFirst = punchesIn(first);
        QVERIFY2(inFirst >= ackedBeforeBackup && inFirst <= ackedPunches,
                 qPrintable(QStringLiteral("%1 in the backup, %2 acked before, %3 in all")
                                .arg(inFirst)
                                .arg(ackedBeforeBackup)
                                .arg(ackedPunches)));
        QCOMPARE(inFirst % RECORDS_PER_SENDLOG, 0); // whole transactions only
        QVERIFY(QSqlQuery(storage::Database::get(reader)).exec(QStringLiteral("COMMIT")));
        storage::Database::close(reader);

        // The punching stopped: a second backup holds every acknowledged punch.
        const CliRun second = runTermdesk({QStringLiteral("backup"), QStringLiteral("--to"), backups.path()},
                                          fx.dir.path(), CLI_TIMEOUT_MS);
        QVERIFY2(second.rc == 0, qPrintable(second.err));
        const QString secondFile = second.out.trimmed();
        QCOMPARE(punchesIn(secondFile), qint64(ackedPunches));

        // Refused while the server uses the data directory; nothing changes.
        const CliRun refused = runTermdesk({QStringLiteral("restore"), first}, fx.dir.path(), CLI_TIMEOUT_MS);
        QCOMPARE(refused.rc, 1);
        QVERIFY2(refused.err.contains(QLatin1String("restore refused: a TermDesk server uses")),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
                 qPrintable(refused.err));
        QCOMPARE(punchesIn(fx.engine->config().databaseFile()), qint64(ackedPunches));

        fx.stop();
        const QString exported = exportCsv(fx.dir.path());
        QCOMPARE(exported.count(u'\n'), ackedPunches + 1); // a header and one line per punch

        QTemporaryDir other;
        const CliRun restored = runTermdesk({QStringLiteral("restore"), secondFile}, other.path(), CLI_TIMEOUT_MS);
        QVERIFY2(restored.rc == 0, qPrintable(restored.err));
        QCOMPARE(exportCsv(other.path()), exported);

        // The first backup restores too, over a database that is kept aside.
        const CliRun over = runTermdesk({QStringLiteral("restore"), first}, other.path(), CLI_TIMEOUT_MS);
        QVERIFY2(over.rc == 0, qPrintable(over.err));
        QVERIFY2(over.err.contains(QLatin1String("kept as")), qPrintable(over.err));
        QCOMPARE(exportCsv(other.path()).count(u'\n'), inFirst + 1);
        const QStringList kept =
            QDir(other.path()).entryList({QStringLiteral("termdesk.sqlite.before-restore-[0-9]*-[0-9]*")}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        QCOMPARE(punchesIn(QDir(other.path()).filePath(kept.constFirst())), qint64(ackedPunches));
    }

    void secondServerOnTheSameDataDirectoryIsRefused()
    {
        EngineFixture fx;
        QVERIFY(fx.start(fx.config()));
        Engine second(fx.config());
        QVERIFY(!second.start());
        QVERIFY2(second.lastError().contains(QLatin1String("another TermDesk server uses the data directory")),
                 qPrintable(second.lastError()));
        fx.stop();
        QVERIFY2(second.start(), qPrintable(second.lastError()));
        second.stop();
    }

    void restoreRefusesDamagedAndForeignFiles()
    {
        EngineFixture fx;
        QCOMPARE(fill(fx, QStringLiteral("BK2"), 50), 500);
        const CliRun backup = runTermdesk({QStringLiteral("backup")}, fx.dir.path(), CLI_TIMEOUT_MS);
        QVERIFY2(backup.rc == 0, qPrintable(backup.err));
        fx.stop();
        const QString before = exportCsv(fx.dir.path());
        QCOMPARE(before.count(u'\n'), 501);

        QTemporaryDir files;
        const QString damaged = files.filePath(QStringLiteral("damaged.sqlite"));
        QVERIFY(QFile::copy(backup.out.trimmed(), damaged));
        QVERIFY(corruptPunchesRoot(damaged));
        const QString text = files.filePath(QStringLiteral("notes.sqlite"));
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'x'));
        }
        const QString foreign = files.filePath(QStringLiteral("foreign.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(foreign);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE punches(x)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));

        const QList<std::pair<QString, QString>> cases{
            {damaged, QStringLiteral("is damaged")},
            {text, QStringLiteral("is damaged (file is not a database")},
            {foreign, QStringLiteral("is not a TermDesk database")},
            {files.filePath(QStringLiteral("missing.sqlite")), QStringLiteral("is not a file")}};
        for (const auto &[file, why] : cases) {
            const CliRun r = runTermdesk({QStringLiteral("restore"), file}, fx.dir.path(), CLI_TIMEOUT_MS);
            QCOMPARE(r.rc, 1);
            QVERIFY2(r.err.contains(why), qPrintable(r.err));
        }
        QVERIFY(QDir(fx.dir.path()).entryList({QStringLiteral("*.before-restore-*")}, QDir::Files).isEmpty());
        QCOMPARE(exportCsv(fx.dir.path()), before);
    }

    void damagedDatabaseStopsTheServerNamingTheBackup()
    {
        EngineFixture fx;
        QCOMPARE(fill(fx, QStringLiteral("BK3"), 50), 500);
        const CliRun backup = runTermdesk({QStringLiteral("backup")}, fx.dir.path(), CLI_TIMEOUT_MS);
        QVERIFY2(backup.rc == 0, qPrintable(backup.err));
        const QString backupFile = backup.out.trimmed();
        QCOMPARE(QFileInfo(backupFile).absolutePath(), QDir(fx.dir.filePath(QStringLiteral("backups"))).absolutePath());
        fx.stop();
        const QString dbFile = fx.dir.filePath(QStringLiteral("termdesk.sqlite"));
        QVERIFY(!QFile::exists(dbFile + QStringLiteral("-wal"))); // all of it in the file we damage
        QVERIFY(corruptPunchesRoot(dbFile));

        const CliRun server = runTermdesk({QStringLiteral("--headless"), QStringLiteral("--ws-port"),
                                           QStringLiteral("0"), QStringLiteral("--tcp-port"), QStringLiteral("0"),
                                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1")},
                                          fx.dir.path(), CLI_TIMEOUT_MS);
        QVERIFY2(server.rc != 0 && server.rc != -1, qPrintable(server.out + server.err));
        QVERIFY(!server.out.contains(QLatin1String("listening")));
        QVERIFY2(
            server.err.contains(QStringLiteral("the database %1 is damaged").arg(QDir::toNativeSeparators(dbFile))),
            qPrintable(server.err));
        QVERIFY2(server.err.contains(QStringLiteral("Restore the latest backup")), qPrintable(server.err));
        QVERIFY2(
            server.err.contains(QStringLiteral("termdesk restore \"%1\"").arg(QDir::toNativeSeparators(backupFile))),
            qPrintable(server.err));

        // Doing what it says brings the server back with the punches of the backup.
        const CliRun restored = runTermdesk({QStringLiteral("restore"), backupFile}, fx.dir.path(), CLI_TIMEOUT_MS);
        QVERIFY2(restored.rc == 0, qPrintable(restored.err));
        QVERIFY2(fx.start(fx.config()), qPrintable(fx.engine->lastError()));
        QCOMPARE(punchesIn(dbFile), qint64(500));
        fx.stop();
    }
};

QTEST_GUILESS_MAIN(TestBackupRestore)
#include "tst_backuprestore.moc"
