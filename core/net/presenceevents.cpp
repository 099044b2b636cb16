// SPDX-License-Identifier: GPL-3.0-or-later
#include "presenceevents.h"

#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "terminalregistry.h"
#include "util/clock.h"
#include "util/clocktimer.h"
#include "util/devicetime.h"
#include "util/logging.h"

#include <algorithm>
#include <limits>

namespace termdesk::net {

PresenceEvents::PresenceEvents(const EngineConfig *config, storage::StorageClient *storage, TerminalRegistry *registry,
                               Clock *clock, QObject *parent)
    : QObject(parent), m_config(config), m_storage(storage), m_clock(clock)
{
    connect(registry, &TerminalRegistry::terminalOnline, this, &PresenceEvents::online);
    connect(registry, &TerminalRegistry::terminalOffline, this, &PresenceEvents::offline);
}

PresenceEvents::~PresenceEvents() = default;

int PresenceEvents::pendingCount() const
{
    return static_cast<int>(
        std::count_if(m_terminals.cbegin(), m_terminals.cend(),
                      [](const std::shared_ptr<Presence> &p) { return p->offlineTimer != nullptr; }));
}

qint64 PresenceEvents::graceMs(Protocol protocol) const
{
    qint64 seconds = std::max(0, m_config->presenceDebounceSec);
    if (protocol == Protocol::Tcp)
        seconds = std::max<qint64>(seconds, m_config->tcpSleepWindowSec);
    return seconds * 1000;
}

void PresenceEvents::online(const QString &sn, Protocol protocol, const QString &peer)
{
    if (const auto it = m_terminals.constFind(sn); it != m_terminals.cend()) {
        // Back within the grace time (or a second connection replacing the first): no event.
        Presence &p = **it;
        p.offlineTimer.reset();
        p.protocol = protocol;
        p.peer = peer;
        return;
    }
    auto p = std::make_shared<Presence>();
    p->protocol = protocol;
    p->peer = peer;
    m_terminals.insert(sn, p);
    m_storage->submit(
        storage::TerminalPresenceJob{true, sn, protocolName(protocol), peer, m_clock->wallClockMs(), {}, {}, 0});
}

void PresenceEvents::offline(const QString &sn, const QString &reason)
{
    const auto it = m_terminals.constFind(sn);
    if (it == m_terminals.cend() || (*it)->offlineTimer)
        return;
    Presence &p = **it;
    p.goneAtMs = m_clock->wallClockMs();
    p.reason = reason;
    const qint64 grace = graceMs(p.protocol);
    if (grace <= 0) {
        writeOffline(sn);
        return;
    }
    p.offlineTimer = std::make_unique<ClockTimer>(m_clock);
    p.offlineTimer->setSingleShot(true);
    p.offlineTimer->setInterval(static_cast<int>(std::min<qint64>(grace, std::numeric_limits<int>::max())));
    connect(p.offlineTimer.get(), &ClockTimer::timeout, this, [this, sn] { writeOffline(sn); });
    p.offlineTimer->start();
}

void PresenceEvents::writeOffline(const QString &sn)
{
    const std::shared_ptr<Presence> p = m_terminals.take(sn);
    if (!p)
        return;
    qCInfo(lcNet) << protocolName(p->protocol) << "terminal" << sn << "offline since"
                  << devicetime::formatUtcIso(p->goneAtMs, true) << ":" << p->reason;
    m_storage->submit(storage::TerminalPresenceJob{
        false, sn, protocolName(p->protocol), p->peer, p->goneAtMs, p->reason,
        m_config->usesPostgres() ? m_config->serverId() : QString(), m_clock->wallClockMs()});
    // The timer that called us is deleted with p, after this slot returns (deleteLater).
    if (p->offlineTimer)
        p->offlineTimer.release()->deleteLater();
}

} // namespace termdesk::net
