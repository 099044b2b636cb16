// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginebridge.h"

#include "engine/engine.h"
#include "engine/enginehost.h"
#include "util/clock.h"

#include <QThread>

namespace termdesk::ui {

namespace {

/// Calls a const query of the engine in its thread and waits for the answer (the value
/// default-constructed when the engine is gone).
template <typename Result> Result askEngine(Engine *engine, Result (Engine::*query)() const)
{
    Result result{};
    if (!engine)
        return result;
    const Qt::ConnectionType type =
        engine->thread() == QThread::currentThread() ? Qt::DirectConnection : Qt::BlockingQueuedConnection;
    QMetaObject::invokeMethod(engine, query, type, &result);
    return result;
}

} // namespace

EngineBridge::EngineBridge(EngineHost *host, EngineConfig config, QObject *parent)
    : QObject(parent), m_engine(host->engine()), m_clock(m_engine ? m_engine->clock() : Clock::system()),
      m_config(std::move(config)), m_wsPort(host->wsPort()), m_tcpPort(host->tcpPort()), m_wssPort(host->wssPort()),
      m_tlsFingerprint(host->tlsFingerprint())
{
    qRegisterMetaType<termdesk::Protocol>();
    qRegisterMetaType<QList<termdesk::StoredPunch>>();
    qRegisterMetaType<QList<termdesk::TraceEntry>>();
    qRegisterMetaType<termdesk::ExportStatus>();
    if (!m_engine)
        return;
    connect(m_engine, &Engine::terminalOnline, this, &EngineBridge::terminalOnline);
    connect(m_engine, &Engine::terminalOffline, this, &EngineBridge::terminalOffline);
    connect(m_engine, &Engine::identityAlert, this, &EngineBridge::identityAlert);
    connect(m_engine, &Engine::punchesArrived, this, &EngineBridge::punchesArrived);
    connect(m_engine, &Engine::traceEntries, this, &EngineBridge::traceEntries);
    connect(m_engine, &Engine::backupFinished, this, &EngineBridge::backupFinished);
    connect(m_engine, &Engine::storageWritesFailing, this, &EngineBridge::storageWritesFailing);
    connect(m_engine, &Engine::exportFinished, this, &EngineBridge::exportFinished);
    connect(m_engine, &Engine::exportStatusChanged, this, &EngineBridge::exportStatusChanged);
    connect(m_engine, &Engine::configApplied, this, [this](const ConfigApplyResult &result) {
        m_wsPort = result.wsPort;
        m_tcpPort = result.tcpPort;
        m_wssPort = result.wssPort;
        m_tlsFingerprint = result.tlsFingerprint;
        m_config = result.config;
        Q_EMIT configApplied(result);
    });
}

EngineBridge::~EngineBridge() = default;

quint16 EngineBridge::wsPort() const
{
    return m_wsPort;
}

quint16 EngineBridge::tcpPort() const
{
    return m_tcpPort;
}

void EngineBridge::applyConfig(const EngineConfig &next)
{
    if (Engine *engine = m_engine.data())
        QMetaObject::invokeMethod(
            engine, [engine, next] { engine->applyConfig(next); }, Qt::QueuedConnection);
}

QList<EngineBridge::OnlineTerminal> EngineBridge::onlineTerminals() const
{
    return askEngine(m_engine.data(), &Engine::onlineTerminals);
}

ExportStatus EngineBridge::exportStatus() const
{
    return askEngine(m_engine.data(), &Engine::exportStatus);
}

void EngineBridge::disconnectTerminal(const QString &sn, const QString &reason)
{
    if (Engine *engine = m_engine.data())
        QMetaObject::invokeMethod(
            engine, [engine, sn, reason] { engine->disconnectTerminal(sn, reason); }, Qt::QueuedConnection);
}

void EngineBridge::commandsQueued(const QStringList &serials)
{
    if (Engine *engine = m_engine.data())
        QMetaObject::invokeMethod(
            engine,
            [engine, serials] {
                for (const QString &sn : serials)
                    engine->commandsQueued(sn);
            },
            Qt::QueuedConnection);
}

void EngineBridge::setTraceEnabled(bool enabled)
{
    if (Engine *engine = m_engine.data())
        QMetaObject::invokeMethod(
            engine, [engine, enabled] { engine->setTraceEnabled(enabled); }, Qt::QueuedConnection);
}

} // namespace termdesk::ui
