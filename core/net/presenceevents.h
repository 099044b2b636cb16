// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

namespace termdesk {
class Clock;
class ClockTimer;
struct EngineConfig;
namespace storage {
class StorageClient;
}
namespace net {

class TerminalRegistry;

/// @brief The terminal.online / terminal.offline webhook events (docs/integration.md, "Webhooks"),
/// debounced. Follows the registry: a terminal admitted while not online is written online at
/// once; a terminal released is written offline only when it has not come back within its grace
/// time, stamped with the real disconnect time. The grace time is `webhooks/presenceDebounceSec`
/// (EngineConfig::presenceDebounceSec) for a WebSocket terminal; a TCP terminal (low-power, it
/// disconnects between heartbeats) also gets at least `tcp/sleepingWindowSec`, so it goes offline
/// when the console turns it from Sleeping to Offline, not at every sleep. The timers run on the
/// engine's Clock. Lives in the engine thread; what it knows is lost at a stop (no event is written
/// then, and the next start writes terminal.online again for each terminal admitted).
class PresenceEvents final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresenceEvents)
public:
    PresenceEvents(const EngineConfig *config, storage::StorageClient *storage, TerminalRegistry *registry,
                   Clock *clock, QObject *parent = nullptr);
    ~PresenceEvents() override;

    /// Terminals written online whose offline is not written yet (pending ones included).
    int trackedCount() const { return static_cast<int>(m_terminals.size()); }
    /// Terminals gone whose offline waits for the grace time.
    int pendingCount() const;

private:
    struct Presence
    {
        Protocol protocol = Protocol::WebSocket;
        QString peer;
        std::unique_ptr<ClockTimer> offlineTimer; ///< set while the terminal is gone
        qint64 goneAtMs = 0;
        QString reason;
    };

    void online(const QString &sn, Protocol protocol, const QString &peer);
    void offline(const QString &sn, const QString &reason);
    void writeOffline(const QString &sn);
    /// The grace time of a terminal on @p protocol, ms.
    qint64 graceMs(Protocol protocol) const;

    const EngineConfig *m_config;
    storage::StorageClient *m_storage;
    Clock *m_clock;
    QHash<QString, std::shared_ptr<Presence>> m_terminals;
};

} // namespace net
} // namespace termdesk
