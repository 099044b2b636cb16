// SPDX-License-Identifier: GPL-3.0-or-later
#include "simtypes.h"

namespace termdesk::sim {

size_t qHash(const PunchKey &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.sn, key.enrollId, key.time, key.mode, key.inOut, key.event, key.utc);
}

Counters &Counters::operator+=(const Counters &other)
{
    generated += other.generated;
    sent += other.sent;
    acknowledged += other.acknowledged;
    resent += other.resent;
    refused += other.refused;
    batchesAcked += other.batchesAcked;
    reconnects += other.reconnects;
    doorEvents += other.doorEvents;
    wakeups += other.wakeups;
    requestsAnswered += other.requestsAnswered;
    faultsInjected += other.faultsInjected;
    faultsUnclosed += other.faultsUnclosed;
    return *this;
}

} // namespace termdesk::sim
