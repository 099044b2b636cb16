// SPDX-License-Identifier: GPL-3.0-or-later
#include "listenernetworkfields.h"

#include "settings/settings.h"
#include "util/allowednetworks.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace termdesk::ui {

ListenerNetworkFields::ListenerNetworkFields(QWidget *dialog)
    : QObject(dialog), m_wsLabel(new QLabel(dialog)), m_ws(new QLineEdit(dialog)), m_tcpLabel(new QLabel(dialog)),
      m_tcp(new QLineEdit(dialog))
{
    m_ws->setObjectName(QStringLiteral("settingWsAllowedNetworks"));
    m_tcp->setObjectName(QStringLiteral("settingTcpAllowedNetworks"));
    for (QLineEdit *edit : {m_ws, m_tcp})
        edit->setMaxLength(net::AllowedNetworks::MAX_TEXT_CHARS);
    m_wsLabel->setBuddy(m_ws);
    m_tcpLabel->setBuddy(m_tcp);
}

void ListenerNetworkFields::addRows(QFormLayout *form)
{
    form->addRow(m_wsLabel, m_ws);
    form->addRow(m_tcpLabel, m_tcp);
}

void ListenerNetworkFields::retranslateUi()
{
    m_wsLabel->setText(tr("WebSocket terminals &from:"));
    m_tcpLabel->setText(tr("TCP terminals f&rom:"));
    for (QLineEdit *edit : {m_ws, m_tcp}) {
        edit->setPlaceholderText(tr("any address, or e.g. 192.168.1.0/24, 10.0.0.7"));
        edit->setToolTip(tr("Addresses or networks (CIDR) connections are accepted from; a connection from "
                            "anywhere else is closed before it is read. Empty: any address."));
    }
}

void ListenerNetworkFields::load(const Settings &settings)
{
    m_ws->setText(settings.value(settingkeys::wsAllowedNetworks).toString());
    m_tcp->setText(settings.value(settingkeys::tcpAllowedNetworks).toString());
}

bool ListenerNetworkFields::save(Settings &settings, QString *error) const
{
    const std::pair<QLineEdit *, QString> lists[] = {{m_ws, tr("WebSocket")}, {m_tcp, tr("TCP")}};
    QStringList texts;
    for (const auto &[edit, listener] : lists) {
        QString why;
        const std::optional<net::AllowedNetworks> parsed = net::AllowedNetworks::parse(edit->text(), &why);
        if (!parsed) {
            if (error)
                *error = tr("Allowed networks of the %1 server: %2").arg(listener, why);
            return false;
        }
        texts << parsed->text();
    }
    settings.setValue(settingkeys::wsAllowedNetworks, texts.at(0));
    settings.setValue(settingkeys::tcpAllowedNetworks, texts.at(1));
    return true;
}

} // namespace termdesk::ui
