// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportschedulefields.h"

#include "model/exportplan.h"
#include "settings/settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeEdit>

namespace termdesk::ui {

ExportScheduleFields::ExportScheduleFields(QWidget *dialog)
    : QObject(dialog), m_heading(new QLabel(dialog)), m_scheduleLabel(new QLabel(dialog)),
      m_schedule(new QComboBox(dialog)), m_minutesLabel(new QLabel(dialog)), m_minutes(new QSpinBox(dialog)),
      m_atLabel(new QLabel(dialog)), m_at(new QTimeEdit(dialog)), m_folderLabel(new QLabel(dialog)),
      m_folder(new QLineEdit(dialog)), m_folderBrowse(new QPushButton(dialog)), m_fileNameLabel(new QLabel(dialog)),
      m_fileName(new QLineEdit(dialog)), m_formatLabel(new QLabel(dialog)), m_format(new QComboBox(dialog)),
      m_bom(new QCheckBox(dialog))
{
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_schedule->setObjectName(QStringLiteral("settingExportSchedule"));
    m_minutes->setObjectName(QStringLiteral("settingExportMinutes"));
    m_at->setObjectName(QStringLiteral("settingExportAt"));
    m_folder->setObjectName(QStringLiteral("settingExportFolder"));
    m_folderBrowse->setObjectName(QStringLiteral("settingExportFolderBrowse"));
    m_fileName->setObjectName(QStringLiteral("settingExportFileName"));
    m_format->setObjectName(QStringLiteral("settingExportFormat"));
    m_bom->setObjectName(QStringLiteral("settingExportBom"));
    m_minutes->setRange(1, 1440);
    m_at->setDisplayFormat(QStringLiteral("HH:mm"));
    m_fileName->setMaxLength(ExportPlan::MAX_PATTERN_CHARS);
    for (const auto schedule :
         {ExportPlan::Schedule::Off, ExportPlan::Schedule::EveryMinutes, ExportPlan::Schedule::Daily})
        m_schedule->addItem(QString(), exportScheduleName(schedule));
    m_format->addItem(QString(), QStringLiteral("v1"));
    m_format->addItem(QString(), QStringLiteral("v2"));
    for (auto [label, field] : std::initializer_list<std::pair<QLabel *, QWidget *>>{{m_scheduleLabel, m_schedule},
                                                                                     {m_minutesLabel, m_minutes},
                                                                                     {m_atLabel, m_at},
                                                                                     {m_folderLabel, m_folder},
                                                                                     {m_fileNameLabel, m_fileName},
                                                                                     {m_formatLabel, m_format}})
        label->setBuddy(field);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, &ExportScheduleFields::updateEnabled);
    connect(m_folderBrowse, &QPushButton::clicked, this, [this, dialog] {
        const QString dir = QFileDialog::getExistingDirectory(dialog, tr("Export folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
}

void ExportScheduleFields::addRows(QFormLayout *form)
{
    form->addRow(m_heading);
    form->addRow(m_scheduleLabel, m_schedule);
    form->addRow(m_minutesLabel, m_minutes);
    form->addRow(m_atLabel, m_at);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_folderBrowse);
    form->addRow(m_folderLabel, folderRow);
    form->addRow(m_fileNameLabel, m_fileName);
    form->addRow(m_formatLabel, m_format);
    form->addRow(QString(), m_bom);
}

void ExportScheduleFields::retranslateUi()
{
    m_heading->setText(tr("Scheduled export"));
    m_scheduleLabel->setText(tr("E&xport new punches:"));
    m_schedule->setItemText(0, tr("Never (off)"));
    m_schedule->setItemText(1, tr("Every few minutes"));
    m_schedule->setItemText(2, tr("Daily"));
    m_schedule->setToolTip(tr("Writes the punches stored since the last export into a new CSV file: each punch "
                              "lands in exactly one file, also one a terminal uploads days late."));
    m_minutesLabel->setText(tr("Export e&very:"));
    m_minutes->setSuffix(tr(" min"));
    m_atLabel->setText(tr("Daily export a&t:"));
    m_folderLabel->setText(tr("Export f&older:"));
    m_folder->setPlaceholderText(tr("exports in the data directory"));
    m_folder->setToolTip(tr("Where payroll picks the files up. A folder that is gone is reported, not made again; "
                            "the next export after it is back catches up."));
    m_folderBrowse->setText(tr("Choose…"));
    m_folderBrowse->setAccessibleName(tr("Choose the export folder"));
    m_fileNameLabel->setText(tr("Export file &name:"));
    m_fileName->setToolTip(tr("{date} is the day of the export (yyyy-MM-dd), {time} its time (HHmmss)"));
    m_formatLabel->setText(tr("Export for&mat:"));
    m_format->setItemText(0, tr("v1"));
    m_format->setItemText(1, tr("v2 (punch_id first)"));
    m_bom->setText(tr("Start export files with a byte order mark (for Excel)"));
}

void ExportScheduleFields::updateEnabled()
{
    ExportPlan::Schedule schedule = ExportPlan::Schedule::Off;
    exportScheduleFromName(m_schedule->currentData().toString(), &schedule);
    m_minutes->setEnabled(schedule == ExportPlan::Schedule::EveryMinutes);
    m_at->setEnabled(schedule == ExportPlan::Schedule::Daily);
}

void ExportScheduleFields::load(const Settings &settings)
{
    const ExportPlan plan = settings.engineConfig().scheduledExport;
    m_schedule->setCurrentIndex(std::max(0, m_schedule->findData(exportScheduleName(plan.schedule))));
    m_minutes->setValue(plan.everyMinutes);
    m_at->setTime(plan.dailyAt);
    m_folder->setText(QDir::toNativeSeparators(plan.folder));
    m_fileName->setText(plan.pattern);
    m_format->setCurrentIndex(plan.format == 1 ? 0 : 1);
    m_bom->setChecked(plan.bom);
    updateEnabled();
}

bool ExportScheduleFields::save(Settings &settings, QString *error) const
{
    using namespace settingkeys;
    const QString folder = QDir::cleanPath(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    if (!folder.isEmpty() && !QDir(folder).isAbsolute()) {
        *error = tr("The export folder must be a full path (or empty: exports in the data directory).");
        return false;
    }
    const QString pattern = m_fileName->text().trimmed();
    if (!ExportPlan::patternProblem(pattern).isEmpty()) {
        *error = tr("The export file name must hold {date} and be a name, not a path (no / \\ : * ? \" < > |).");
        return false;
    }
    settings.setValue(exportSchedule, m_schedule->currentData().toString());
    settings.setValue(exportEveryMinutes, m_minutes->value());
    settings.setValue(exportDailyAt, m_at->time().toString(QStringLiteral("HH:mm")));
    settings.setValue(exportFolder, folder);
    settings.setValue(exportFileName, pattern);
    settings.setValue(exportFormat, m_format->currentData().toString());
    settings.setValue(exportBom, m_bom->isChecked());
    return true;
}

} // namespace termdesk::ui
