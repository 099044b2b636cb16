// SPDX-License-Identifier: GPL-3.0-or-later
#include "storageclient.h"

#include "postgresurl.h"
#include "storagewriter.h"
#include "util/logging.h"

#include <QCoreApplication>

namespace termdesk::storage {

namespace {
constexpr int CHECKPOINT_INTERVAL_MS = 100;
}

StorageClient::StorageClient(const QString &file, const OpenOptions &options, bool storePhotos, QObject *parent)
    : QObject(parent), m_writer(new StorageWriter(file, options, storePhotos))
{
    if (!options.readOnly && !PostgresUrl::isUrl(file)) // WAL checkpoints are SQLite's
        m_checkpointer = std::make_unique<WalCheckpointer>(file, options.synchronous, CHECKPOINT_INTERVAL_MS);
    m_thread.setObjectName(QStringLiteral("termdesk-storage"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &StorageWriter::finished, this, &StorageClient::onFinished, Qt::QueuedConnection);
    connect(m_writer, &StorageWriter::writesFailingChanged, this, &StorageClient::writesFailingChanged,
            Qt::QueuedConnection);
}

StorageClient::~StorageClient()
{
    stop();
    if (m_writer && !m_thread.isRunning())
        delete m_writer; // never started: no event loop will run its deleteLater
}

bool StorageClient::start(QString *error)
{
    QString openError;
    const auto conn = connect(
        m_writer, &StorageWriter::opened, this, [&openError](bool, const QString &e) { openError = e; },
        Qt::DirectConnection);
    m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(m_writer, &StorageWriter::openDatabase, Qt::BlockingQueuedConnection, &ok);
    disconnect(conn);
    if (!ok) {
        if (error)
            *error = openError;
        m_thread.quit();
        m_thread.wait();
        m_writer = nullptr; // deleted by the thread's finished()
        return false;
    }
    m_running = true;
    if (m_checkpointer)
        m_checkpointer->start();
    return true;
}

void StorageClient::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_checkpointer)
        m_checkpointer->stop(); // the writer's close makes the last checkpoint
    QMetaObject::invokeMethod(m_writer, &StorageWriter::flushAndClose, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_writer = nullptr;
    // Results queued to us before the thread ended still carry callbacks: run them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (!m_callbacks.isEmpty())
        qCWarning(lcStorage) << m_callbacks.size() << "write callbacks never completed";
}

void StorageClient::submitJob(WriteJob job, Completion done)
{
    if (!m_running || !m_writer) {
        if (done)
            done(WriteJobs::failed(job.index(), QStringLiteral("storage is stopped")));
        return;
    }
    const quint64 id = m_writer->submit(std::move(job));
    if (done)
        m_callbacks.insert(id, std::move(done));
}

void StorageClient::setLiveFeed(bool on)
{
    if (m_writer)
        m_writer->setLiveFeed(on);
}

void StorageClient::onFinished(const QList<FinishedJob> &results)
{
    int inserted = 0;
    QList<StoredPunch> stored;
    for (const FinishedJob &r : results) {
        std::visit(
            [&](const auto &result) {
                if constexpr (std::is_same_v<std::decay_t<decltype(result)>, PunchBatchResult>) {
                    inserted += result.inserted;
                    stored += result.stored;
                }
            },
            r.outcome);
        if (const auto it = m_callbacks.find(r.id); it != m_callbacks.end()) {
            Completion cb = std::move(it.value());
            m_callbacks.erase(it);
            cb(r.outcome);
        }
    }
    Q_EMIT burstDone(static_cast<int>(results.size()), inserted);
    if (!stored.isEmpty())
        Q_EMIT punchesInserted(stored);
}

} // namespace termdesk::storage
