// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/admission.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace termdesk {

/// @brief What a terminal says about itself (WebSocket `devinfo`, TCP `DeviceStatus`).
/// Every field is optional: only the serial is ever required.
struct TerminalInfo
{
    QString model;
    QString firmware;
    QString cpuSerial;
    QString mac;
    QString fpAlgorithm;
    QString deviceTime; ///< "yyyy-MM-dd HH:mm:ss" as sent, empty if not sent
    std::optional<qint64> userCapacity, usersUsed;
    std::optional<qint64> fpCapacity, fpsUsed;
    std::optional<qint64> faceCapacity, facesUsed;
    std::optional<qint64> palmCapacity, palmsUsed;
    std::optional<qint64> cardCapacity, cardsUsed;
    std::optional<qint64> pwdCapacity, pwdsUsed;
    std::optional<qint64> logCapacity, logsUsed, newLogs;
    std::optional<qint64> batteryPercent;
    QByteArray rawJson; ///< the whole devinfo object, compact JSON
};

} // namespace termdesk
