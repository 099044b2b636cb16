// SPDX-License-Identifier: GPL-3.0-or-later
#include "simjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <charconv>
#include <cstring>

namespace termdesk::sim {

JsonWriter::JsonWriter(bool trailingCommas) : m_trailingCommas(trailingCommas) {}

char *JsonWriter::grow(qsizetype bytes)
{
    // resize() within the reserved capacity and one memcpy: QByteArray::append(const char *)
    // goes through insert() and was a sixth of the simulator's CPU per batch.
    const qsizetype at = m_out.size();
    m_out.resize(at + bytes);
    return m_out.data() + at;
}

void JsonWriter::appendRaw(const char *text, qsizetype size, bool quoted)
{
    char *out = grow(quoted ? size + 2 : size);
    if (quoted)
        *out++ = '"';
    std::memcpy(out, text, static_cast<size_t>(size));
    if (quoted)
        out[size] = '"';
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasItems.isEmpty()) {
        if (m_hasItems.last())
            m_out.append(',');
        m_hasItems.last() = true;
    }
}

void JsonWriter::close(char bracket)
{
    if (!m_hasItems.isEmpty()) {
        if (m_trailingCommas && m_hasItems.last())
            m_out.append(',');
        m_hasItems.removeLast();
    }
    m_out.append(bracket);
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_hasItems.append(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    close('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_hasItems.append(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    close(']');
    return *this;
}

JsonWriter &JsonWriter::key(const char *name)
{
    separate();
    appendRaw(name, static_cast<qsizetype>(std::strlen(name)), true);
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::string(const QString &value)
{
    separate();
    // Most values are short ASCII (serials, names, times): copy those without a UTF-8 round trip.
    bool plain = true;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == u'"' || u == u'\\') {
            plain = false;
            break;
        }
    }
    if (!plain) {
        appendQuoted(value.toUtf8());
        return *this;
    }
    char *out = grow(value.size() + 2);
    *out++ = '"';
    for (const QChar c : value)
        *out++ = static_cast<char>(c.unicode());
    *out = '"';
    return *this;
}

JsonWriter &JsonWriter::ascii(const char *text, qsizetype size)
{
    separate();
    appendRaw(text, size, true);
    return *this;
}

void JsonWriter::appendQuoted(const QByteArray &utf8)
{
    m_out.append('"');
    for (const char c : utf8)
        appendEscaped(c);
    m_out.append('"');
}

void JsonWriter::appendEscaped(char c)
{
    switch (c) {
    case '"':
        m_out.append("\\\"");
        break;
    case '\\':
        m_out.append("\\\\");
        break;
    case '\n':
        m_out.append("\\n");
        break;
    case '\r':
        m_out.append("\\r");
        break;
    case '\t':
        m_out.append("\\t");
        break;
    default:
        if (static_cast<unsigned char>(c) < 0x20)
            m_out.append("\\u00").append(QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0'));
        else
            m_out.append(c);
    }
}

JsonWriter &JsonWriter::number(qint64 value, bool asString)
{
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    appendRaw(digits, end - digits, asString);
    return *this;
}

JsonWriter &JsonWriter::decimal(double value, int decimals)
{
    separate();
    m_out.append(QByteArray::number(value, 'f', decimals));
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    separate();
    m_out.append(value ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Double: {
        const double d = value.toDouble();
        separate();
        m_out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
        return *this;
    }
    case QJsonValue::Array:
        separate();
        m_out.append(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        return *this;
    case QJsonValue::Object:
        separate();
        m_out.append(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        return *this;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    separate();
    m_out.append("null");
    return *this;
}

std::optional<qint64> jsonInteger(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        const auto i = static_cast<qint64>(d);
        if (static_cast<double>(i) == d)
            return i;
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 i = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return i;
    }
    return std::nullopt;
}

std::optional<bool> jsonBool(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    if (value.isDouble())
        return value.toDouble() != 0;
    if (value.isString()) {
        const QString s = value.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("0"))
            return false;
    }
    return std::nullopt;
}

QString jsonReason(const QJsonObject &object)
{
    const QJsonValue reason = object.value(QLatin1String("reason"));
    if (reason.isString())
        return reason.toString();
    if (reason.isDouble())
        return QString::number(reason.toDouble());
    return object.value(QLatin1String("msg")).toString();
}

} // namespace termdesk::sim
