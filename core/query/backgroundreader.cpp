// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundreader.h"

#include "storage/database.h"

#include <QAtomicInt>

namespace termdesk::query {
namespace {
QAtomicInt g_serial;

storage::OpenOptions readOptions()
{
    storage::OpenOptions options;
    options.readOnly = true;
    options.busyTimeoutMs = 2'000;
    return options;
}
} // namespace

BackgroundReader::BackgroundReader(const QString &databaseFile, QObject *parent)
    : BackgroundReader(databaseFile, readOptions(), QStringLiteral("termdesk-reader"), parent)
{
}

BackgroundReader::BackgroundReader(const QString &databaseFile, const storage::OpenOptions &options,
                                   const QString &threadName, QObject *parent)
    : QObject(parent), m_worker(new QObject), m_file(databaseFile), m_options(options),
      m_connection(QStringLiteral("termdesk-gui-bg-%1").arg(g_serial.fetchAndAddRelaxed(1)))
{
    m_thread.setObjectName(threadName);
    m_worker->moveToThread(&m_thread);
    // Emitted in the reader thread as it ends: the connection is closed in the thread that opened it.
    connect(
        &m_thread, &QThread::finished, m_worker,
        [this] {
            if (m_opened)
                storage::Database::close(m_connection);
            m_opened = false;
        },
        Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

BackgroundReader::~BackgroundReader()
{
    m_thread.quit();
    m_thread.wait();
}

void BackgroundReader::post(Task task)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, task = std::move(task)] {
            if (!m_opened) {
                m_openError.clear();
                m_opened = storage::Database::open(m_file, m_connection, m_options, &m_openError);
            } else if (!storage::Database::reopenIfLost(m_file, m_connection, m_options, &m_openError)) {
                // PostgreSQL's connection was lost and cannot be opened yet: this task gets the
                // error, the next one tries again.
                m_opened = false;
            }
            task(m_opened ? storage::Database::get(m_connection) : QSqlDatabase(), m_openError);
        },
        Qt::QueuedConnection);
}

} // namespace termdesk::query
