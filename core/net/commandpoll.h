// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"
#include "util/clocktimer.h"

#include <QObject>
#include <QString>

namespace termdesk::net {

/// @brief Finds commands that another process (the CLI, the console) queued for connected
/// terminals: every network/commandPollMs (the context's clock) one cheap writer job reads the
/// command rows added since the last poll, whatever the number of terminals, and only the
/// sessions of those terminals are poked (TerminalSession::pokeCommands()).
class CommandPoll final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandPoll)
public:
    /// Polls the commands of @p protocol ("ws", "tcp").
    CommandPoll(const SessionContext &context, QString protocol, QObject *parent = nullptr);
    ~CommandPoll() override;

    /// Learns the newest command id (later rows are the new ones), then polls periodically.
    void start();
    void stop();
    /// Polls now (unless a poll is under way).
    void poll();

private:
    SessionContext m_ctx;
    const QString m_protocol;
    ClockTimer m_timer;
    qint64 m_lastCommandId = -1; ///< newest command row seen; -1 before the first poll
    bool m_polling = false;
};

} // namespace termdesk::net
