// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginebridge.h"

#include "engine/engine.h"
#include "engine/enginehost.h"
#include "net/terminalregistry.h"
#include "net/terminalsession.h"

namespace termdesk::ui {

EngineBridge::EngineBridge(EngineHost *host, EngineConfig config, QObject *parent)
    : QObject(parent), m_host(host), m_engine(host->engine()), m_config(std::move(config))
{
    qRegisterMetaType<termdesk::Protocol>();
    qRegisterMetaType<QList<termdesk::StoredPunch>>();
    if (!m_engine)
        return;
    connect(m_engine, &Engine::terminalOnline, this, &EngineBridge::terminalOnline);
    connect(m_engine, &Engine::terminalOffline, this, &EngineBridge::terminalOffline);
    connect(m_engine, &Engine::punchesArrived, this, &EngineBridge::punchesArrived);
}

EngineBridge::~EngineBridge() = default;

quint16 EngineBridge::wsPort() const
{
    return m_host->wsPort();
}

quint16 EngineBridge::tcpPort() const
{
    return m_host->tcpPort();
}

QList<EngineBridge::OnlineTerminal> EngineBridge::onlineTerminals() const
{
    QList<OnlineTerminal> list;
    Engine *engine = m_engine.data();
    if (!engine)
        return list;
    // Workaround until the engine offers a snapshot of its own (see docs/console.md, "Engine API"):
    // read the registry inside the engine thread.
    QMetaObject::invokeMethod(
        engine,
        [engine, &list] {
            const net::TerminalRegistry *registry = engine->registry();
            if (!registry)
                return;
            for (const QString &sn : registry->onlineKeys()) {
                const net::TerminalSession *s = registry->session(sn);
                list.append({sn, s ? s->protocol() : Protocol::WebSocket, s ? s->peerDescription() : QString()});
            }
        },
        Qt::BlockingQueuedConnection);
    return list;
}

void EngineBridge::disconnectTerminal(const QString &sn, const QString &reason)
{
    Engine *engine = m_engine.data();
    if (!engine)
        return;
    // Workaround until Engine::disconnectTerminal exists: close the session inside the engine thread.
    QMetaObject::invokeMethod(
        engine,
        [engine, sn, reason] {
            if (net::TerminalRegistry *registry = engine->registry()) {
                if (net::TerminalSession *s = registry->session(sn))
                    s->closeSession(reason);
            }
        },
        Qt::QueuedConnection);
}

} // namespace termdesk::ui
