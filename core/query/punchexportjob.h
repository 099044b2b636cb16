// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchquery.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace termdesk::query {

/// @brief What to export and where.
struct PunchExportRequest
{
    QString databaseFile;
    QString outputFile;
    PunchFilter filter;
    bool bom = false; ///< UTF-8 byte order mark first (spreadsheet programs need it to read UTF-8)
};

/// @brief Exports punches to a CSV file (format v1, CsvExporter) in a thread of its own, with its own
/// read-only connection, so the console stays responsive while a million rows are written. The file is
/// written through QSaveFile: a failed or cancelled export leaves no partial file behind.
/// Signals arrive in the thread that owns the job.
class PunchExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PunchExportJob)
public:
    explicit PunchExportJob(PunchExportRequest request, QObject *parent = nullptr);
    ~PunchExportJob() override; ///< cancels a running export and waits for its thread

    void start();
    void cancel(); ///< thread-safe; finished() follows with CsvExporter::cancelledError()
    bool isRunning() const;
    const PunchExportRequest &request() const { return m_request; }

Q_SIGNALS:
    /// @p processed rows of @p total read so far (total = -1 while unknown).
    void progress(qint64 processed, qint64 total);
    /// @p rows written (header not counted), or -1 with @p error set.
    void finished(qint64 rows, const QString &error);

private:
    void run();
    void onThreadFinished();

    PunchExportRequest m_request;
    std::unique_ptr<QThread> m_thread;
    std::atomic_bool m_cancel{false};
    qint64 m_rows = -1; // written by the worker before its thread finishes, read after
    QString m_error;
};

} // namespace termdesk::query
