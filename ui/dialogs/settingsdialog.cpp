// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingsdialog.h"

#include "databasefields.h"
#include "exportschedulefields.h"
#include "languagemanager.h"
#include "listenernetworkfields.h"
#include "model/admission.h"
#include "model/backupplan.h"
#include "settings/settings.h"
#include "tlsapifields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

QLabel *heading(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(const QString &dataDir, const QString &language, QWidget *parent)
    : QDialog(parent), m_dataDir(dataDir), m_initialLanguage(language), m_restartNote(new QLabel(this)),
      m_networkHeading(heading(this)), m_wsPortLabel(new QLabel(this)), m_wsPort(new QSpinBox(this)),
      m_tcpPortLabel(new QLabel(this)), m_tcpPort(new QSpinBox(this)), m_listenLabel(new QLabel(this)),
      m_listen(new QLineEdit(this)), m_idleLabel(new QLabel(this)), m_idle(new QSpinBox(this)),
      m_admissionHeading(heading(this)), m_policyLabel(new QLabel(this)), m_policy(new QComboBox(this)),
      m_policyHint(new QLabel(this)), m_refusalLabel(new QLabel(this)), m_refusal(new QLineEdit(this)),
      m_noSendUser(new QCheckBox(this)), m_storageHeading(heading(this)), m_photos(new QCheckBox(this)),
      m_photoRetentionLabel(new QLabel(this)), m_photoRetention(new QSpinBox(this)), m_syncLabel(new QLabel(this)),
      m_sync(new QComboBox(this)), m_backupHeading(heading(this)), m_backupScheduleLabel(new QLabel(this)),
      m_backupSchedule(new QComboBox(this)), m_backupHoursLabel(new QLabel(this)), m_backupHours(new QSpinBox(this)),
      m_backupAtLabel(new QLabel(this)), m_backupAt(new QTimeEdit(this)), m_backupKeepLabel(new QLabel(this)),
      m_backupKeep(new QSpinBox(this)), m_backupFolderLabel(new QLabel(this)), m_backupFolder(new QLineEdit(this)),
      m_backupFolderBrowse(new QPushButton(this)), m_terminalsHeading(heading(this)), m_clockSync(new QCheckBox(this)),
      m_clockThresholdLabel(new QLabel(this)), m_clockThreshold(new QSpinBox(this)), m_pullLogs(new QCheckBox(this)),
      m_sleepingLabel(new QLabel(this)), m_sleeping(new QSpinBox(this)), m_dataDirLabel(new QLabel(this)),
      m_dataDirEdit(new QLineEdit(this)), m_dataDirBrowse(new QPushButton(this)), m_consoleHeading(heading(this)),
      m_languageLabel(new QLabel(this)), m_language(new QComboBox(this)), m_file(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    m_wsPort->setObjectName(QStringLiteral("settingWsPort"));
    m_tcpPort->setObjectName(QStringLiteral("settingTcpPort"));
    m_listen->setObjectName(QStringLiteral("settingListen"));
    m_idle->setObjectName(QStringLiteral("settingIdleTimeout"));
    m_policy->setObjectName(QStringLiteral("settingAdmission"));
    m_refusal->setObjectName(QStringLiteral("settingRefusal"));
    m_noSendUser->setObjectName(QStringLiteral("settingNoSendUser"));
    m_photos->setObjectName(QStringLiteral("settingPhotos"));
    m_photoRetention->setObjectName(QStringLiteral("settingPhotoRetention"));
    m_sync->setObjectName(QStringLiteral("settingSynchronous"));
    m_language->setObjectName(QStringLiteral("settingLanguage"));
    m_clockSync->setObjectName(QStringLiteral("settingClockSync"));
    m_clockThreshold->setObjectName(QStringLiteral("settingClockThreshold"));
    m_pullLogs->setObjectName(QStringLiteral("settingPullLogs"));
    m_sleeping->setObjectName(QStringLiteral("settingSleepingWindow"));
    m_dataDirEdit->setObjectName(QStringLiteral("settingDataDir"));
    m_dataDirBrowse->setObjectName(QStringLiteral("settingDataDirBrowse"));
    m_backupSchedule->setObjectName(QStringLiteral("settingBackupSchedule"));
    m_backupHours->setObjectName(QStringLiteral("settingBackupHours"));
    m_backupAt->setObjectName(QStringLiteral("settingBackupAt"));
    m_backupKeep->setObjectName(QStringLiteral("settingBackupKeep"));
    m_backupFolder->setObjectName(QStringLiteral("settingBackupFolder"));
    m_backupFolderBrowse->setObjectName(QStringLiteral("settingBackupFolderBrowse"));
    m_restartNote->setObjectName(QStringLiteral("settingsRestartNote"));
    m_buttons->setObjectName(QStringLiteral("settingsButtons"));

    m_wsPort->setRange(1, 65535);
    m_tcpPort->setRange(0, 65535);
    m_idle->setRange(10, 86400);
    m_clockThreshold->setRange(1, 86400);
    m_sleeping->setRange(0, 7 * 24 * 60);
    m_backupHours->setRange(1, 8760);
    m_backupKeep->setRange(1, 1000);
    m_photoRetention->setRange(0, 36500); // storage/photopurge.h MAX_DAYS
    m_backupAt->setDisplayFormat(QStringLiteral("HH:mm"));
    for (const auto schedule :
         {BackupPlan::Schedule::Off, BackupPlan::Schedule::EveryHours, BackupPlan::Schedule::Daily})
        m_backupSchedule->addItem(QString(), backupScheduleName(schedule));
    connect(m_backupSchedule, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateBackupFields);
    connect(m_backupFolderBrowse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Backup folder"), m_backupFolder->text());
        if (!dir.isEmpty())
            m_backupFolder->setText(QDir::toNativeSeparators(dir));
    });
    connect(m_clockSync, &QCheckBox::toggled, m_clockThreshold, &QWidget::setEnabled);
    connect(m_dataDirBrowse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), m_dataDirEdit->text());
        if (!dir.isEmpty())
            m_dataDirEdit->setText(QDir::toNativeSeparators(dir));
    });
    for (const AdmissionPolicy p : {AdmissionPolicy::Open, AdmissionPolicy::Approval, AdmissionPolicy::Closed})
        m_policy->addItem(QString(), QString(name(p)));
    m_sync->addItem(QString(), QStringLiteral("FULL"));
    m_sync->addItem(QString(), QStringLiteral("NORMAL"));
    m_language->addItem(QString(), QString());
    for (const LanguageManager::Language &l : LanguageManager::available())
        m_language->addItem(l.nativeName, l.code);
    m_restartNote->setWordWrap(true);
    m_policyHint->setWordWrap(true);
    m_policyHint->setEnabled(false);
    m_file->setWordWrap(true);
    m_file->setEnabled(false);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (auto [label, field] :
         std::initializer_list<std::pair<QLabel *, QWidget *>>{{m_wsPortLabel, m_wsPort},
                                                               {m_tcpPortLabel, m_tcpPort},
                                                               {m_listenLabel, m_listen},
                                                               {m_idleLabel, m_idle},
                                                               {m_policyLabel, m_policy},
                                                               {m_refusalLabel, m_refusal},
                                                               {m_photoRetentionLabel, m_photoRetention},
                                                               {m_syncLabel, m_sync},
                                                               {m_clockThresholdLabel, m_clockThreshold},
                                                               {m_sleepingLabel, m_sleeping},
                                                               {m_dataDirLabel, m_dataDirEdit},
                                                               {m_backupScheduleLabel, m_backupSchedule},
                                                               {m_backupHoursLabel, m_backupHours},
                                                               {m_backupAtLabel, m_backupAt},
                                                               {m_backupKeepLabel, m_backupKeep},
                                                               {m_backupFolderLabel, m_backupFolder},
                                                               {m_languageLabel, m_language}})
        label->setBuddy(field);
    connect(m_policy, &QComboBox::currentIndexChanged, this, &SettingsDialog::updatePolicyHint);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(m_networkHeading);
    form->addRow(m_wsPortLabel, m_wsPort);
    form->addRow(m_tcpPortLabel, m_tcpPort);
    form->addRow(m_listenLabel, m_listen);
    form->addRow(m_idleLabel, m_idle);
    m_networkFields = new ListenerNetworkFields(this);
    m_networkFields->addRows(form);
    m_tlsApiFields = new TlsApiFields(m_dataDir, this);
    m_tlsApiFields->addRows(form);
    form->addRow(m_admissionHeading);
    form->addRow(m_policyLabel, m_policy);
    form->addRow(QString(), m_policyHint);
    form->addRow(m_refusalLabel, m_refusal);
    form->addRow(QString(), m_noSendUser);
    form->addRow(m_storageHeading);
    form->addRow(QString(), m_photos);
    form->addRow(m_photoRetentionLabel, m_photoRetention);
    form->addRow(m_syncLabel, m_sync);
    auto *dataDirRow = new QHBoxLayout;
    dataDirRow->addWidget(m_dataDirEdit, 1);
    dataDirRow->addWidget(m_dataDirBrowse);
    form->addRow(m_dataDirLabel, dataDirRow);
    m_databaseFields = new DatabaseFields(this);
    m_databaseFields->addRows(form);
    form->addRow(m_backupHeading);
    form->addRow(m_backupScheduleLabel, m_backupSchedule);
    form->addRow(m_backupHoursLabel, m_backupHours);
    form->addRow(m_backupAtLabel, m_backupAt);
    form->addRow(m_backupKeepLabel, m_backupKeep);
    auto *backupFolderRow = new QHBoxLayout;
    backupFolderRow->addWidget(m_backupFolder, 1);
    backupFolderRow->addWidget(m_backupFolderBrowse);
    form->addRow(m_backupFolderLabel, backupFolderRow);
    m_exportFields = new ExportScheduleFields(this);
    m_exportFields->addRows(form);
    form->addRow(m_terminalsHeading);
    form->addRow(QString(), m_clockSync);
    form->addRow(m_clockThresholdLabel, m_clockThreshold);
    form->addRow(QString(), m_pullLogs);
    form->addRow(m_sleepingLabel, m_sleeping);
    form->addRow(m_consoleHeading);
    form->addRow(m_languageLabel, m_language);

    // The sections grow with every feature: they scroll, and the note, the file and the buttons stay
    // in view on a small front-desk screen.
    auto *page = new QWidget;
    page->setLayout(form);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("settingsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_restartNote);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_file);
    layout->addWidget(m_buttons);
    retranslateUi();
    load();

    const int scrollBar = scroll->verticalScrollBar()->sizeHint().width();
    scroll->setMinimumWidth(page->sizeHint().width() + scrollBar);
    const QMargins margins = layout->contentsMargins();
    const int wanted = page->sizeHint().height() + m_restartNote->sizeHint().height() + m_file->sizeHint().height() +
                       m_buttons->sizeHint().height() + 3 * layout->spacing() + margins.top() + margins.bottom();
    const int available = screen() ? screen()->availableGeometry().height() * 9 / 10 : wanted;
    resize(page->sizeHint().width() + scrollBar + margins.left() + margins.right(), std::min(wanted, available));
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_restartNote->setText(tr("Changes apply as soon as you press OK: a new port moves only that server, and "
                              "connected terminals stay connected. The data directory and the storage settings "
                              "take effect the next time TermDesk starts."));
    m_networkHeading->setText(tr("Network"));
    m_wsPortLabel->setText(tr("&WebSocket port:"));
    m_tcpPortLabel->setText(tr("&TCP port:"));
    m_tcpPort->setSpecialValueText(tr("off"));
    m_tcpPort->setToolTip(tr("Port of the TCP binary protocol server; 0 turns it off"));
    m_listenLabel->setText(tr("&Bind address:"));
    m_listen->setPlaceholderText(tr("0.0.0.0 = every network interface"));
    m_idleLabel->setText(tr("&Idle timeout:"));
    m_idle->setSuffix(tr(" s"));
    m_idle->setToolTip(tr("Close a terminal connection that has been silent this long"));
    m_admissionHeading->setText(tr("Admission"));
    m_policyLabel->setText(tr("New &terminals:"));
    m_policy->setItemText(0, tr("Admit automatically (open)"));
    m_policy->setItemText(1, tr("Wait for my approval"));
    m_policy->setItemText(2, tr("Refuse (closed)"));
    m_refusalLabel->setText(tr("&Message on a waiting terminal:"));
    m_noSendUser->setText(tr("Ask terminals not to send their users (nosenduser)"));
    m_storageHeading->setText(tr("Storage"));
    m_photos->setText(tr("Keep punch photos (biometric data)"));
    m_photoRetentionLabel->setText(tr("Delete &photos after:"));
    m_photoRetention->setSuffix(tr(" days"));
    m_photoRetention->setSpecialValueText(tr("Never (keep them)"));
    m_photoRetention->setToolTip(tr("Stored punch photos older than this are deleted by the running server (the "
                                    "punches stay). termdesk photos purge deletes them at once."));
    m_syncLabel->setText(tr("&Durability:"));
    m_sync->setItemText(0, tr("Full: survives a power cut (FULL)"));
    m_sync->setItemText(1, tr("Normal: faster, may lose the last seconds on a power cut (NORMAL)"));
    m_dataDirLabel->setText(tr("Data &directory:"));
    m_dataDirEdit->setToolTip(tr("Where the database and termdesk.ini live. Used from the next start; "
                                 "--data-dir and TERMDESK_DATA_DIR take precedence."));
    m_dataDirBrowse->setText(tr("Choose…"));
    m_dataDirBrowse->setAccessibleName(tr("Choose the data directory"));
    m_backupHeading->setText(tr("Backups"));
    m_backupScheduleLabel->setText(tr("&Back up:"));
    m_backupSchedule->setItemText(0, tr("Never (off)"));
    m_backupSchedule->setItemText(1, tr("Every few hours"));
    m_backupSchedule->setItemText(2, tr("Daily"));
    m_backupSchedule->setToolTip(tr("A consistent copy of the database, made while the server runs. A backup "
                                    "missed while the computer was off is made when TermDesk starts."));
    m_backupHoursLabel->setText(tr("Backup &every:"));
    m_backupHours->setSuffix(tr(" h"));
    m_backupAtLabel->setText(tr("Daily backup &at:"));
    m_backupKeepLabel->setText(tr("Backups &kept:"));
    m_backupKeep->setToolTip(tr("The newest backups kept in the folder; older ones are deleted"));
    m_backupFolderLabel->setText(tr("Backup &folder:"));
    m_backupFolder->setPlaceholderText(tr("backups in the data directory"));
    m_backupFolder->setToolTip(tr("Best on another disk or a network share: a backup on the same disk is lost "
                                  "with it. Restore one with: termdesk restore FILE"));
    m_backupFolderBrowse->setText(tr("Choose…"));
    m_backupFolderBrowse->setAccessibleName(tr("Choose the backup folder"));
    m_exportFields->retranslateUi();
    m_networkFields->retranslateUi();
    m_databaseFields->retranslateUi();
    m_tlsApiFields->retranslateUi();
    m_terminalsHeading->setText(tr("Terminals"));
    m_clockSync->setText(tr("Set a terminal's clock when it registers with a wrong time"));
    m_clockThresholdLabel->setText(tr("Clock &tolerance:"));
    m_clockThreshold->setSuffix(tr(" s"));
    m_clockThreshold->setToolTip(tr("A terminal whose clock is further off than this is set to this computer's time"));
    m_pullLogs->setText(tr("Pull the punches a terminal did not send, after each registration"));
    m_sleepingLabel->setText(tr("TCP terminals &sleeping for up to:"));
    m_sleeping->setSuffix(tr(" min"));
    m_sleeping->setToolTip(tr("A TCP terminal that is not connected but was heard from within this time is shown as "
                              "Sleeping (low-power terminals disconnect between heartbeats), after that as Offline"));
    m_consoleHeading->setText(tr("Console"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setItemText(0, tr("System language"));
    m_file->setText(tr("Settings file: %1")
                        .arg(QDir::toNativeSeparators(QDir(m_dataDir).filePath(QStringLiteral("termdesk.ini")))));
    updatePolicyHint();
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::updatePolicyHint()
{
    // The combo's data is the stored text of each policy (above); anything else reads as closed.
    const AdmissionPolicy policy =
        fromName<AdmissionPolicy>(m_policy->currentData().toString()).value_or(AdmissionPolicy::Closed);
    if (policy == AdmissionPolicy::Open)
        m_policyHint->setText(tr("Every terminal that connects is admitted and listed."));
    else if (policy == AdmissionPolicy::Approval)
        m_policyHint->setText(tr("New terminals are listed as pending and refused with the message below until "
                                 "you approve them."));
    else
        m_policyHint->setText(tr("Only terminals already listed are admitted; strangers are refused and not stored."));
    m_refusal->setEnabled(policy == AdmissionPolicy::Approval);
}

void SettingsDialog::updateBackupFields()
{
    BackupPlan::Schedule schedule = BackupPlan::Schedule::Off;
    backupScheduleFromName(m_backupSchedule->currentData().toString(), &schedule);
    m_backupHours->setEnabled(schedule == BackupPlan::Schedule::EveryHours);
    m_backupAt->setEnabled(schedule == BackupPlan::Schedule::Daily);
    m_backupKeep->setEnabled(schedule != BackupPlan::Schedule::Off);
}

void SettingsDialog::load()
{
    using namespace settingkeys;
    const Settings s(m_dataDir);
    m_wsPort->setValue(s.value(wsPort).toInt());
    m_tcpPort->setValue(std::max(0, s.value(tcpPort).toInt()));
    m_listen->setText(s.value(listen).toString());
    m_idle->setValue(s.value(idleTimeoutSec).toInt());
    const int policy = m_policy->findData(s.value(admissionPolicy).toString().trimmed().toLower());
    m_policy->setCurrentIndex(policy >= 0 ? policy : 0);
    m_refusal->setText(s.value(refusalReason).toString());
    m_noSendUser->setChecked(s.value(noSendUser).toBool());
    m_photos->setChecked(s.value(storePhotos).toBool());
    m_photoRetention->setValue(s.engineConfig().photoRetentionDays);
    m_sync->setCurrentIndex(s.value(synchronous).toString().toUpper() == QLatin1String("NORMAL") ? 1 : 0);
    m_clockSync->setChecked(s.value(clockAutoSync).toBool());
    m_clockThreshold->setValue(s.value(clockSyncThresholdSec).toInt());
    m_clockThreshold->setEnabled(m_clockSync->isChecked());
    m_pullLogs->setChecked(s.value(pullNewLogs).toBool());
    m_sleeping->setValue(s.value(tcpSleepWindowSec).toInt() / 60);
    m_dataDirEdit->setText(QDir::toNativeSeparators(m_dataDir));
    const BackupPlan backup = s.engineConfig().backup;
    m_backupSchedule->setCurrentIndex(std::max(0, m_backupSchedule->findData(backupScheduleName(backup.schedule))));
    m_backupHours->setValue(backup.everyHours);
    m_backupAt->setTime(backup.dailyAt);
    m_backupKeep->setValue(backup.keep);
    m_backupFolder->setText(QDir::toNativeSeparators(backup.folder));
    updateBackupFields();
    m_exportFields->load(s);
    m_networkFields->load(s);
    m_databaseFields->load(s);
    m_tlsApiFields->load(s);
    const int lang = m_language->findData(m_initialLanguage);
    m_language->setCurrentIndex(lang >= 0 ? lang : 0);
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

bool SettingsDialog::save(QString *error)
{
    using namespace settingkeys;
    const QString address = m_listen->text().trimmed();
    if (!address.isEmpty() && address != QLatin1String("0.0.0.0") && address != QLatin1String("*") &&
        QHostAddress(address).isNull()) {
        if (error)
            *error = tr("“%1” is not an IP address.").arg(address);
        return false;
    }
    if (m_tcpPort->value() != 0 && m_tcpPort->value() == m_wsPort->value()) {
        if (error)
            *error = tr("The WebSocket and TCP servers cannot share port %1.").arg(m_wsPort->value());
        return false;
    }
    const QString dataDir = QDir::cleanPath(QDir::fromNativeSeparators(m_dataDirEdit->text().trimmed()));
    if (dataDir.isEmpty() || !QDir(dataDir).isAbsolute()) {
        if (error)
            *error = tr("The data directory must be a full path.");
        return false;
    }
    if (dataDir != QDir::cleanPath(m_dataDir)) {
        if (!QDir().mkpath(dataDir)) {
            if (error)
                *error = tr("Cannot create the data directory %1.").arg(QDir::toNativeSeparators(dataDir));
            return false;
        }
        QSettings().setValue(QLatin1String(DATA_DIR_KEY), dataDir);
    }
    const QString folder = QDir::cleanPath(QDir::fromNativeSeparators(m_backupFolder->text().trimmed()));
    if (!folder.isEmpty() && !QDir(folder).isAbsolute()) {
        if (error)
            *error = tr("The backup folder must be a full path (or empty: backups in the data directory).");
        return false;
    }
    Settings s(m_dataDir);
    if (!m_exportFields->save(s, error) || !m_networkFields->save(s, error) || !m_databaseFields->save(s, error) ||
        !m_tlsApiFields->save(s, {m_wsPort->value(), m_tcpPort->value()}, error))
        return false;
    s.setValue(backupSchedule, m_backupSchedule->currentData().toString());
    s.setValue(backupEveryHours, m_backupHours->value());
    s.setValue(backupDailyAt, m_backupAt->time().toString(QStringLiteral("HH:mm")));
    s.setValue(backupKeep, m_backupKeep->value());
    s.setValue(backupFolder, folder);
    s.setValue(clockAutoSync, m_clockSync->isChecked());
    s.setValue(clockSyncThresholdSec, m_clockThreshold->value());
    s.setValue(pullNewLogs, m_pullLogs->isChecked());
    s.setValue(tcpSleepWindowSec, m_sleeping->value() * 60);
    s.setValue(wsPort, m_wsPort->value());
    s.setValue(tcpPort, m_tcpPort->value() == 0 ? -1 : m_tcpPort->value());
    s.setValue(listen, address.isEmpty() ? QStringLiteral("0.0.0.0") : address);
    s.setValue(idleTimeoutSec, m_idle->value());
    s.setValue(admissionPolicy, m_policy->currentData().toString());
    s.setValue(refusalReason, m_refusal->text().trimmed());
    s.setValue(noSendUser, m_noSendUser->isChecked());
    s.setValue(storePhotos, m_photos->isChecked());
    s.setValue(photoRetentionDays, m_photoRetention->value());
    s.setValue(synchronous, m_sync->currentData().toString());
    return true;
}

void SettingsDialog::accept()
{
    QString error;
    if (!save(&error)) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Settings"), error, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("settingsError"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    Q_EMIT saved(language());
    QDialog::accept();
}

} // namespace termdesk::ui
