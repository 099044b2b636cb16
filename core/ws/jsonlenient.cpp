// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonlenient.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <cstring>

namespace termdesk::ws {
namespace {

// Drops a ',' whose next non-blank character closes an array or object, outside strings.
QByteArray removeTrailingCommas(const QByteArray &in, bool &changed)
{
    QByteArray out;
    out.reserve(in.size());
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (inString) {
            out.append(c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == ',') {
            qsizetype j = i + 1;
            while (j < in.size() && (in[j] == ' ' || in[j] == '\t' || in[j] == '\r' || in[j] == '\n'))
                ++j;
            if (j < in.size() && (in[j] == ']' || in[j] == '}')) {
                changed = true;
                continue;
            }
        }
        out.append(c);
    }
    return out;
}

// True when no string in the raw text can begin or end with white space: no escapes at all,
// and no string whose first or last byte is ASCII white space or part of a multi-byte UTF-8
// character (Unicode spaces). Then no key needs trimming and the JSON walk is skipped; it is
// about 3 % of the server's CPU while ingesting. Conservative: values count too.
bool keysSurelyTrimmed(const QByteArray &bytes)
{
    const auto suspicious = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    if (bytes.contains('\\'))
        return false;
    const char *const begin = bytes.constData();
    const char *const end = begin + bytes.size();
    bool inString = false;
    for (const char *p = begin; p < end; ++p) {
        p = static_cast<const char *>(std::memchr(p, '"', static_cast<size_t>(end - p)));
        if (!p)
            break;
        if (!inString ? p + 1 < end && suspicious(p[1]) : p > begin && suspicious(p[-1]))
            return false;
        inString = !inString;
    }
    return true;
}

bool needsKeyTrim(const QJsonObject &o);

bool needsKeyTrim(const QJsonValue &v)
{
    if (v.isObject())
        return needsKeyTrim(v.toObject());
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a) {
            if (needsKeyTrim(e))
                return true;
        }
    }
    return false;
}

bool needsKeyTrim(const QJsonObject &o)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString k = it.key();
        if (!k.isEmpty() && (k.front().isSpace() || k.back().isSpace()))
            return true;
        if ((it->isObject() || it->isArray()) && needsKeyTrim(it.value()))
            return true;
    }
    return false;
}

QJsonValue trimKeys(const QJsonValue &v);

QJsonObject trimKeys(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key().trimmed(), trimKeys(it.value()));
    return out;
}

QJsonValue trimKeys(const QJsonValue &v)
{
    if (v.isObject())
        return trimKeys(v.toObject());
    if (v.isArray()) {
        QJsonArray out;
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a)
            out.append(trimKeys(e));
        return out;
    }
    return v;
}

} // namespace

JsonParse parseLenient(const QByteArray &bytes)
{
    JsonParse r;
    QJsonParseError err;
    QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError) {
        bool changed = false;
        const QByteArray cleaned = removeTrailingCommas(bytes, changed);
        if (changed) {
            QJsonParseError err2;
            doc = QJsonDocument::fromJson(cleaned, &err2);
            if (err2.error == QJsonParseError::NoError)
                r.repaired = true;
            else
                err = err2;
        }
        if (!r.repaired) {
            r.error = QStringLiteral("not JSON: %1 at offset %2").arg(err.errorString()).arg(err.offset);
            return r;
        }
    }
    if (!doc.isObject()) {
        r.error = QStringLiteral("JSON but not an object");
        return r;
    }
    r.object = doc.object();
    if (!keysSurelyTrimmed(bytes) && needsKeyTrim(r.object)) {
        r.object = trimKeys(r.object);
        r.repaired = true;
    }
    r.ok = true;
    return r;
}

std::optional<qint64> toInt(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return static_cast<qint64>(d);
        return std::nullopt;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    if (v.isBool())
        return v.toBool() ? 1 : 0;
    return std::nullopt;
}

std::optional<double> toDouble(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        return ok && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<bool> toBool(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    if (v.isString()) {
        const QString s = v.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("0"))
            return false;
    }
    return std::nullopt;
}

QString toText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 1.0e18)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 17);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    return {};
}

} // namespace termdesk::ws
