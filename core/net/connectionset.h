// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "net/sessioncontext.h"
#include "util/allowednetworks.h"
#include "util/clocktimer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QAbstractSocket;

namespace termdesk::net {

class TerminalSession;

/// @brief Every terminal connection of both servers, owned by the engine: the connection cap
/// (network/maxConnections counts WebSocket and TCP together), the idle sweep (and the
/// last-seen writes it carries), the handshake deadline of connections that are not sessions
/// yet, and closing them all. The servers only accept and turn bytes into messages. Deadlines
/// run on the context's clock. Lives in the engine thread.
class ConnectionSet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionSet)
public:
    explicit ConnectionSet(const SessionContext &context, QObject *parent = nullptr);
    ~ConnectionSet() override;

    /// Whether @p peer's address is in the protocol's listener networks (network/wsAllowedNetworks,
    /// network/tcpAllowedNetworks; empty = any). Logs a refusal at most once per REFUSAL_LOG_MS, with a
    /// count of those not logged. The servers ask it as they accept a connection.
    bool allowedFrom(Protocol protocol, const QString &peer);
    /// allowedFrom(), and one more session fits under the cap (a refusal of the cap is logged). The
    /// connections in their TLS handshake (setTlsHandshakes) count against the cap as sessions do.
    bool admit(Protocol protocol, const QString &peer);
    /// Whether one more connection may start its TLS handshake (wss), @p handshaking being those
    /// under way: sessions + handshakes stay within network/maxConnections (docs/security.md, "TLS").
    bool roomForTlsHandshake(int handshaking) const;
    /// How many connections are in their TLS handshake now (the wss listener's count); unset: none.
    void setTlsHandshakes(std::function<int()> count) { m_tlsHandshakes = std::move(count); }
    static constexpr qint64 REFUSAL_LOG_MS = 10'000;
    /// Takes @p session (it becomes its parent) until it emits closed().
    void add(TerminalSession *session);
    int count() const { return static_cast<int>(m_sessions.size()); }
    int count(Protocol protocol) const;

    /// A connection accepted that must become a session (a WebSocket upgrade) within
    /// network/handshakeTimeoutSec, else it is closed. @p key names it until handshakeDone().
    void expectHandshake(const QByteArray &key, QAbstractSocket *socket);
    void handshakeDone(const QByteArray &key);

    void closeAll(const QString &reason);
    void closeAll(Protocol protocol, const QString &reason);

Q_SIGNALS:
    void countChanged(int count);

private:
    /// The listener networks of @p protocol, parsed again when the configuration's text changed
    /// (Engine::applyConfig); a text that is not a list refuses every address (the engine refuses such a
    /// list before it gets here).
    const AllowedNetworks *listenerNetworks(Protocol protocol);
    void sweep();
    void expireHandshakes();

    struct PendingHandshake
    {
        QPointer<QAbstractSocket> socket; ///< null once Qt deleted it (peer gone, request refused)
        qint64 deadlineMs;
    };

    struct ListenerNetworks
    {
        QString text;
        std::optional<AllowedNetworks> parsed = AllowedNetworks();
    };

    SessionContext m_ctx;
    std::function<int()> m_tlsHandshakes;
    ListenerNetworks m_wsNetworks;
    ListenerNetworks m_tcpNetworks;
    qint64 m_lastRefusalLog = -REFUSAL_LOG_MS;
    int m_refusalsNotLogged = 0;
    QSet<TerminalSession *> m_sessions;
    QHash<QByteArray, PendingHandshake> m_handshakes;
    ClockTimer m_sweep;
    ClockTimer m_handshakeCheck;
    qint64 m_lastSeenFlush;
};

} // namespace termdesk::net
