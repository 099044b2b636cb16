// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace termdesk {
class Settings;
}

namespace termdesk::ui {

/// @brief The Settings dialog's "Encryption and REST API" section: the `wss://` port, the PEM
/// certificate and key both TLS listeners present (with the certificate's SHA-256 fingerprint, what
/// a terminal or an API client pins), and the REST API's port, address and https switch. The same
/// termdesk.ini keys as --wss-port, --tls-cert, --tls-key, --api-port, --api-listen and --api-tls
/// (network/wssPort, tls/certificate, tls/key, api/port, api/listen, api/tls; docs/settings.md).
/// Its widgets are children of the dialog.
class TlsApiFields final : public QObject
{
    Q_OBJECT
public:
    TlsApiFields(const QString &dataDir, QWidget *dialog);

    void addRows(QFormLayout *form);
    void retranslateUi();
    void load(const Settings &settings);
    /// Writes the fields, or returns false with *error (nothing written). @p otherPorts: the ports the
    /// dialog's other servers take (0: off), which neither wss nor the API may share.
    bool save(Settings &settings, const QList<int> &otherPorts, QString *error) const;

private:
    /// The certificate the servers would read (the field, else termdesk-cert.pem in the data directory), and
    /// its fingerprint or why there is none.
    void updateFingerprint();

    QString m_dataDir;
    QLabel *m_heading;
    QLabel *m_wssPortLabel;
    QSpinBox *m_wssPort;
    QLabel *m_certificateLabel;
    QLineEdit *m_certificate;
    QLabel *m_keyLabel;
    QLineEdit *m_key;
    QLabel *m_fingerprint;
    QLabel *m_apiPortLabel;
    QSpinBox *m_apiPort;
    QLabel *m_apiListenLabel;
    QLineEdit *m_apiListen;
    QCheckBox *m_apiTls;
};

} // namespace termdesk::ui
