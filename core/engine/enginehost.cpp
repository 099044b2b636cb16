// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginehost.h"

#include "engine.h"

namespace termdesk {

EngineHost::EngineHost(EngineConfig config, QObject *parent) : QObject(parent), m_engine(new Engine(std::move(config)))
{
    m_thread.setObjectName(QStringLiteral("termdesk-engine"));
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
}

EngineHost::~EngineHost()
{
    stop();
    if (!m_thread.isRunning() && m_engine && !m_running)
        delete m_engine;
}

bool EngineHost::start(QString *error)
{
    m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(m_engine, &Engine::start, Qt::BlockingQueuedConnection, &ok);
    if (!ok) {
        if (error)
            *error = m_engine->lastError();
        m_thread.quit();
        m_thread.wait();
        m_engine = nullptr; // deleted through the thread's finished()
        return false;
    }
    m_wsPort = m_engine->wsPort();
    m_tcpPort = m_engine->tcpPort();
    m_wssPort = m_engine->wssPort();
    m_tlsFingerprint = m_engine->tlsFingerprint();
    m_running = true;
    return true;
}

void EngineHost::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(m_engine, &Engine::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_engine = nullptr;
}

} // namespace termdesk
