// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace termdesk::ws {

/// @brief Result of reading one inbound message.
struct JsonParse
{
    bool ok = false;
    QJsonObject object;
    QString error;         ///< why it is not a JSON object (for the log)
    bool repaired = false; ///< trailing commas removed or keys trimmed
};

/// @brief Parses a terminal's JSON leniently: trailing commas before ']' or '}' are tolerated,
/// object keys are trimmed of spaces (recursively), invalid UTF-8 has already been replaced
/// by the transport. Only a JSON object is a message.
JsonParse parseLenient(const QByteArray &bytes);

/// An integer sent as a number, a numeric string ("101072", " 7 ") or a boolean.
std::optional<qint64> toInt(const QJsonValue &v);
/// A number sent as a number or a numeric string.
std::optional<double> toDouble(const QJsonValue &v);
/// true/false, 1/0, "true"/"false"/"1"/"0".
std::optional<bool> toBool(const QJsonValue &v);
/// A string, or a number rendered without exponent (card numbers beyond 2^31 stay exact).
QString toText(const QJsonValue &v);

} // namespace termdesk::ws
