// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionset.h"

#include "settings/engineconfig.h"
#include "terminalsession.h"
#include "util/logging.h"

#include <QAbstractSocket>

#include <algorithm>

namespace termdesk::net {
namespace {
constexpr qint64 LAST_SEEN_FLUSH_MS = 30'000;
}

ConnectionSet::ConnectionSet(const SessionContext &context, QObject *parent)
    : QObject(parent), m_ctx(context), m_sweep(context.clock), m_handshakeCheck(context.clock),
      m_lastSeenFlush(context.clock->monotonicMs())
{
    m_sweep.setInterval(std::clamp(m_ctx.config->idleTimeoutMs / 4, 50, 5000));
    connect(&m_sweep, &ClockTimer::timeout, this, &ConnectionSet::sweep);
    m_sweep.start();
    m_handshakeCheck.setInterval(std::clamp(m_ctx.config->handshakeTimeoutMs / 4, 20, 1000));
    connect(&m_handshakeCheck, &ClockTimer::timeout, this, &ConnectionSet::expireHandshakes);
    m_handshakeCheck.start();
}

ConnectionSet::~ConnectionSet() = default;

const AllowedNetworks *ConnectionSet::listenerNetworks(Protocol protocol)
{
    const bool ws = protocol == Protocol::WebSocket;
    ListenerNetworks &networks = ws ? m_wsNetworks : m_tcpNetworks;
    const QString &text = ws ? m_ctx.config->wsAllowedNetworks : m_ctx.config->tcpAllowedNetworks;
    if (text != networks.text) {
        networks.text = text;
        networks.parsed = AllowedNetworks::parse(text);
    }
    return networks.parsed ? &*networks.parsed : nullptr;
}

bool ConnectionSet::allowedFrom(Protocol protocol, const QString &peer)
{
    const AllowedNetworks *allowed = listenerNetworks(protocol);
    if (allowed && allowed->allows(peerHost(peer)))
        return true;
    // A host that is not allowed may try again and again: the log says so, but not a line per try.
    const qint64 now = m_ctx.clock->monotonicMs();
    if (now - m_lastRefusalLog < REFUSAL_LOG_MS) {
        ++m_refusalsNotLogged;
        return false;
    }
    const QString since = m_refusalsNotLogged
                              ? QStringLiteral(" (%1 more refused since the last such line)").arg(m_refusalsNotLogged)
                              : QString();
    qCWarning(lcNet).noquote() << QStringLiteral("refusing a %1 connection from %2: not in network/%3AllowedNetworks%4")
                                      .arg(protocolName(protocol), peer,
                                           QLatin1String(protocol == Protocol::WebSocket ? "ws" : "tcp"), since);
    m_lastRefusalLog = now;
    m_refusalsNotLogged = 0;
    return false;
}

bool ConnectionSet::admit(Protocol protocol, const QString &peer)
{
    if (!allowedFrom(protocol, peer))
        return false;
    const int handshaking = m_tlsHandshakes ? m_tlsHandshakes() : 0;
    if (m_sessions.size() + handshaking < m_ctx.config->maxConnections)
        return true;
    qCWarning(lcNet) << "connection cap" << m_ctx.config->maxConnections << "(both protocols," << handshaking
                     << "in their TLS handshake) reached; refusing" << protocolName(protocol) << "terminal at" << peer;
    return false;
}

bool ConnectionSet::roomForTlsHandshake(int handshaking) const
{
    return m_sessions.size() + handshaking < m_ctx.config->maxConnections;
}

void ConnectionSet::add(TerminalSession *session)
{
    session->setParent(this);
    m_sessions.insert(session);
    connect(session, &TerminalSession::closed, this, [this](TerminalSession *s) {
        if (m_sessions.remove(s))
            Q_EMIT countChanged(count());
    });
    Q_EMIT countChanged(count());
}

int ConnectionSet::count(Protocol protocol) const
{
    return static_cast<int>(std::count_if(m_sessions.cbegin(), m_sessions.cend(),
                                          [protocol](const TerminalSession *s) { return s->protocol() == protocol; }));
}

void ConnectionSet::expectHandshake(const QByteArray &key, QAbstractSocket *socket)
{
    m_handshakes.insert(key, PendingHandshake{socket, m_ctx.clock->monotonicMs() + m_ctx.config->handshakeTimeoutMs});
}

void ConnectionSet::handshakeDone(const QByteArray &key)
{
    m_handshakes.remove(key);
}

void ConnectionSet::closeAll(const QString &reason)
{
    const QSet<TerminalSession *> sessions = m_sessions;
    for (TerminalSession *s : sessions)
        s->closeSession(reason);
}

void ConnectionSet::closeAll(Protocol protocol, const QString &reason)
{
    const QSet<TerminalSession *> sessions = m_sessions;
    for (TerminalSession *s : sessions) {
        if (s->protocol() == protocol)
            s->closeSession(reason);
    }
}

void ConnectionSet::expireHandshakes()
{
    if (m_handshakes.isEmpty())
        return;
    const qint64 now = m_ctx.clock->monotonicMs();
    for (auto it = m_handshakes.begin(); it != m_handshakes.end();) {
        if (!it->socket) {
            it = m_handshakes.erase(it); // refused or gone: Qt deleted it
        } else if (now >= it->deadlineMs) {
            QAbstractSocket *socket = it->socket;
            it = m_handshakes.erase(it);
            qCInfo(lcNet) << "no handshake from" << socket->peerAddress().toString() << "within"
                          << m_ctx.config->handshakeTimeoutMs << "ms; closing";
            socket->close(); // its owner deletes it on disconnected()
        } else {
            ++it;
        }
    }
}

void ConnectionSet::sweep()
{
    const qint64 now = m_ctx.clock->monotonicMs();
    const qint64 idle = m_ctx.config->idleTimeoutMs;
    const bool flushSeen = now - m_lastSeenFlush >= LAST_SEEN_FLUSH_MS;
    if (flushSeen)
        m_lastSeenFlush = now;
    const QSet<TerminalSession *> sessions = m_sessions;
    for (TerminalSession *s : sessions) {
        if (now - s->lastActivityMs() >= idle)
            s->closeSession(QStringLiteral("idle for %1 s").arg(idle / 1000.0));
        else if (flushSeen)
            s->flushLastSeen();
    }
}

} // namespace termdesk::net
