// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QObject>
#include <QString>

namespace termdesk::net {

/// @brief One connected terminal, whatever its transport. Everything above the sessions
/// (registry, queue, UI) is transport-blind and talks to this interface.
class TerminalSession : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// The terminal's identity (WebSocket serial, TCP login code); empty before it said.
    virtual QString terminalKey() const = 0;
    virtual Protocol protocol() const = 0;
    virtual QString peerDescription() const = 0;
    /// Monotonic ms of the last inbound frame (for the idle sweep).
    virtual qint64 lastActivityMs() const = 0;
    /// Closes the connection; `reason` goes to the log (and to the peer where it can be said).
    virtual void closeSession(const QString &reason) = 0;

Q_SIGNALS:
    /// The connection is gone; the session deletes itself later.
    void closed(termdesk::net::TerminalSession *session);
};

} // namespace termdesk::net
