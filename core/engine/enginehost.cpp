// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginehost.h"

#include "api/apihost.h"
#include "engine.h"
#include "net/tlsidentity.h"
#include "util/logging.h"
#include "webhook/webhookhost.h"

namespace termdesk {

namespace {

api::ApiConfig apiConfig(const EngineConfig &c)
{
    api::ApiConfig a;
    a.database = c.databaseFile();
    a.address = c.apiListen;
    a.port = c.apiPort;
    a.limits.requestTimeoutMs = c.apiRequestTimeoutMs;
    a.limits.idleTimeoutMs = c.apiIdleTimeoutMs;
    a.limits.maxConnections = c.apiMaxConnections;
    a.limits.request.maxBodyBytes = c.apiMaxBodyBytes;
    a.limits.request.maxHeaderBytes = c.apiMaxHeaderBytes;
    return a;
}

} // namespace

EngineHost::EngineHost(EngineConfig config, QObject *parent)
    : QObject(parent), m_engine(new Engine(config)), m_config(std::move(config))
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
    if (m_config.apiEnabled()) {
        // After the engine: it made or migrated the store the API reads.
        api::ApiConfig config = apiConfig(m_config);
        QString why;
        if (m_config.apiTls) {
            // Asked for https, the API must not answer in plain text: a bad certificate stops the start.
            const auto identity = net::TlsIdentity::load(m_config.tlsCertificateFile(), m_config.tlsKeyFile(), &why);
            if (!identity) {
                stop();
                if (error)
                    *error = QStringLiteral("the REST API over https (api/tls) cannot start: %1. Set tls/certificate "
                                            "and tls/key, run `termdesk tls generate`, or turn it off (api/tls=false)")
                                 .arg(why);
                return false;
            }
            config.tls = identity->serverConfiguration();
        }
        m_api = std::make_unique<api::ApiHost>(std::move(config));
        if (!m_api->start(&why)) {
            m_api.reset();
            stop();
            if (error)
                *error = why;
            return false;
        }
    }
    // The webhooks read what the engine stored; without them the servers still serve the terminals.
    webhook::WebhookConfig hooks;
    hooks.database = m_config.databaseFile();
    hooks.retentionDays = m_config.webhookRetentionDays;
    m_webhooks = std::make_unique<webhook::WebhookHost>(hooks);
    QString why;
    if (!m_webhooks->start(&why)) {
        qCWarning(lcEngine).noquote() << why << "- webhooks are not sent";
        m_webhooks.reset();
    } else {
        // A stored punch goes out within wakeMs, not at the next poll (the poll stays the floor).
        QObject::connect(m_engine, &Engine::punchesStored, m_webhooks->dispatcher(), &webhook::WebhookDispatcher::wake,
                         Qt::DirectConnection);
    }
    return true;
}

quint16 EngineHost::apiPort() const
{
    return m_api ? m_api->port() : 0;
}

void EngineHost::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_webhooks.reset(); // requests in flight are abandoned: the cursors send them again
    m_api.reset();      // stops it first: no request reads a store being closed
    QMetaObject::invokeMethod(m_engine, &Engine::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_engine = nullptr;
}

} // namespace termdesk
