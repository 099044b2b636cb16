// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiserver.h"

#include <QThread>

namespace termdesk::api {

/// @brief Runs an ApiServer in a thread of its own ("termdesk-api"), so that requests, however slow
/// or large, never take time from the terminal servers' thread (EngineHost owns one when the API is on).
class ApiHost final
{
public:
    explicit ApiHost(ApiConfig config);
    ~ApiHost();
    Q_DISABLE_COPY_MOVE(ApiHost)

    /// Starts the thread, opens the database and listens; blocks until done. False with @p error.
    bool start(QString *error);
    /// Stops listening, closes the connections and the thread; blocks.
    void stop();
    quint16 port() const { return m_port; }
    /// Lives in the API thread: connect to it queued, call it with QMetaObject::invokeMethod.
    ApiServer *server() const { return m_server; }

private:
    QThread m_thread;
    ApiServer *m_server;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace termdesk::api
