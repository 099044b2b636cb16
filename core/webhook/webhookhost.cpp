// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookhost.h"

namespace termdesk::webhook {

WebhookHost::WebhookHost(WebhookConfig config, Clock *clock)
    : m_dispatcher(new WebhookDispatcher(std::move(config), clock))
{
    m_thread.setObjectName(QStringLiteral("termdesk-webhooks"));
    m_dispatcher->moveToThread(&m_thread);
}

WebhookHost::~WebhookHost()
{
    stop();
    delete m_dispatcher; // stopped: nothing of it runs in another thread any more
}

bool WebhookHost::start(QString *error)
{
    m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(m_dispatcher, &WebhookDispatcher::start, Qt::BlockingQueuedConnection, &ok);
    if (!ok) {
        if (error)
            *error = m_dispatcher->lastError();
        m_thread.quit();
        m_thread.wait();
        return false;
    }
    m_running = true;
    return true;
}

void WebhookHost::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // The sockets and the database connection are closed in the thread that made them.
    QMetaObject::invokeMethod(m_dispatcher, &WebhookDispatcher::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace termdesk::webhook
