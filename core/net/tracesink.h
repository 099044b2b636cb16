// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/traceentry.h"

#include <QList>
#include <QObject>

namespace termdesk::net {

/// @brief Collects the protocol trace for the console. Off until someone watches (Engine::setTraceEnabled):
/// sessions test isEnabled() before they format anything, so a disabled sink costs one branch per message.
/// When on, entries are coalesced and emitted at most every 200 ms; beyond 5 000 pending entries the oldest
/// are dropped. Lives in the engine thread; every call comes from there.
class TraceSink final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceSink)
public:
    static constexpr int COALESCE_MS = 200;
    static constexpr int MAX_PER_EMISSION = 5'000;

    using QObject::QObject;
    ~TraceSink() override;

    bool isEnabled() const { return m_enabled; }
    /// Turning it off drops what is pending.
    void setEnabled(bool enabled);
    /// Queues @p entry (no-op while disabled).
    void add(TraceEntry entry);
    /// Entries dropped because more than MAX_PER_EMISSION were pending, since the sink was enabled.
    qint64 dropped() const { return m_dropped; }

Q_SIGNALS:
    void entriesReady(const QList<termdesk::TraceEntry> &entries);

private:
    void trim();
    void flush();

    QList<TraceEntry> m_pending;
    qint64 m_dropped = 0;
    bool m_enabled = false;
    bool m_scheduled = false;
};

} // namespace termdesk::net
