// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

namespace termdesk::net {

/// "ADDRESS:PORT" of a connected terminal as TermDesk records and shows it: IPv4 plainly, also when a
/// dual-stack listener reports it IPv4-mapped (::ffff:192.168.1.20 → 192.168.1.20:50123), IPv6 in
/// brackets ([fe80::1]:50123).
QString peerText(const QHostAddress &address, quint16 port);

/// A peer text recorded before peerText() existed ("::ffff:192.168.1.20:50123") as peerText() writes it
/// now ("192.168.1.20:50123"); anything else unchanged.
QString normalizedPeerText(const QString &recorded);

} // namespace termdesk::net
