// SPDX-License-Identifier: GPL-3.0-or-later
#include "configchange.h"

namespace termdesk {

EngineConfig mergeChangedSettings(const EngineConfig &running, const EngineConfig &before, const EngineConfig &after)
{
    EngineConfig merged = running;
    const auto take = [&](auto EngineConfig::*field) {
        if (!(before.*field == after.*field))
            merged.*field = after.*field;
    };
    take(&EngineConfig::dataDir);
    take(&EngineConfig::listenAddress);
    take(&EngineConfig::wsPort);
    take(&EngineConfig::tcpPort);
    take(&EngineConfig::wssPort);
    take(&EngineConfig::tlsCertificate);
    take(&EngineConfig::tlsKey);
    take(&EngineConfig::handshakeTimeoutMs);
    take(&EngineConfig::idleTimeoutMs);
    take(&EngineConfig::maxMessageBytes);
    take(&EngineConfig::maxConnections);
    take(&EngineConfig::wsAllowedNetworks);
    take(&EngineConfig::tcpAllowedNetworks);
    take(&EngineConfig::listenBacklog);
    take(&EngineConfig::admission);
    take(&EngineConfig::refusalReason);
    take(&EngineConfig::closedReason);
    take(&EngineConfig::blockedReason);
    take(&EngineConfig::noSendUser);
    take(&EngineConfig::tryseconds);
    take(&EngineConfig::registryAddress);
    take(&EngineConfig::tcpRequestTimeoutMs);
    take(&EngineConfig::commandMaxTries);
    take(&EngineConfig::wsCommandTimeoutMs);
    take(&EngineConfig::wsAddUserTimeoutMs);
    take(&EngineConfig::wsMaxPages);
    take(&EngineConfig::commandPollMs);
    take(&EngineConfig::serverName);
    take(&EngineConfig::leaseTtlMs);
    take(&EngineConfig::leaseRenewMs);
    take(&EngineConfig::pullNewLogsOnReg);
    take(&EngineConfig::clockAutoSync);
    take(&EngineConfig::clockSyncThresholdSec);
    take(&EngineConfig::tcpSleepWindowSec);
    take(&EngineConfig::presenceDebounceSec);
    take(&EngineConfig::webhookRetentionDays);
    take(&EngineConfig::storePhotos);
    take(&EngineConfig::photoRetentionDays);
    take(&EngineConfig::synchronous);
    take(&EngineConfig::backup);
    take(&EngineConfig::database);
    take(&EngineConfig::scheduledExport);
    // The REST API's settings reach the engine host at its next start (docs/settings.md).
    take(&EngineConfig::apiPort);
    take(&EngineConfig::apiListen);
    take(&EngineConfig::apiTls);
    take(&EngineConfig::apiRequestTimeoutMs);
    take(&EngineConfig::apiIdleTimeoutMs);
    take(&EngineConfig::apiMaxConnections);
    take(&EngineConfig::apiMaxBodyBytes);
    take(&EngineConfig::apiMaxHeaderBytes);
    return merged;
}

} // namespace termdesk
