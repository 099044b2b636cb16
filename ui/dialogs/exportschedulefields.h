// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimeEdit;
class QWidget;

namespace termdesk {
class Settings;
}

namespace termdesk::ui {

/// @brief The Settings dialog's "Scheduled export" rows (settings `export/*`, docs/csv-export.md):
/// when, where, the file name, the format and the BOM. Its widgets are children of the dialog.
class ExportScheduleFields final : public QObject
{
    Q_OBJECT
public:
    explicit ExportScheduleFields(QWidget *dialog);

    void addRows(QFormLayout *form);
    void retranslateUi();
    void load(const Settings &settings);
    /// Writes the fields, or returns false with *error saying which one is wrong (nothing written).
    bool save(Settings &settings, QString *error) const;

private:
    void updateEnabled();

    QLabel *m_heading;
    QLabel *m_scheduleLabel;
    QComboBox *m_schedule;
    QLabel *m_minutesLabel;
    QSpinBox *m_minutes;
    QLabel *m_atLabel;
    QTimeEdit *m_at;
    QLabel *m_folderLabel;
    QLineEdit *m_folder;
    QPushButton *m_folderBrowse;
    QLabel *m_fileNameLabel;
    QLineEdit *m_fileName;
    QLabel *m_formatLabel;
    QComboBox *m_format;
    QCheckBox *m_bom;
};

} // namespace termdesk::ui
