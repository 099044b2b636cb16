// SPDX-License-Identifier: GPL-3.0-or-later
#include "peeraddress.h"

namespace termdesk::net {

QString peerText(const QHostAddress &address, quint16 port)
{
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4); // true for IPv4-mapped IPv6 addresses too
    if (isIPv4)
        return QStringLiteral("%1:%2").arg(QHostAddress(ipv4).toString()).arg(port);
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
}

QString normalizedPeerText(const QString &recorded)
{
    static const QLatin1String mapped("::ffff:");
    if (!recorded.startsWith(mapped, Qt::CaseInsensitive))
        return recorded;
    const qsizetype colon = recorded.lastIndexOf(u':');
    bool portOk = false;
    const uint port = QStringView(recorded).mid(colon + 1).toUInt(&portOk);
    const QHostAddress address(recorded.left(colon));
    bool isIPv4 = false;
    address.toIPv4Address(&isIPv4);
    if (!portOk || port > 65535 || !isIPv4)
        return recorded;
    return peerText(address, quint16(port));
}

} // namespace termdesk::net
