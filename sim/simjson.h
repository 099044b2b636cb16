// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace termdesk::sim {

/// Writes JSON with keys in the order given (firmware writes "ret" first), and can reproduce the
/// trailing-comma habit of some firmware (`,]` and `,}`). Values are appended right after key().
class JsonWriter final
{
public:
    explicit JsonWriter(bool trailingCommas = false);

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    /// `name` is a plain ASCII literal: written as it is, never escaped.
    JsonWriter &key(const char *name);
    JsonWriter &string(const QString &value);
    /// A string known to be printable ASCII without quotes or backslashes (a formatted time).
    JsonWriter &ascii(const char *text, qsizetype size);
    JsonWriter &number(qint64 value, bool asString = false);
    JsonWriter &decimal(double value, int decimals);
    JsonWriter &boolean(bool value);
    JsonWriter &value(const QJsonValue &value);

    /// Room for `bytes` more, so that a long message is not copied as it grows.
    void reserve(qsizetype bytes) { m_out.reserve(m_out.size() + bytes); }
    QByteArray take() { return std::move(m_out); }

private:
    void separate();
    void appendQuoted(const QByteArray &utf8);
    void appendEscaped(char c);
    /// @p bytes more at the end, returned for writing.
    char *grow(qsizetype bytes);
    /// @p size bytes that need no escaping, in quotes or not.
    void appendRaw(const char *text, qsizetype size, bool quoted);
    void close(char bracket);

    QByteArray m_out;
    QList<bool> m_hasItems; // per open container
    bool m_afterKey = false;
    bool m_trailingCommas;
};

/// A number or a numeric string (servers echo what they received, devices send both).
std::optional<qint64> jsonInteger(const QJsonValue &value);
/// true/false, 1/0, "true"/"false"/"1"/"0".
std::optional<bool> jsonBool(const QJsonValue &value);
/// Reason of a failure reply as text: "reason" (string or number), else "msg".
QString jsonReason(const QJsonObject &object);

} // namespace termdesk::sim
