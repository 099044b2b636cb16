// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace termdesk::net {

/// @brief The networks terminals may connect from (docs/security.md, "Allowed networks"), as the
/// operator writes them: addresses or CIDR networks separated by commas or spaces
/// ("192.168.1.0/24, 10.0.0.7, fd00::/8"). Empty: any address.
class AllowedNetworks
{
public:
    static constexpr int MAX_NETWORKS = 64;
    static constexpr int MAX_TEXT_CHARS = 4096;

    /// nullopt, and @p error says which entry is wrong, when @p text is not such a list.
    static std::optional<AllowedNetworks> parse(const QString &text, QString *error = nullptr);

    bool isEmpty() const { return m_networks.isEmpty(); }
    /// True when the list is empty or holds @p address; an IPv4-mapped IPv6 address
    /// (::ffff:192.168.1.20, from a dual-stack listener) is taken as the IPv4 address.
    bool allows(const QHostAddress &address) const;
    /// The list as parse() reads it back, every entry as network/prefix ("192.168.1.0/24, 10.0.0.7/32").
    QString text() const;

private:
    QList<QPair<QHostAddress, int>> m_networks;
};

/// The address of a peer text ("192.168.1.20:50123", "[fe80::1]:50123"); null when it is not one.
QHostAddress peerHost(const QString &peer);

} // namespace termdesk::net
