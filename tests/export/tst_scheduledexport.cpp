// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduled export (docs/csv-export.md, "Scheduled export") on a real SQLite file and a
// ManualClock (advanced, never waited for): each run writes exactly the punches stored since the
// last one, a folder that is gone or a full disk fails the run and the next run after it is back
// catches up, and the cursor survives a restart.
#include "exportfixture.h"
#include "model/exportplan.h"
#include "service/exportscheduler.h"
#include "util/clock.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <sys/resource.h>

#include <csignal>
#endif

using namespace termdesk;
using service::ExportScheduler;
using test::ExportFixture;
using test::PunchRow;

namespace {

constexpr qint64 MINUTE = 60'000;

qint64 local(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi)).toMSecsSinceEpoch();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The punch_id column of a v2 file (header skipped).
QList<qint64> idsIn(const QString &path)
{
    QList<qint64> ids;
    const QList<QByteArray> lines = readAll(path).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!lines.at(i).trimmed().isEmpty())
            ids << lines.at(i).left(lines.at(i).indexOf(',')).toLongLong();
    }
    return ids;
}

} // namespace

class TestScheduledExport : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExportFixture> m_db;
    qint64 m_terminal = 0;
    int m_enroll = 0;

    QString path(const QString &name) const { return m_dir->filePath(name); }
    QString dbFile() const { return path(QStringLiteral("termdesk.sqlite")); }
    QString cursorFile() const { return path(QStringLiteral("scheduled-export.cursor")); }

    void addPunches(int count)
    {
        for (int i = 0; i < count; ++i) {
            ++m_enroll;
            PunchRow p;
            p.terminalId = m_terminal;
            p.enrollId = m_enroll;
            p.localTime = QStringLiteral("2025-06-01 08:%1:00").arg(m_enroll % 60, 2, 10, QLatin1Char('0'));
            p.utcMs = 1'748'736'000'000LL + m_enroll * 60'000LL;
            QVERIFY2(m_db->addPunch(p) > 0, qPrintable(m_db->lastError()));
        }
    }

    ExportPlan hourly(const QString &folder) const
    {
        ExportPlan plan;
        plan.schedule = ExportPlan::Schedule::EveryMinutes;
        plan.everyMinutes = 60;
        plan.folder = folder;
        return plan;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = std::make_unique<ExportFixture>();
        QString error;
        QVERIFY2(m_db->open(dbFile(), &error), qPrintable(error));
        m_terminal = m_db->addTerminal(QStringLiteral("T1"), QStringLiteral("Door"));
        QVERIFY(m_terminal > 0);
        m_enroll = 0;
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void dailyComputesTheNextRun()
    {
        ExportPlan plan;
        plan.schedule = ExportPlan::Schedule::Daily;
        plan.dailyAt = QTime(18, 30);
        // 10:00, yesterday's 18:30 export made: today 18:30.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 10, 0), local(2025, 6, 1, 18, 30)), local(2025, 6, 2, 18, 30));
        // 19:00, today's made: tomorrow 18:30.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 19, 0), local(2025, 6, 2, 18, 30)), local(2025, 6, 3, 18, 30));
        // 19:00, the computer was off at 18:30 (last one yesterday): at once.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 19, 0), local(2025, 6, 1, 18, 30)), local(2025, 6, 2, 19, 0));
        // Across the month's end.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 30, 20, 0), local(2025, 6, 30, 18, 30)), local(2025, 7, 1, 18, 30));
        // None yet: at once.
        QCOMPARE(plan.nextRunMs(local(2025, 6, 2, 10, 0), 0), local(2025, 6, 2, 10, 0));

        plan.schedule = ExportPlan::Schedule::EveryMinutes;
        plan.everyMinutes = 15;
        const qint64 now = local(2025, 6, 2, 10, 0);
        QCOMPARE(plan.nextRunMs(now, now - 5 * MINUTE), now + 10 * MINUTE);
        QCOMPARE(plan.nextRunMs(now, now - 60 * MINUTE), now);
        plan.schedule = ExportPlan::Schedule::Off;
        QCOMPARE(plan.nextRunMs(now, 0), -1);
    }

    void thePatternNamesAFileNeverAPath()
    {
        ExportPlan plan;
        plan.pattern = QStringLiteral("att-{date}_{time}.csv");
        QCOMPARE(plan.fileName(QDateTime(QDate(2025, 6, 2), QTime(9, 5, 7))),
                 QStringLiteral("att-2025-06-02_090507.csv"));
        QVERIFY(ExportPlan::patternProblem(plan.pattern).isEmpty());
        QVERIFY(!ExportPlan::patternProblem(QStringLiteral("punches.csv")).isEmpty()); // no {date}
        QVERIFY(!ExportPlan::patternProblem(QStringLiteral("../{date}.csv")).isEmpty());
        QVERIFY(!ExportPlan::patternProblem(QStringLiteral("sub/{date}.csv")).isEmpty());
        QVERIFY(!ExportPlan::patternProblem(QStringLiteral("c:{date}.csv")).isEmpty());
        QVERIFY(!ExportPlan::patternProblem(QStringLiteral("{date}").repeated(50)).isEmpty());
    }

    void eachRunWritesExactlyTheNewPunches()
    {
        const QString out = path(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(out));
        addPunches(3);
        ManualClock clock(local(2025, 6, 2, 9, 0));
        ExportScheduler scheduler(dbFile(), cursorFile(), &clock);
        QSignalSpy done(&scheduler, &ExportScheduler::exportFinished);
        scheduler.setPlan(hourly(out)); // never exported: the first run at once
        QVERIFY(done.wait(30000));
        const QString first = QDir(out).filePath(QStringLiteral("punches-2025-06-02-090000.csv"));
        QCOMPARE(scheduler.status().lastError, QString());
        QCOMPARE(scheduler.status().lastFile, first);
        QCOMPARE(scheduler.status().lastRows, 3);
        QVERIFY(readAll(first).startsWith("punch_id,terminal_sn,"));
        QCOMPARE(idsIn(first), (QList<qint64>{1, 2, 3}));
        QCOMPARE(readAll(cursorFile()).trimmed(), QByteArray("3"));
        QCOMPARE(scheduler.status().nextRunMs, local(2025, 6, 2, 10, 0));

        addPunches(2);
        clock.advance(59 * MINUTE); // 09:59: not yet
        QVERIFY(!scheduler.isExporting());
        clock.advance(MINUTE); // 10:00
        QVERIFY(scheduler.isExporting());
        QVERIFY(done.wait(30000));
        const QString second = QDir(out).filePath(QStringLiteral("punches-2025-06-02-100000.csv"));
        QCOMPARE(idsIn(second), (QList<qint64>{4, 5}));
        QCOMPARE(scheduler.status().lastCursor, 5);

        // Nothing new: a file with the header only (as export-csv --state), the cursor stays.
        clock.advance(60 * MINUTE);
        QVERIFY(done.wait(30000));
        const QString third = QDir(out).filePath(QStringLiteral("punches-2025-06-02-110000.csv"));
        QCOMPARE(readAll(third), QByteArray("punch_id,") + QByteArray("terminal_sn,terminal_name,protocol,enroll_id,"
                                                                      "user_name,local_time,utc_offset,utc_time,"
                                                                      "verify_mode,verify_mode_name,in_out,event,"
                                                                      "temperature,received_utc\r\n"));
        QCOMPARE(readAll(cursorFile()).trimmed(), QByteArray("5"));
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), 3); // no temporary file left

        // A restart reads the last successful run back from the cursor file: the next run is an
        // hour after it, not at once.
        ExportScheduler again(dbFile(), cursorFile(), &clock);
        again.setPlan(hourly(out));
        QCOMPARE(again.status().nextRunMs, local(2025, 6, 2, 12, 0));
        QVERIFY(!again.isExporting());
    }

    void aFileIsNeverReplaced()
    {
        const QString out = path(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(out));
        addPunches(1);
        ManualClock clock(local(2025, 6, 2, 9, 0));
        ExportScheduler scheduler(dbFile(), cursorFile(), &clock);
        QSignalSpy done(&scheduler, &ExportScheduler::exportFinished);
        ExportPlan plan = hourly(out);
        plan.pattern = QStringLiteral("punches-{date}.csv"); // one name a day, runs every hour
        plan.format = 1;
        plan.bom = true;
        scheduler.setPlan(plan);
        QVERIFY(done.wait(30000));
        addPunches(1);
        clock.advance(60 * MINUTE);
        QVERIFY(done.wait(30000));
        const QByteArray first = readAll(QDir(out).filePath(QStringLiteral("punches-2025-06-02.csv")));
        const QByteArray second = readAll(QDir(out).filePath(QStringLiteral("punches-2025-06-02-2.csv")));
        QVERIFY(first.startsWith("\xEF\xBB\xBFterminal_sn,")); // v1 with a BOM
        QCOMPARE(first.count("\r\n"), 2);
        QCOMPARE(second.count("\r\n"), 2);
        QVERIFY(first.contains("\r\nT1,Door,ws,1,")); // enroll id 1, and only it
        QVERIFY(second.contains("\r\nT1,Door,ws,2,"));
    }

    void aMissingFolderFailsAndTheNextRunCatchesUp()
    {
        const QString out = path(QStringLiteral("share"));
        addPunches(2);
        ManualClock clock(local(2025, 6, 2, 9, 0));
        ExportScheduler scheduler(dbFile(), cursorFile(), &clock);
        QSignalSpy done(&scheduler, &ExportScheduler::exportFinished);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("scheduled export failed: .*is gone")));
        scheduler.setPlan(hourly(out));
        QVERIFY(done.wait(30000));
        QVERIFY2(scheduler.status().lastError.contains(QStringLiteral("is gone")),
                 qPrintable(scheduler.status().lastError));
        QCOMPARE(scheduler.status().lastFile, QString());
        QVERIFY(!QFileInfo::exists(cursorFile()));                        // the cursor did not move
        QVERIFY(!QFileInfo::exists(out));                                 // a folder that is gone is not made
        QCOMPARE(scheduler.status().nextRunMs, local(2025, 6, 2, 9, 15)); // tried again 15 min later

        addPunches(1);
        clock.advance(15 * MINUTE); // still gone
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("scheduled export failed")));
        QVERIFY(done.wait(30000));
        QCOMPARE(done.count(), 2);
        QVERIFY(!scheduler.status().lastError.isEmpty());

        QVERIFY(QDir().mkpath(out)); // back
        addPunches(1);
        clock.advance(15 * MINUTE); // 09:30
        QVERIFY(done.wait(30000));
        QCOMPARE(scheduler.status().lastError, QString());
        const QString caughtUp = QDir(out).filePath(QStringLiteral("punches-2025-06-02-093000.csv"));
        QCOMPARE(scheduler.status().lastFile, caughtUp);
        QCOMPARE(idsIn(caughtUp), (QList<qint64>{1, 2, 3, 4})); // nothing skipped
        QCOMPARE(scheduler.status().nextRunMs, local(2025, 6, 2, 10, 30));

        addPunches(1);
        clock.advance(60 * MINUTE);
        QVERIFY(done.wait(30000));
        QCOMPARE(idsIn(scheduler.status().lastFile), (QList<qint64>{5})); // nothing twice
    }

