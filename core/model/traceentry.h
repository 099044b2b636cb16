// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punch.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace termdesk {

/// @brief One protocol message as the console's trace shows it: never raw biometric data (WebSocket text is
/// redacted, TCP bodies that can carry credentials are shown as their size only). Crosses threads by value.
struct TraceEntry
{
    enum class Direction : quint8 { In, Out };

    qint64 timeMs = 0; ///< UTC milliseconds
    QString terminal;  ///< serial / login code, else the peer address
    Protocol protocol = Protocol::WebSocket;
    Direction direction = Direction::In;
    QString command; ///< cmd / ret name (WebSocket), command name (TCP)
    qint64 sizeBytes = 0;
    QString text; ///< redacted content
};

/// @brief A terminal connected right now, as the engine sees it (Engine::onlineTerminals).
struct OnlineTerminal
{
    QString sn;
    Protocol protocol = Protocol::WebSocket;
    QString peer;
};

} // namespace termdesk

Q_DECLARE_METATYPE(termdesk::TraceEntry)
Q_DECLARE_METATYPE(termdesk::OnlineTerminal)
