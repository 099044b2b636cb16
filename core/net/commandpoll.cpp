// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandpoll.h"

#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "terminalregistry.h"
#include "util/logging.h"

#include <QPointer>

#include <algorithm>

namespace termdesk::net {

CommandPoll::CommandPoll(const SessionContext &context, QString protocol, QObject *parent)
    : QObject(parent), m_ctx(context), m_protocol(std::move(protocol)), m_timer(context.clock)
{
    m_timer.setInterval(std::max(10, m_ctx.config->commandPollMs));
    connect(&m_timer, &ClockTimer::timeout, this, &CommandPoll::poll);
}

CommandPoll::~CommandPoll() = default;

void CommandPoll::start()
{
    m_timer.start();
    poll();
}

void CommandPoll::stop()
{
    m_timer.stop();
}

void CommandPoll::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    QPointer<CommandPoll> self(this);
    m_ctx.storage->submit(storage::PollCommandsJob{m_protocol, m_lastCommandId},
                          [self](const storage::PollCommandsResult &r) {
                              if (!self)
                                  return;
                              self->m_polling = false;
                              if (!r.ok) {
                                  qCWarning(lcNet) << "command poll failed:" << r.error;
                                  return;
                              }
                              self->m_lastCommandId = std::max(self->m_lastCommandId, r.lastCommandId);
                              for (const QString &sn : r.terminals) {
                                  if (TerminalSession *session = self->m_ctx.registry->session(sn))
                                      session->pokeCommands();
                              }
                          });
}

} // namespace termdesk::net
