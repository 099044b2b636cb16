// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/punch.h"
#include "model/terminalinfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace termdesk::ws {

/// What an inbound WebSocket message is.
enum class MessageKind {
    Reg,      ///< {"cmd":"reg"}
    SendLog,  ///< {"cmd":"sendlog"}: punches and door events
    SendUser, ///< {"cmd":"senduser"}: one credential
    Push,     ///< another device-initiated cmd (sendqrcode, sendpin, unknown): ack and log
    Reply,    ///< an answer to a server command ("ret", or a server command name in "cmd")
    Invalid,  ///< an object with neither cmd nor ret
};

struct DecodedMessage
{
    MessageKind kind = MessageKind::Invalid;
    QString name; ///< the cmd or ret, trimmed
    QString sn;   ///< the "sn" key if present (may be empty)

    // Reg
    TerminalInfo info;

    // SendLog
    QJsonValue count;    ///< echoed verbatim in the ack; Undefined if not sent
    QJsonValue logIndex; ///< echoed verbatim in the ack; Undefined if not sent
    QList<Punch> punches;
    QList<QuarantinedRecord> quarantined;

    // SendUser
    std::optional<CredentialRecord> credential;
};

/// @brief Turns a parsed JSON object into a typed message. Never fails: anything it cannot
/// interpret is reported as Invalid or kept as a quarantined record.
/// @param keepPhotos keep `image` of sendlog records (biometric: off unless configured).
DecodedMessage decodeMessage(const QJsonObject &object, bool keepPhotos);

/// True for the names of commands the server sends (some firmware echoes them in "cmd").
bool isServerCommandName(QStringView name);

/// A copy fit for logs and traces: photos, templates, passwords and cards replaced by a
/// length marker ("<redacted 1620 chars>").
QJsonObject redacted(const QJsonObject &object);

/// Temperature as sent (36.5, 365 or 3650) in degrees Celsius; nullopt for absent or 0.
std::optional<double> normaliseTemperature(double raw);

} // namespace termdesk::ws