#ifdef Q_OS_LINUX
    void aFullDiskFailsAndTheNextRunCatchesUp()
    {
        // A disk that is full, for real: this process's file-size limit (RLIMIT_FSIZE) is lowered
        // below the export's size while the run writes, so its write() fails with EFBIG (SIGXFSZ
        // ignored), as a full disk fails with ENOSPC; the database was written before.
        const QString out = path(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(out));
        addPunches(20); // about 2 KiB of CSV
        ManualClock clock(local(2025, 6, 2, 9, 0));
        ExportScheduler scheduler(dbFile(), cursorFile(), &clock);
        QSignalSpy done(&scheduler, &ExportScheduler::exportFinished);
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit normal{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &normal) == 0);
        const rlimit small{512, normal.rlim_max};
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("scheduled export failed")));
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        scheduler.setPlan(hourly(out));
        const bool finished = done.wait(30000);
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &normal) == 0);
        QVERIFY(finished);
        QVERIFY(!scheduler.status().lastError.isEmpty());
        QCOMPARE(scheduler.status().lastFile, QString());
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden), QStringList()); // no half file, no temporary
        QVERIFY(!QFileInfo::exists(cursorFile()));

        addPunches(1);
        clock.advance(15 * MINUTE); // space again: the next run catches up
        QVERIFY(done.wait(30000));
        QCOMPARE(scheduler.status().lastError, QString());
        QList<qint64> all;
        for (qint64 id = 1; id <= 21; ++id)
            all << id;
        QCOMPARE(idsIn(scheduler.status().lastFile), all);
    }
#endif
};

QTEST_GUILESS_MAIN(TestScheduledExport)
#include "tst_scheduledexport.moc"
