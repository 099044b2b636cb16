// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "terminalsession.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace termdesk::net {

/// @brief Live sessions by terminal identity: one current session per terminal. A newer
/// registration replaces the older socket, and only the current session can take its
/// terminal offline.
class TerminalRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalRegistry)
public:
    using QObject::QObject;

    /// Makes `session` the current one for `key`; returns the one it replaces (to be closed).
    TerminalSession *claim(const QString &key, TerminalSession *session);
    /// Forgets `session` if it is still the current one for `key`; true if it was. @p reason
    /// (why the connection ended, when known) goes with terminalOffline().
    bool release(const QString &key, TerminalSession *session, const QString &reason = {});

    TerminalSession *session(const QString &key) const { return m_sessions.value(key); }
    bool isOnline(const QString &key) const { return m_sessions.contains(key); }
    int onlineCount() const { return static_cast<int>(m_sessions.size()); }
    QStringList onlineKeys() const { return m_sessions.keys(); }

Q_SIGNALS:
    void terminalOnline(const QString &key, termdesk::Protocol protocol, const QString &peer);
    void terminalOffline(const QString &key, const QString &reason);
    /// A registration with @p key's serial came from other hardware than the one recorded and was
    /// refused: "possible impostor or replaced hardware", with @p details for the operator.
    void identityAlert(const QString &key, const QString &details);

private:
    QHash<QString, TerminalSession *> m_sessions;
};

} // namespace termdesk::net
