// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings/engineconfig.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace termdesk {

class Engine;
namespace api {
class ApiHost;
}
namespace webhook {
class WebhookHost;
}

/// @brief Runs an Engine in its own thread (the "engine thread"), and the REST API in another when
/// the configuration turns it on (api::ApiHost, docs/integration.md), and the webhooks in a third
/// (webhook::WebhookHost). The GUI and the headless
/// service use it; only queued signals and value types cross between the threads.
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)
public:
    explicit EngineHost(EngineConfig config, QObject *parent = nullptr);
    ~EngineHost() override;

    /// Starts the thread and the engine; blocks until it listens or failed.
    bool start(QString *error);
    /// Stops the engine (flushing storage) and the thread; blocks.
    void stop();

    /// The engine object; lives in the engine thread: connect to its signals, call it with
    /// QMetaObject::invokeMethod.
    Engine *engine() const { return m_engine; }
    quint16 wsPort() const { return m_wsPort; }
    quint16 tcpPort() const { return m_tcpPort; } ///< 0 when the TCP server is off
    quint16 wssPort() const { return m_wssPort; } ///< 0 when wss:// is off
    QString tlsFingerprint() const { return m_tlsFingerprint; }
    quint16 apiPort() const; ///< 0 when the REST API is off

private:
    QThread m_thread;
    Engine *m_engine = nullptr;
    EngineConfig m_config;
    std::unique_ptr<api::ApiHost> m_api;
    std::unique_ptr<webhook::WebhookHost> m_webhooks; ///< docs/integration.md, "Webhooks"
    quint16 m_wsPort = 0;
    quint16 m_tcpPort = 0;
    quint16 m_wssPort = 0;
    QString m_tlsFingerprint;
    bool m_running = false;
};

} // namespace termdesk
