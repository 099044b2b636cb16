// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace termdesk {
class Clock;
struct EngineConfig;
namespace storage {
class StorageClient;
}
namespace net {
class TerminalLeases;
class TerminalRegistry;
class TraceSink;

/// What every session needs from the engine; owned by the engine, outlives the sessions.
struct SessionContext
{
    const EngineConfig *config = nullptr;
    storage::StorageClient *storage = nullptr;
    TerminalRegistry *registry = nullptr;
    /// The protocol trace; may be null (tests). Sessions call it only when trace->isEnabled().
    TraceSink *trace = nullptr;
    /// Every deadline, timeout and timestamp of the sessions (Clock::system() unless a test moves it).
    Clock *clock = nullptr;
    /// The terminal leases (several servers on one PostgreSQL database); null with SQLite.
    TerminalLeases *leases = nullptr;
};

} // namespace net
} // namespace termdesk
