// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRandomGenerator>

namespace termdesk::sim {

/// Credential kinds a simulated user holds, as bits of a per-user mask.
enum ModeBit : quint8 { FINGER = 1, PASSWORD = 2, CARD = 4, FACE = 8 };

/// The protocol's verify mode for one kind: 1 fingerprint, 2 password, 3 card, 8 face.
int modeOf(quint8 bit);

/// What a simulated person does at a terminal: who, how they verify, in or out, temperature.
struct PunchChoice
{
    qint32 enrollId = 0;
    quint8 mode = 0;
    quint8 inOut = 0;
    qint16 tempTenths = 0; ///< 0 = not measured
};

/// Draws one punch for a population of `users` (enroll ids 1..users) whose credential masks are
/// `userModes` (index enrollid-1). Shared by the WebSocket and TCP simulated devices, so both
/// protocols generate the same traffic for the same seed.
PunchChoice choosePunch(QRandomGenerator &rng, int users, const QList<quint8> &userModes, bool thermometer);

} // namespace termdesk::sim
