// SPDX-License-Identifier: GPL-3.0-or-later
// Backups on real SQLite files: the schedule on a ManualClock (advanced, never waited for), the
// folder pruned to the newest N, the check that tells a sound TermDesk database from a damaged
// or foreign file, and the data directory's lock (docs/backup.md).
#include "../common/damageddb.h"
#include "model/backupplan.h"
#include "storage/backupscheduler.h"
#include "storage/database.h"
#include "storage/databasebackup.h"
#include "storage/databasecheck.h"
#include "storage/datadirlock.h"
#include "storage/schema.h"
#include "util/clock.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace termdesk;
using storage::DatabaseBackup;
using storage::DatabaseCheck;

namespace {

constexpr qint64 HOUR = 3'600'000;

qint64 local(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi)).toMSecsSinceEpoch();
}

/// A TermDesk database with @p punches rows, closed again.
bool makeDatabase(const QString &file, int punches)
{
    const QString name = QStringLiteral("make-%1").arg(file);
    bool ok = false;
    {
        QString error;
        if (!storage::Database::open(file, name, storage::OpenOptions{}, &error)) {
            qWarning() << error;
            return false;
        }
        QSqlDatabase db = storage::Database::get(name);
        QSqlQuery q(db);
        ok = db.transaction() &&
             q.exec(QStringLiteral("INSERT INTO terminals(id, sn, protocol, admission, first_seen_ms, last_seen_ms) "
                                   "VALUES(1, 'T1', 'ws', 'approved', 0, 0)"));
        for (int i = 0; ok && i < punches; ++i)
            ok = q.exec(QStringLiteral("INSERT INTO punches(terminal_id, enroll_id, local_time, verify_mode, in_out, "
                                       "event, utc_ms, utc_offset_min, name, received_ms) "
                                       "VALUES(1, %1, '2025-06-01 08:00:00', 1, 0, 0, %2, 0, 'Person %1', 0)")
                            .arg(i)
                            .arg(1'748'764'800'000LL + i));
        if (!ok)
            qWarning() << q.lastError().text();
        ok = ok && db.commit();
    }
    storage::Database::close(name);
    return ok;
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyHoursCountsFromTheLastBackup()
    {
        BackupPlan plan;
        plan.schedule = BackupPlan::Schedule::EveryHours;
        plan.everyHours = 6;
        const qint64 now = local(2025, 6, 2, 10, 0);
        QCOMPARE(plan.nextRunMs(now, 0), now);                     // none yet: now
        QCOMPARE(plan.nextRunMs(now, now - HOUR), now + 5 * HOUR); // 6 h after the last
        QCOMPARE(plan.nextRunMs(now, now - 30 * HOUR), now);       // overdue: now
        plan.schedule = BackupPlan::Schedule::Off;
        QCOMPARE(plan.nextRunMs(now, 0), -1);
    }

    void dailyRunsAtItsTimeAndCatchesUpAMissedOne()
    {
        BackupPlan plan;
        plan.schedule = BackupPlan::Schedule::Daily;
        plan.dailyAt = QTime(2, 0);
        // 10:00, today's 02:00 backup made: tomorrow 02:00.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 10, 0), local(2025, 6, 2, 2, 0)), local(2025, 6, 3, 2, 0));
        // 01:00, yesterday's made: today 02:00.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 1, 0), local(2025, 6, 1, 2, 1)), local(2025, 6, 2, 2, 0));
        // 10:00, the computer was off at 02:00 (last one yesterday): at once.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 10, 0), local(2025, 6, 1, 2, 0)), local(2025, 6, 2, 10, 0));
        // None yet: at once.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 10, 0), 0), local(2025, 6, 2, 10, 0));
    }

    void scheduleFollowsTheClockAndKeepsTheNewest()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("termdesk.sqlite"));
        QVERIFY(makeDatabase(db, 10));
        ManualClock clock(local(2025, 6, 2, 9, 0));
        storage::BackupScheduler scheduler(db, &clock);
        QSignalSpy done(&scheduler, &storage::BackupScheduler::backupFinished);
        BackupPlan plan;
        plan.schedule = BackupPlan::Schedule::EveryHours;
        plan.everyHours = 6;
        plan.keep = 2;
        plan.folder = dir.filePath(QStringLiteral("backups"));
        scheduler.setPlan(plan); // no backup yet: one at once
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(1).toString(), QString());
        QCOMPARE(QFileInfo(done.at(0).at(0).toString()).fileName(), QStringLiteral("termdesk-20250602-090000.sqlite"));
        QCOMPARE(scheduler.nextRunMs(), local(2025, 6, 2, 15, 0));

        clock.advance(6 * HOUR - 60'000); // 14:59
        QVERIFY(!scheduler.isBackingUp());
        QCOMPARE(done.count(), 1);
        clock.advance(60'000); // 15:00
        QVERIFY(scheduler.isBackingUp());
        QVERIFY(done.wait(30000));
        clock.advance(6 * HOUR); // 21:00: the third; the first is deleted (keep 2)
        QVERIFY(scheduler.isBackingUp());
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(2).at(2).toStringList(),
                 QStringList{QDir(plan.folder).filePath(QStringLiteral("termdesk-20250602-090000.sqlite"))});
        QStringList names;
        for (const QString &path : DatabaseBackup::list(plan.folder))
            names << QFileInfo(path).fileName();
        QCOMPARE(names, (QStringList{QStringLiteral("termdesk-20250602-210000.sqlite"),
                                     QStringLiteral("termdesk-20250602-150000.sqlite")}));

        // A restart finds the newest backup in the folder: the next is 6 h after it, not at once.
        storage::BackupScheduler again(db, &clock);
        again.setPlan(plan);
        QCOMPARE(again.nextRunMs(), local(2025, 6, 3, 3, 0));
        QVERIFY(!again.isBackingUp());
    }

    void pruneTouchesOnlyBackups()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("termdesk.sqlite"));
        QVERIFY(makeDatabase(db, 3));
        const QString folder = dir.filePath(QStringLiteral("b"));
        QString error;
        for (int day = 1; day <= 4; ++day)
            QVERIFY2(!DatabaseBackup::make(db, folder, QDateTime(QDate(2025, 6, day), QTime(2, 0)), &error).isEmpty(),
                     qPrintable(error));
        // Two in the same second: the second gets "-2" and counts as newer.
        const QString twin = DatabaseBackup::make(db, folder, QDateTime(QDate(2025, 6, 4), QTime(2, 0)), &error);
        QCOMPARE(QFileInfo(twin).fileName(), QStringLiteral("termdesk-20250604-020000-2.sqlite"));
        QFile other(QDir(folder).filePath(QStringLiteral("termdesk-notes.sqlite")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        const QStringList removed = DatabaseBackup::prune(folder, 2);
        QCOMPARE(removed.size(), 3);
        QStringList left = QDir(folder).entryList(QDir::Files, QDir::Name);
        QCOMPARE(left, (QStringList{QStringLiteral("termdesk-20250604-020000-2.sqlite"),
                                    QStringLiteral("termdesk-20250604-020000.sqlite"),
                                    QStringLiteral("termdesk-notes.sqlite")}));
    }

    void checkTellsSoundFromDamagedAndForeign()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("termdesk.sqlite"));
        QVERIFY(makeDatabase(db, 2000));
        QString message;
        QCOMPARE(DatabaseCheck::check(db, DatabaseCheck::Depth::Full, &message), DatabaseCheck::Verdict::Sound);

        QFile text(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(QByteArray(8192, 'x'));
        text.close();
        QCOMPARE(DatabaseCheck::check(text.fileName(), DatabaseCheck::Depth::Quick, &message),
                 DatabaseCheck::Verdict::Damaged);
        QVERIFY2(message.contains(QLatin1String("not a database")), qPrintable(message));

        const QString foreign = dir.filePath(QStringLiteral("other.sqlite"));
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            other.setDatabaseName(foreign);
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("CREATE TABLE t(x)")));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        QCOMPARE(DatabaseCheck::check(foreign, DatabaseCheck::Depth::Full, &message),
                 DatabaseCheck::Verdict::NotTermDesk);

        const QString newer = dir.filePath(QStringLiteral("newer.sqlite"));
        QVERIFY(QFile::copy(db, newer));
        {
            QSqlDatabase n = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            n.setDatabaseName(newer);
            QVERIFY(n.open());
            QVERIFY(QSqlQuery(n).exec(QStringLiteral("INSERT INTO schema_version(version, applied_ms) VALUES(%1, 0)")
                                          .arg(storage::Schema::latestVersion() + 1)));
            n.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        QCOMPARE(DatabaseCheck::check(newer, DatabaseCheck::Depth::Full, &message), DatabaseCheck::Verdict::TooNew);

        const QString damaged = dir.filePath(QStringLiteral("damaged.sqlite"));
        QVERIFY(QFile::copy(db, damaged));
        QVERIFY(corruptPunchesRoot(damaged));
        QCOMPARE(DatabaseCheck::check(damaged, DatabaseCheck::Depth::Quick, &message), DatabaseCheck::Verdict::Damaged);
        QVERIFY(!message.isEmpty());
    }

    void lockIsHeldUntilReleased()
    {
        QTemporaryDir dir;
        storage::DataDirLock first(dir.path());
        QString holder;
        QVERIFY(first.tryLock(&holder));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("termdesk.lock"))));
        storage::DataDirLock second(dir.path());
        QVERIFY(!second.tryLock(&holder));
        QVERIFY2(holder.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(holder));
        first.unlock();
        QVERIFY(second.tryLock(&holder));
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
