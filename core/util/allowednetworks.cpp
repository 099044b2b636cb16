// SPDX-License-Identifier: GPL-3.0-or-later
#include "allowednetworks.h"

#include <QRegularExpression>

#include <algorithm>

namespace termdesk::net {
namespace {

QHostAddress plain(const QHostAddress &address)
{
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    return isIPv4 ? QHostAddress(ipv4) : address;
}

} // namespace

std::optional<AllowedNetworks> AllowedNetworks::parse(const QString &text, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (text.size() > MAX_TEXT_CHARS)
        return fail(QStringLiteral("allowed networks longer than %1 characters").arg(MAX_TEXT_CHARS));
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    const QStringList entries = text.split(separators, Qt::SkipEmptyParts);
    if (entries.size() > MAX_NETWORKS)
        return fail(QStringLiteral("more than %1 allowed networks").arg(MAX_NETWORKS));
    // Only what an address or a network is written with: QHostAddress would read "10.0.0.1<NUL>junk" as
    // 10.0.0.1 and "192.168.1" as 192.168.0.1 (the old a.b.c form), so "192.168.1/24" would allow
    // 192.168.0.x (both found by fuzz_settings).
    static const QRegularExpression written(
        QStringLiteral("^(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)"
                       "(?:/[0-9]{1,3})?$"));
    AllowedNetworks out;
    for (const QString &entry : entries) {
        if (!written.match(entry).hasMatch())
            return fail(QStringLiteral("'%1' is not an address or a network (address/prefix)").arg(entry.left(64)));
        QPair<QHostAddress, int> network;
        if (entry.contains(u'/')) {
            network = QHostAddress::parseSubnet(entry);
        } else {
            const QHostAddress address(entry);
            network = {address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        if (network.first.isNull() || network.second < 0)
            return fail(QStringLiteral("'%1' is not an address or a network (address/prefix)").arg(entry.left(64)));
        bool mapped = false;
        const quint32 ipv4 =
            network.first.protocol() == QAbstractSocket::IPv6Protocol ? network.first.toIPv4Address(&mapped) : 0;
        if (mapped) { // ::ffff:10.0.0.0/104 is 10.0.0.0/8
            // A shorter prefix reaches outside ::ffff:0:0/96: it was read as 0.0.0.0/0, every IPv4
            // address (found by fuzz_settings). Refused; the network is masked as an IPv4 one is.
            if (network.second < 96)
                return fail(QStringLiteral("'%1' is an IPv4-mapped network with a prefix under 96; write it as an "
                                           "IPv4 network (a.b.c.d/n)")
                                .arg(entry.left(64)));
            network = QHostAddress::parseSubnet(
                QStringLiteral("%1/%2").arg(QHostAddress(ipv4).toString()).arg(network.second - 96));
        }
        out.m_networks.append(network);
    }
    return out;
}

bool AllowedNetworks::allows(const QHostAddress &address) const
{
    if (m_networks.isEmpty())
        return true;
    const QHostAddress a = plain(address);
    for (const auto &network : m_networks) {
        if (a.isInSubnet(network))
            return true;
    }
    return false;
}

QString AllowedNetworks::text() const
{
    QStringList out;
    for (const auto &network : m_networks)
        out.append(QStringLiteral("%1/%2").arg(network.first.toString()).arg(network.second));
    return out.join(QStringLiteral(", "));
}

QHostAddress peerHost(const QString &peer)
{
    if (peer.startsWith(u'[')) {
        const qsizetype end = peer.indexOf(u']');
        return end > 0 ? QHostAddress(peer.mid(1, end - 1)) : QHostAddress();
    }
    const qsizetype colon = peer.lastIndexOf(u':');
    return QHostAddress(colon > 0 && peer.indexOf(u':') == colon ? peer.left(colon) : peer);
}

} // namespace termdesk::net
