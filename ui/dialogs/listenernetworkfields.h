// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QFormLayout;
class QLabel;
class QLineEdit;
class QWidget;

namespace termdesk {
class Settings;
}

namespace termdesk::ui {

/// @brief The Settings dialog's "Allowed networks" rows of the Network section (settings
/// `network/wsAllowedNetworks` and `network/tcpAllowedNetworks`, docs/security.md): where each
/// listener accepts connections from. Its widgets are children of the dialog.
class ListenerNetworkFields final : public QObject
{
    Q_OBJECT
public:
    explicit ListenerNetworkFields(QWidget *dialog);

    void addRows(QFormLayout *form);
    void retranslateUi();
    void load(const Settings &settings);
    /// Writes the fields, or returns false with *error naming the list and the entry that is wrong
    /// (nothing written).
    bool save(Settings &settings, QString *error) const;

private:
    QLabel *m_wsLabel;
    QLineEdit *m_ws;
    QLabel *m_tcpLabel;
    QLineEdit *m_tcp;
};

} // namespace termdesk::ui
