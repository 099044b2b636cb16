// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcontroller.h"

#include "query/punchexportjob.h"
#include "service/csvexporter.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>

namespace termdesk::ui {
namespace {
constexpr int PROGRESS_SCALE = 1000; // QProgressDialog takes int: show per mille
}

ExportController::ExportController(QString databaseFile, QWidget *parentWidget)
    : QObject(parentWidget), m_databaseFile(std::move(databaseFile)), m_parentWidget(parentWidget),
      m_lastDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
{
    m_pathProvider = [](QWidget *parent, const QString &suggested) {
        return QFileDialog::getSaveFileName(parent, tr("Export punches"), suggested, tr("CSV files (*.csv)"));
    };
}

ExportController::~ExportController()
{
    delete m_job; // cancels and waits
}

void ExportController::exportPunches(const query::PunchFilter &filter)
{
    if (m_job)
        return;
    const QString suggested =
        QDir(m_lastDir).filePath(QStringLiteral("punches-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)));
    QString file = m_pathProvider(m_parentWidget, suggested);
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".csv");
    m_lastDir = QFileInfo(file).absolutePath();

    query::PunchExportRequest request;
    request.databaseFile = m_databaseFile;
    request.outputFile = file;
    request.filter = filter;
    m_job = new query::PunchExportJob(request, this);
    connect(m_job, &query::PunchExportJob::progress, this, &ExportController::onProgress);
    connect(m_job, &query::PunchExportJob::finished, this, &ExportController::onFinished);

    m_progress = new QProgressDialog(m_parentWidget);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setWindowTitle(tr("Export punches"));
    m_progress->setLabelText(tr("Writing %1…").arg(QDir::toNativeSeparators(file)));
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setRange(0, PROGRESS_SCALE);
    m_progress->setMinimumDuration(400);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, m_job, &query::PunchExportJob::cancel);
    m_progress->setValue(0);
    m_job->start();
}

void ExportController::onProgress(qint64 processed, qint64 total)
{
    if (!m_progress)
        return;
    if (total <= 0) {
        m_progress->setRange(0, 0); // busy indicator
        return;
    }
    m_progress->setValue(static_cast<int>(std::min<qint64>(PROGRESS_SCALE, processed * PROGRESS_SCALE / total)));
}

void ExportController::onFinished(qint64 rows, const QString &error)
{
    const QString file = m_job->request().outputFile;
    m_job->deleteLater();
    m_job = nullptr;
    if (m_progress)
        m_progress->close();
    if (rows < 0 && error != service::CsvExporter::cancelledError()) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                    tr("The punches could not be exported to %1.").arg(QDir::toNativeSeparators(file)),
                                    QMessageBox::Ok, m_parentWidget);
        box->setObjectName(QStringLiteral("exportError"));
        box->setInformativeText(error);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT finished(file, rows, error);
}

} // namespace termdesk::ui
