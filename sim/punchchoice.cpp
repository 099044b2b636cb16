// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchchoice.h"

#include <array>

namespace termdesk::sim {

int modeOf(quint8 bit)
{
    switch (bit) {
    case FINGER:
        return 1;
    case PASSWORD:
        return 2;
    case CARD:
        return 3;
    default:
        return 8;
    }
}

PunchChoice choosePunch(QRandomGenerator &rng, int users, const QList<quint8> &userModes, bool thermometer)
{
    PunchChoice c;
    c.enrollId = qint32(rng.bounded(users)) + 1;
    const quint8 modes = userModes.at(c.enrollId - 1);
    std::array<quint8, 4> bits{};
    int count = 0;
    for (const quint8 bit : {FINGER, PASSWORD, CARD, FACE}) {
        if (modes & bit)
            bits[count++] = bit;
    }
    // Faces and fingers are used far more often than cards or PINs.
    quint8 bit = bits[rng.bounded(count)];
    if ((modes & FACE) && rng.bounded(100) < 80)
        bit = FACE;
    c.mode = quint8(modeOf(bit));
    c.inOut = rng.bounded(100) < 60 ? 0 : 1;
    if (thermometer && rng.bounded(100) < 30)
        c.tempTenths = qint16(361 + rng.bounded(14)); // 36.1 .. 37.4
    return c;
}

} // namespace termdesk::sim
