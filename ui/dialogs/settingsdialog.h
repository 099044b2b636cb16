// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimeEdit;

namespace termdesk::ui {

class ExportScheduleFields;
class DatabaseFields;
class ListenerNetworkFields;
class TlsApiFields;

/// @brief The installation's settings (termdesk.ini in the data directory, shared with --headless and
/// the command-line tools) and the console's language (per user). Server settings apply at the next
/// start: the engine reads them once, when it starts listening.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    /// @p language: the current choice ("" = the system's language).
    SettingsDialog(const QString &dataDir, const QString &language, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// Writes the settings (also called by accept()). Returns false with a message when a value is invalid.
    bool save(QString *error);
    /// The user-level QSettings key (not termdesk.ini) holding the data directory chosen here; the
    /// console uses it at start when neither --data-dir nor TERMDESK_DATA_DIR is given.
    static constexpr char DATA_DIR_KEY[] = "paths/dataDir";
    QString language() const;

    void accept() override;

Q_SIGNALS:
    /// The settings were written; @p language is the chosen language ("" = system).
    void saved(const QString &language);

protected:
    void changeEvent(QEvent *event) override;

private:
    void load();
    void retranslateUi();
    void updatePolicyHint();
    void updateBackupFields();

    QString m_dataDir;
    QString m_initialLanguage;
    QLabel *m_restartNote;
    QLabel *m_networkHeading;
    QLabel *m_wsPortLabel;
    QSpinBox *m_wsPort;
    QLabel *m_tcpPortLabel;
    QSpinBox *m_tcpPort;
    QLabel *m_listenLabel;
    QLineEdit *m_listen;
    QLabel *m_idleLabel;
    QSpinBox *m_idle;
    QLabel *m_admissionHeading;
    QLabel *m_policyLabel;
    QComboBox *m_policy;
    QLabel *m_policyHint;
    QLabel *m_refusalLabel;
    QLineEdit *m_refusal;
    QCheckBox *m_noSendUser;
    QLabel *m_storageHeading;
    QCheckBox *m_photos;
    QLabel *m_photoRetentionLabel;
    QSpinBox *m_photoRetention;
    QLabel *m_syncLabel;
    QComboBox *m_sync;
    QLabel *m_backupHeading;
    QLabel *m_backupScheduleLabel;
    QComboBox *m_backupSchedule;
    QLabel *m_backupHoursLabel;
    QSpinBox *m_backupHours;
    QLabel *m_backupAtLabel;
    QTimeEdit *m_backupAt;
    QLabel *m_backupKeepLabel;
    QSpinBox *m_backupKeep;
    QLabel *m_backupFolderLabel;
    QLineEdit *m_backupFolder;
    QPushButton *m_backupFolderBrowse;
    ExportScheduleFields *m_exportFields = nullptr;   ///< the "Scheduled export" rows
    ListenerNetworkFields *m_networkFields = nullptr; ///< the listeners' allowed networks
    DatabaseFields *m_databaseFields = nullptr;       ///< the shared store's URL, no servers here
    TlsApiFields *m_tlsApiFields = nullptr;           ///< wss://, the TLS certificate, the REST API
    QLabel *m_terminalsHeading;
    QCheckBox *m_clockSync;
    QLabel *m_clockThresholdLabel;
    QSpinBox *m_clockThreshold;
    QCheckBox *m_pullLogs;
    QLabel *m_sleepingLabel;
    QSpinBox *m_sleeping;
    QLabel *m_dataDirLabel;
    QLineEdit *m_dataDirEdit;
    QPushButton *m_dataDirBrowse;
    QLabel *m_consoleHeading;
    QLabel *m_languageLabel;
    QComboBox *m_language;
    QLabel *m_file;
    QDialogButtonBox *m_buttons;
};

} // namespace termdesk::ui
