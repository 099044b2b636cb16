// SPDX-License-Identifier: GPL-3.0-or-later
// synchronous=FULL through WalSyncer: results are delivered in order, only after the WAL was
// synced, and as failures when it could not be.
#include "storage/nativewalsync.h"
#include "storage/storageclient.h"
#include "storage/storagewriter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace termdesk::storage;

namespace {
WriteResult ok(quint64 id)
{
    WriteResult r;
    r.id = id;
    r.ok = true;
    return r;
}
} // namespace

class TestWalSync : public QObject
{
    Q_OBJECT
private slots:
    void deliversInOrderAfterTheSync()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("x.sqlite"));
        QFile wal(db + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::WriteOnly));
        wal.write("frames");
        wal.close();
        QList<WriteResult> delivered;
        {
            WalSyncer syncer(db, [&](const QList<WriteResult> &r) { delivered += r; });
            syncer.post({ok(1), ok(2)}, true);
            syncer.post({WriteResult::failure(3, QStringLiteral("rolled back"))}, false);
            syncer.post({ok(4)}, true);
            syncer.waitIdle();
            QVERIFY(syncer.syncCount() >= 1);
            QVERIFY(syncer.syncCount() <= 2); // one sync may cover several commits
        }
        QCOMPARE(delivered.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(delivered[i].id, quint64(i + 1));
        QVERIFY(delivered[0].ok && delivered[1].ok && !delivered[2].ok && delivered[3].ok);
    }

    void failedSyncFailsTheCommittedResults()
    {
        QTemporaryDir dir;
        // no -wal file: the sync cannot happen, so nothing may be reported as stored
        QList<WriteResult> delivered;
        WalSyncer syncer(dir.filePath(QStringLiteral("missing.sqlite")),
                         [&](const QList<WriteResult> &r) { delivered += r; });
        syncer.post({ok(7)}, true);
        syncer.waitIdle();
        QCOMPARE(delivered.size(), 1);
        QCOMPARE(delivered[0].id, quint64(7));
        QVERIFY(!delivered[0].ok);
        QVERIFY2(delivered[0].error.contains(QLatin1String("sync")), qPrintable(delivered[0].error));
    }

    void writerUsesTheSyncerOnlyForFull()
    {
        for (const QString &sync : {QStringLiteral("FULL"), QStringLiteral("NORMAL")}) {
            QTemporaryDir dir;
            OpenOptions o;
            o.synchronous = sync;
            StorageClient client(dir.filePath(QStringLiteral("t.sqlite")), o, false);
            QString error;
            QVERIFY2(client.start(&error), qPrintable(error));
            bool done = false;
            bool stored = false;
            RegisterJob job;
            job.sn = QStringLiteral("WALSYNC1");
            client.submit(std::move(job), [&](const WriteResult &r) {
                done = true;
                stored = r.ok && r.registration.accepted;
            });
            QTRY_VERIFY(done);
            QVERIFY(stored);
            if (sync == QLatin1String("FULL"))
                QVERIFY(client.writer()->walSyncs() >= 1); // the commit reached the disk before the result
            else
                QCOMPARE(client.writer()->walSyncs(), qint64(-1)); // NORMAL: no sync thread
            client.stop();
        }
    }
};

QTEST_GUILESS_MAIN(TestWalSync)
#include "tst_walsync.moc"
