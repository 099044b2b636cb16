// SPDX-License-Identifier: GPL-3.0-or-later
#include "hardwareidentity.h"

#include "model/terminaltext.h"

namespace termdesk::net {
namespace {

QString normalizedMac(const QString &mac)
{
    QString out = mac.toUpper();
    for (QChar &c : out) {
        if (c == u':' || c == u'.' || c == u' ')
            c = u'-';
    }
    return out;
}

/// "ADDRESS:PORT" or "[V6]:PORT" without the port.
QString hostOf(const QString &peer)
{
    const qsizetype colon = peer.lastIndexOf(u':');
    if (colon <= 0 || peer.endsWith(u']'))
        return peer;
    return peer.left(colon);
}

} // namespace

QString hardwareIdentity(Protocol protocol, const TerminalInfo &info, const QString &peer)
{
    if (protocol == Protocol::WebSocket) {
        const QString cpu = terminaltext::cleanedText(info.cpuSerial);
        const QString mac = normalizedMac(terminaltext::cleanedText(info.mac));
        if (!cpu.isEmpty() || !mac.isEmpty())
            return QStringLiteral("cpusn %1, mac %2")
                .arg(cpu.isEmpty() ? QStringLiteral("-") : cpu, mac.isEmpty() ? QStringLiteral("-") : mac);
    }
    return QStringLiteral("address %1").arg(hostOf(peer));
}

} // namespace termdesk::net
