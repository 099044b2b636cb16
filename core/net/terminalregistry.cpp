// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalregistry.h"

namespace termdesk::net {

TerminalSession *TerminalRegistry::claim(const QString &key, TerminalSession *session)
{
    TerminalSession *previous = m_sessions.value(key);
    m_sessions.insert(key, session);
    if (previous != session)
        Q_EMIT terminalOnline(key, session->protocol(), session->peerDescription());
    return previous == session ? nullptr : previous;
}

bool TerminalRegistry::release(const QString &key, TerminalSession *session, const QString &reason)
{
    const auto it = m_sessions.find(key);
    if (it == m_sessions.end() || it.value() != session)
        return false;
    m_sessions.erase(it);
    Q_EMIT terminalOffline(key, reason);
    return true;
}

} // namespace termdesk::net
