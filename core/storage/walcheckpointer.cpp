// SPDX-License-Identifier: GPL-3.0-or-later
#include "walcheckpointer.h"

#include "database.h"
#include "util/logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace termdesk::storage {
namespace {
QAtomicInt g_serial;
}

WalCheckpointer::WalCheckpointer(const QString &databaseFile, const QString &synchronous, int intervalMs,
                                 QObject *parent)
    : QObject(parent), m_worker(new QObject), m_file(databaseFile), m_synchronous(synchronous),
      m_connection(QStringLiteral("termdesk-checkpoint-%1").arg(g_serial.fetchAndAddRelaxed(1))),
      m_intervalMs(intervalMs)
{
    m_thread.setObjectName(QStringLiteral("termdesk-checkpoint"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [this] {
        OpenOptions options;
        options.synchronous = m_synchronous; // the database file is synced as the writer's would be
        options.busyTimeoutMs = 1'000;       // opening only; PASSIVE itself never waits
        QString error;
        if (!Database::open(m_file, m_connection, options, &error)) {
            qCWarning(lcStorage) << "WAL checkpoints stay with the writer:" << error;
            return;
        }
        QSqlQuery(Database::get(m_connection)).exec(QStringLiteral("PRAGMA busy_timeout=0")); // never wait
        auto *timer = new QTimer(m_worker);
        timer->setInterval(m_intervalMs);
        QObject::connect(timer, &QTimer::timeout, m_worker, [this] {
            QSqlQuery q(Database::get(m_connection));
            // (busy, frames in the WAL, frames copied): copied frames are the work done.
            if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) || !q.next())
                return;
            const qint64 frames = q.value(1).toLongLong();
            m_walFrames.storeRelaxed(frames);
            m_copied.storeRelaxed(q.value(2).toLongLong());
            m_runs.fetchAndAddRelaxed(1);
            // First column 0: not busy, the log was copied completely and will start again.
            if (frames > RESTART_FRAMES && q.exec(QStringLiteral("PRAGMA wal_checkpoint(RESTART)")) && q.next() &&
                q.value(0).toInt() == 0)
                m_restarts.fetchAndAddRelaxed(1);
        });
        timer->start();
    });
}

void WalCheckpointer::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            qDeleteAll(m_worker->findChildren<QTimer *>());
            Database::close(m_connection);
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace termdesk::storage
