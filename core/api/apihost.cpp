// SPDX-License-Identifier: GPL-3.0-or-later
#include "apihost.h"

namespace termdesk::api {

ApiHost::ApiHost(ApiConfig config) : m_server(new ApiServer(std::move(config)))
{
    m_thread.setObjectName(QStringLiteral("termdesk-api"));
    m_server->moveToThread(&m_thread);
}

ApiHost::~ApiHost()
{
    stop();
    delete m_server; // stopped: nothing of it runs in another thread any more
}

bool ApiHost::start(QString *error)
{
    m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(m_server, &ApiServer::start, Qt::BlockingQueuedConnection, &ok);
    if (!ok) {
        if (error)
            *error = m_server->lastError();
        m_thread.quit();
        m_thread.wait();
        return false;
    }
    m_port = m_server->port();
    m_running = true;
    return true;
}

void ApiHost::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // The sockets and the database connections are closed in the thread that made them.
    QMetaObject::invokeMethod(m_server, &ApiServer::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

} // namespace termdesk::api
