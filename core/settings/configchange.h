// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineconfig.h"

#include <QMetaType>
#include <QStringList>

namespace termdesk {

/// @brief What Engine::applyConfig did with a new configuration: the listeners it moved, the
/// settings that took effect at once, those that wait for the next start, and what failed.
struct ConfigApplyResult
{
    QStringList applied;     ///< human-readable, e.g. "WebSocket port 7788 → 7790"
    QStringList atNextStart; ///< setting names that need a restart (data directory, storage mode, …)
    QStringList errors;      ///< e.g. a port already in use; the old listener then stays
    quint16 wsPort = 0;      ///< the ports listening after the change (0: TCP off)
    quint16 tcpPort = 0;
    quint16 wssPort = 0;    ///< 0: wss off
    QString tlsFingerprint; ///< SHA-256 of the wss certificate in use (empty: wss off)
    EngineConfig config;    ///< the configuration in force after the change

    bool ok() const { return errors.isEmpty(); }
};

/// The running configuration with the settings an operator changed applied: a field takes its value
/// from @p after only where @p after differs from @p before (the saved settings before the edit), so a
/// command-line override (`--ws-port`) survives an edit of an unrelated setting.
EngineConfig mergeChangedSettings(const EngineConfig &running, const EngineConfig &before, const EngineConfig &after);

} // namespace termdesk

Q_DECLARE_METATYPE(termdesk::ConfigApplyResult)
