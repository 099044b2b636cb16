// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The model's TCP types (tcpbodies.h) from and to the generated protobuf messages: what the server's
// bodies (tcpbodies.cpp) read and write. The terminal's direction, which only the tests play, is in
// tests/common/tcpterminalbodies.cpp. Includes the generated header; only code that links
// termdesk_proto includes it.

#include "tcpbodies.h"

#include "terminal.pb.h"

#include <QList>

#include <optional>

namespace termdesk::tcp::wire {

namespace pb = termdesk::tcp::v1;

TerminalInfo statusFromWire(const pb::DeviceStatus &s);
TcpUser userFromWire(const pb::User &u);
/// false when the user cannot go on the wire (enroll id out of range, negative backup_num).
bool userToWire(const TcpUser &t, pb::User *u);
TcpPunch punchFromWire(const pb::Punch &p);
TcpAlarm alarmFromWire(const pb::Alarm &a);
pb::ReadTarget targetToWire(ReadTarget t);

template <typename Repeated> QList<TcpUser> usersFromWire(const Repeated &users)
{
    QList<TcpUser> out;
    out.reserve(users.size());
    for (const pb::User &u : users)
        out.append(userFromWire(u));
    return out;
}

template <typename Repeated> QList<TcpPunch> punchesFromWire(const Repeated &punches)
{
    QList<TcpPunch> out;
    out.reserve(punches.size());
    for (const pb::Punch &p : punches)
        out.append(punchFromWire(p));
    return out;
}

} // namespace termdesk::tcp::wire
