// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracesink.h"

#include <QTimer>

#include <utility>

namespace termdesk::net {

TraceSink::~TraceSink() = default;

void TraceSink::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    m_dropped = 0;
    if (!enabled)
        m_pending.clear();
}

void TraceSink::add(TraceEntry entry)
{
    if (!m_enabled)
        return;
    if (m_pending.size() >= 2 * MAX_PER_EMISSION)
        trim(); // amortised: one move of MAX_PER_EMISSION entries per MAX_PER_EMISSION additions
    m_pending.append(std::move(entry));
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(COALESCE_MS, this, &TraceSink::flush);
}

void TraceSink::trim()
{
    const qsizetype excess = m_pending.size() - MAX_PER_EMISSION;
    if (excess <= 0)
        return;
    m_pending.remove(0, excess);
    m_dropped += excess;
}

void TraceSink::flush()
{
    m_scheduled = false;
    trim();
    if (m_pending.isEmpty())
        return;
    Q_EMIT entriesReady(std::exchange(m_pending, {}));
}

} // namespace termdesk::net
