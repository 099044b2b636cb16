// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchexportjob.h"

#include "csvuserfilterdevice.h"
#include "service/csvexporter.h"
#include "storage/database.h"

#include <QSaveFile>
#include <QThread>
#include <QUuid>

namespace termdesk::query {
namespace {
constexpr qint64 PROGRESS_EVERY_ROWS = 5'000;
}

PunchExportJob::PunchExportJob(PunchExportRequest request, QObject *parent)
    : QObject(parent), m_request(std::move(request))
{
}

PunchExportJob::~PunchExportJob()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void PunchExportJob::start()
{
    if (m_thread)
        return;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("termdesk-export"));
    // finished() is emitted in the worker thread; the queued connection brings it to ours.
    connect(m_thread.get(), &QThread::finished, this, &PunchExportJob::onThreadFinished, Qt::QueuedConnection);
    m_thread->start();
}

void PunchExportJob::cancel()
{
    m_cancel = true;
}

bool PunchExportJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void PunchExportJob::onThreadFinished()
{
    m_thread->wait();
    Q_EMIT finished(m_rows, m_error);
}

void PunchExportJob::run()
{
    const QString connection = QStringLiteral("termdesk-export-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    storage::OpenOptions options;
    options.readOnly = true;
    QString error;
    if (!storage::Database::open(m_request.databaseFile, connection, options, &error)) {
        m_error = error;
        return;
    }
    {
        const QSqlDatabase db = storage::Database::get(connection);
        const service::CsvExportFilter filter = m_request.filter.exportFilter();
        const qint64 total = service::CsvExporter::countPunches(db, filter, &error);
        Q_EMIT progress(0, total);
        QSaveFile file(m_request.outputFile);
        if (!file.open(QIODevice::WriteOnly)) {
            m_error = file.errorString();
        } else {
            const UserMatcher matcher(m_request.filter.user);
            CsvUserFilterDevice userFilter(&file, matcher);
            userFilter.open(QIODevice::WriteOnly);
            QIODevice *out = matcher.isEmpty() ? static_cast<QIODevice *>(&file) : &userFilter;
            service::CsvExportOptions exportOptions;
            exportOptions.bom = m_request.bom;
            exportOptions.progressEvery = PROGRESS_EVERY_ROWS;
            qint64 rows = m_cancel.load() ? -1
                                          : service::CsvExporter::exportPunches(db, filter, exportOptions, out, &error,
                                                                                [&](qint64 done) {
                                                                                    Q_EMIT progress(done, total);
                                                                                    return !m_cancel.load();
                                                                                });
            if (rows < 0 && m_cancel.load())
                error = service::CsvExporter::cancelledError();
            if (rows >= 0 && m_cancel.load()) {
                // Cancelled after the last progress call: the operator asked for no file.
                rows = -1;
                error = service::CsvExporter::cancelledError();
            }
            if (rows < 0) {
                file.cancelWriting();
                m_error = error;
            } else if (service::CsvExporter::commit(file, &m_error)) { // else m_error says why; no file is left
                m_rows = matcher.isEmpty() ? rows : userFilter.rowsKept();
            }
        }
    }
    storage::Database::close(connection);
}

} // namespace termdesk::query
