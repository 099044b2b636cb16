// SPDX-License-Identifier: GPL-3.0-or-later
// A disk that cannot be written, for real: the real `termdesk --headless`, whose file-size limit
// (RLIMIT_FSIZE) the test lowers to 0 while it runs, so every write() to the database and its WAL
// fails with EFBIG (SIGXFSZ ignored, as a full disk fails with ENOSPC), then raises again. A
// WebSocket terminal punches before, during and after. Counted: nothing is acknowledged while
// writes fail, every punch acknowledged is stored exactly once, the log says what happened, and
// the server resumes by itself (docs/backup.md, "A disk that fails").
#include "../common/termdeskcli.h"
#include "../common/wsclient.h"
#include "storage/database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>
#include <sys/resource.h>

namespace {

constexpr int RECORDS = 5; // per sendlog

QByteArray sendlog(int batch)
{
    QStringList records;
    const QDateTime base(QDate(2025, 6, 3), QTime(8, 0));
    for (int i = 0; i < RECORDS; ++i) {
        const int n = batch * RECORDS + i;
        records << QStringLiteral(R"({"enrollid":%1,"time":"%2","mode":1,"inout":0,"event":0})")
                       .arg(n % 30 + 1)
                       .arg(base.addSecs(n).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    return QStringLiteral(R"({"cmd":"sendlog","sn":"DF1","count":%1,"logindex":%2,"record":[%3]})")
        .arg(RECORDS)
        .arg(batch)
        .arg(records.join(u','))
        .toUtf8();
}

/// true: acknowledged; false: refused (result false); the test fails on anything else.
std::optional<bool> punch(WsClient &t, int batch)
{
    const QJsonObject r = t.call(sendlog(batch), 20000);
    if (r.value(QLatin1String("ret")).toString() != QLatin1String("sendlog"))
        return std::nullopt;
    return r.value(QLatin1String("result")).toBool();
}

bool setFileSizeLimit(qint64 pid, rlim_t soft)
{
    const struct rlimit limit
    {
        soft, RLIM_INFINITY
    };
    return ::prlimit(static_cast<pid_t>(pid), RLIMIT_FSIZE, &limit, nullptr) == 0;
}

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingAckedWhileWritesFailAndResumesByItself()
    {
        QTemporaryDir dir;
        {
            // The terminal below answers nothing but its punches: no commands after reg, no backup.
            QFile ini(dir.filePath(QStringLiteral("termdesk.ini")));
            QVERIFY(ini.open(QIODevice::WriteOnly));
            ini.write("[registration]\npullNewLogs=false\n[clock]\nautoSync=false\n[backup]\nschedule=off\n");
        }
        QProcess server;
        // Ignored before exec stays ignored in termdesk: a write past the limit then fails with EFBIG
        // instead of killing the process.
        server.setChildProcessModifier([] { ::signal(SIGXFSZ, SIG_IGN); });
        server.start(QStringLiteral(TERMDESK_BIN),
                     {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
                      QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--tcp-port"),
                      QStringLiteral("0"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1")});
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += server.readAllStandardOutput();
                return out.contains('\n') || server.state() == QProcess::NotRunning;
            },
            30000));
        const auto m = QRegularExpression(QStringLiteral("ws=(\\d+)")).match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        WsClient t;
        QVERIFY(t.open(static_cast<quint16>(m.captured(1).toUInt())));
        QVERIFY(t.reg(QStringLiteral("DF1")));

        int batch = 0;
        QList<int> ackedBatches;
        for (; batch < 20; ++batch) {
            QCOMPARE(punch(t, batch), std::optional<bool>(true));
            ackedBatches << batch;
        }

        // The disk fails: nothing is acknowledged.
        QVERIFY(setFileSizeLimit(server.processId(), 0));
        QList<int> refused;
        for (int i = 0; i < 10; ++i, ++batch) {
            QCOMPARE(punch(t, batch), std::optional<bool>(false));
            refused << batch;
        }
        QString err;
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += QString::fromUtf8(consoleText(server.readAllStandardError()));
                return err.contains(QLatin1String("cannot write the database"));
            },
            10000));
        QVERIFY2(err.contains(QLatin1String("nothing is acknowledged")), qPrintable(err));
        QCOMPARE(server.state(), QProcess::Running);

        // Space is back: the same server stores again; the terminal sends what it kept, then new punches.
        QVERIFY(setFileSizeLimit(server.processId(), RLIM_INFINITY));
        for (const int again : refused) {
            QCOMPARE(punch(t, again), std::optional<bool>(true));
            ackedBatches << again;
        }
        for (int i = 0; i < 20; ++i, ++batch) {
            QCOMPARE(punch(t, batch), std::optional<bool>(true));
            ackedBatches << batch;
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += QString::fromUtf8(consoleText(server.readAllStandardError()));
                return err.contains(QLatin1String("database writes work again"));
            },
            10000));

        server.terminate();
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), 0);

        // Every acknowledged punch exactly once, nothing else.
        const QString name = QStringLiteral("diskfull-check");
        qint64 rows = -1;
        qint64 distinct = -1;
        {
            termdesk::storage::OpenOptions options;
            options.readOnly = true;
            QString error;
            QVERIFY2(termdesk::storage::Database::open(QDir(dir.path()).filePath(QStringLiteral("termdesk.sqlite")),
                                                       name, options, &error),
                     qPrintable(error));
            QSqlQuery q(termdesk::storage::Database::get(name));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT local_time) FROM punches")) && q.next());
            rows = q.value(0).toLongLong();
            distinct = q.value(1).toLongLong();
        }
        termdesk::storage::Database::close(name);
        QCOMPARE(ackedBatches.size(), 50);
        QCOMPARE(rows, qint64(50 * RECORDS));
        QCOMPARE(distinct, rows);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
