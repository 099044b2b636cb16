// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punch.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace termdesk {

/// @brief A punch as stored: what the live views show. Crosses threads by value.
struct StoredPunch
{
    qint64 id = 0;
    QString terminalSn;
    Protocol protocol = Protocol::WebSocket;
    qint64 enrollId = 0;
    QString localTime; ///< "yyyy-MM-dd HH:mm:ss" on the terminal's clock
    int verifyMode = 0;
    int inOut = 0;
    int event = 0;
    std::optional<double> temperature;
    QString name; ///< the name the terminal put in the record (the roster name may differ)
    qint64 utcMs = 0;
    int utcOffsetMin = 0;
    qint64 receivedMs = 0;
};

} // namespace termdesk

Q_DECLARE_METATYPE(termdesk::StoredPunch)
