// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "webhookdispatcher.h"

#include <QThread>

namespace termdesk::webhook {

/// @brief Runs a WebhookDispatcher in a thread of its own ("termdesk-webhooks"), so that a slow
/// receiver never takes time from the terminal servers (EngineHost owns one, as it owns the API's).
class WebhookHost final
{
public:
    explicit WebhookHost(WebhookConfig config, Clock *clock = nullptr);
    ~WebhookHost();
    Q_DISABLE_COPY_MOVE(WebhookHost)

    /// Starts the thread and the dispatcher; blocks until done. False with @p error.
    bool start(QString *error);
    /// Stops the dispatcher (requests in flight are abandoned: they are sent again) and the thread.
    void stop();
    /// Lives in the webhooks thread: connect to it queued.
    WebhookDispatcher *dispatcher() const { return m_dispatcher; }

private:
    QThread m_thread;
    WebhookDispatcher *m_dispatcher;
    bool m_running = false;
};

} // namespace termdesk::webhook
