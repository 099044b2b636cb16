// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/punchquery.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QProgressDialog;
class QWidget;

namespace termdesk::query {
class PunchExportJob;
}

namespace termdesk::ui {

/// @brief Runs one CSV export of the punches view at a time: asks for the file (through a replaceable
/// provider, so tests need no file dialog), runs a PunchExportJob in its thread and shows a window-modal
/// progress dialog whose Cancel stops it.
class ExportController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)
public:
    /// Returns the file to write, or an empty string when the operator cancelled.
    using PathProvider = std::function<QString(QWidget *parent, const QString &suggestedPath)>;

    ExportController(QString databaseFile, QWidget *parentWidget);
    ~ExportController() override;

    void setPathProvider(PathProvider provider) { m_pathProvider = std::move(provider); }
    /// Asks for a file and exports the punches matching @p filter into it.
    void exportPunches(const query::PunchFilter &filter);
    bool isRunning() const { return m_job != nullptr; }

Q_SIGNALS:
    /// @p rows written to @p file, or -1 with @p error (cancelled: query::CsvExporter::cancelledError()).
    void finished(const QString &file, qint64 rows, const QString &error);

private:
    void onProgress(qint64 processed, qint64 total);
    void onFinished(qint64 rows, const QString &error);

    QString m_databaseFile;
    QWidget *m_parentWidget;
    PathProvider m_pathProvider;
    QString m_lastDir;
    query::PunchExportJob *m_job = nullptr;
    QPointer<QProgressDialog> m_progress;
};

} // namespace termdesk::ui
