// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsapifields.h"

#include "net/tlsidentity.h"
#include "settings/engineconfig.h"
#include "settings/settings.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QSslCertificate>

#include <algorithm>

namespace termdesk::ui {

TlsApiFields::TlsApiFields(const QString &dataDir, QWidget *dialog)
    : QObject(dialog), m_dataDir(dataDir), m_heading(new QLabel(dialog)), m_wssPortLabel(new QLabel(dialog)),
      m_wssPort(new QSpinBox(dialog)), m_certificateLabel(new QLabel(dialog)), m_certificate(new QLineEdit(dialog)),
      m_keyLabel(new QLabel(dialog)), m_key(new QLineEdit(dialog)), m_fingerprint(new QLabel(dialog)),
      m_apiPortLabel(new QLabel(dialog)), m_apiPort(new QSpinBox(dialog)), m_apiListenLabel(new QLabel(dialog)),
      m_apiListen(new QLineEdit(dialog)), m_apiTls(new QCheckBox(dialog))
{
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_wssPort->setObjectName(QStringLiteral("settingWssPort"));
    m_certificate->setObjectName(QStringLiteral("settingTlsCertificate"));
    m_key->setObjectName(QStringLiteral("settingTlsKey"));
    m_fingerprint->setObjectName(QStringLiteral("settingTlsFingerprint"));
    m_apiPort->setObjectName(QStringLiteral("settingApiPort"));
    m_apiListen->setObjectName(QStringLiteral("settingApiListen"));
    m_apiTls->setObjectName(QStringLiteral("settingApiTls"));
    // 0 shows "off" and is saved as -1 (a free port, 0 in termdesk.ini, is for tests and scripts).
    m_wssPort->setRange(0, 65535);
    m_apiPort->setRange(0, 65535);
    m_fingerprint->setWordWrap(true);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_wssPortLabel->setBuddy(m_wssPort);
    m_certificateLabel->setBuddy(m_certificate);
    m_keyLabel->setBuddy(m_key);
    m_apiPortLabel->setBuddy(m_apiPort);
    m_apiListenLabel->setBuddy(m_apiListen);
    connect(m_certificate, &QLineEdit::editingFinished, this, &TlsApiFields::updateFingerprint);
}

void TlsApiFields::addRows(QFormLayout *form)
{
    form->addRow(m_heading);
    form->addRow(m_wssPortLabel, m_wssPort);
    form->addRow(m_certificateLabel, m_certificate);
    form->addRow(m_keyLabel, m_key);
    form->addRow(QString(), m_fingerprint);
    form->addRow(m_apiPortLabel, m_apiPort);
    form->addRow(m_apiListenLabel, m_apiListen);
    form->addRow(QString(), m_apiTls);
}

void TlsApiFields::retranslateUi()
{
    m_heading->setText(tr("Encryption and REST API"));
    m_wssPortLabel->setText(tr("Secure WebSocket (wss) p&ort:"));
    m_wssPort->setSpecialValueText(tr("off"));
    m_wssPort->setToolTip(tr("Port of the wss:// server (TLS) for terminals that support it; off: none"));
    m_certificateLabel->setText(tr("TLS &certificate (PEM):"));
    m_keyLabel->setText(tr("TLS private &key (PEM):"));
    m_certificate->setPlaceholderText(tr("termdesk-cert.pem in the data directory"));
    m_key->setPlaceholderText(tr("termdesk-key.pem in the data directory"));
    m_apiPortLabel->setText(tr("REST &API port:"));
    m_apiPort->setSpecialValueText(tr("off"));
    m_apiPort->setToolTip(tr("Port of the local REST API for payroll and ERP programs (API keys: termdesk api-key); "
                             "off: none"));
    m_apiListenLabel->setText(tr("API bind add&ress:"));
    m_apiListen->setPlaceholderText(tr("127.0.0.1 = this computer only"));
    m_apiTls->setText(tr("Serve the API over https only, with this certificate"));
    updateFingerprint();
}

void TlsApiFields::updateFingerprint()
{
    EngineConfig paths;
    paths.dataDir = m_dataDir;
    paths.tlsCertificate = QDir::fromNativeSeparators(m_certificate->text().trimmed());
    const QString file = paths.tlsCertificateFile();
    const QList<QSslCertificate> chain =
        QFile::exists(file) ? QSslCertificate::fromPath(file, QSsl::Pem) : QList<QSslCertificate>();
    if (chain.isEmpty() || chain.first().isNull()) {
        m_fingerprint->setText(tr("No certificate in %1 yet. Make a self-signed one with: termdesk tls generate")
                                   .arg(QDir::toNativeSeparators(file)));
        return;
    }
    m_fingerprint->setText(
        tr("SHA-256 fingerprint (what clients pin): %1, valid until %2")
            .arg(net::TlsIdentity::fingerprintOf(chain.first()),
                 QLocale().toString(chain.first().expiryDate().toLocalTime().date(), QLocale::ShortFormat)));
}

void TlsApiFields::load(const Settings &settings)
{
    const EngineConfig c = settings.engineConfig();
    m_wssPort->setValue(std::max(0, c.wssPort));
    m_certificate->setText(QDir::toNativeSeparators(settings.value(settingkeys::tlsCertificate).toString()));
    m_key->setText(QDir::toNativeSeparators(settings.value(settingkeys::tlsKey).toString()));
    m_apiPort->setValue(std::max(0, c.apiPort));
    m_apiListen->setText(settings.value(settingkeys::apiListen).toString());
    m_apiTls->setChecked(c.apiTls);
    updateFingerprint();
}

bool TlsApiFields::save(Settings &settings, const QList<int> &otherPorts, QString *error) const
{
    const QString address = m_apiListen->text().trimmed();
    if (!address.isEmpty() && QHostAddress(address).isNull()) {
        if (error)
            *error = tr("The REST API bind address “%1” is not an IP address.").arg(address);
        return false;
    }
    const int wss = m_wssPort->value();
    const int api = m_apiPort->value();
    for (const int port : {wss, api}) {
        if (port != 0 && (otherPorts.contains(port) || (wss == api))) {
            if (error)
                *error = tr("Two servers cannot share port %1.").arg(port);
            return false;
        }
    }
    settings.setValue(settingkeys::wssPort, wss == 0 ? -1 : wss);
    settings.setValue(settingkeys::tlsCertificate, QDir::fromNativeSeparators(m_certificate->text().trimmed()));
    settings.setValue(settingkeys::tlsKey, QDir::fromNativeSeparators(m_key->text().trimmed()));
    settings.setValue(settingkeys::apiPort, api == 0 ? -1 : api);
    settings.setValue(settingkeys::apiListen, address.isEmpty() ? QStringLiteral("127.0.0.1") : address);
    settings.setValue(settingkeys::apiTls, m_apiTls->isChecked());
    return true;
}

} // namespace termdesk::ui
