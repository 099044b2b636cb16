// SPDX-License-Identifier: GPL-3.0-or-later
#include "erpnexttarget.h"

#include "model/terminaltext.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace termdesk::webhook {

namespace {
constexpr qsizetype MAX_TOKEN = 256;
constexpr qsizetype MAX_FIELD = 64;
} // namespace

QString ErpnextOptions::toJson() const
{
    QJsonObject map;
    for (auto it = inOut.cbegin(); it != inOut.cend(); ++it)
        map.insert(QString::number(it.key()), it.value());
    QJsonObject o{{QStringLiteral("employee_field"), employeeField}, {QStringLiteral("in_out"), map}};
    if (!terminalInOut.isEmpty()) {
        QJsonObject terminals;
        for (auto t = terminalInOut.cbegin(); t != terminalInOut.cend(); ++t) {
            QJsonObject rule;
            for (auto it = t.value().cbegin(); it != t.value().cend(); ++it)
                rule.insert(it.key() == ANY_CODE ? QStringLiteral("*") : QString::number(it.key()), it.value());
            terminals.insert(t.key(), rule);
        }
        o.insert(QStringLiteral("terminal_in_out"), terminals);
    }
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

ErpnextOptions ErpnextOptions::fromJson(const QString &text)
{
    ErpnextOptions options;
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    if (o.contains(QLatin1String("employee_field")))
        options.employeeField = o.value(QLatin1String("employee_field")).toString();
    if (o.contains(QLatin1String("in_out"))) {
        options.inOut.clear();
        const QJsonObject map = o.value(QLatin1String("in_out")).toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            options.inOut.insert(it.key().toInt(), it.value().toString());
    }
    const QJsonObject terminals = o.value(QLatin1String("terminal_in_out")).toObject();
    for (auto t = terminals.begin(); t != terminals.end(); ++t) {
        QMap<int, QString> rule;
        const QJsonObject map = t.value().toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            rule.insert(it.key() == QLatin1String("*") ? ANY_CODE : it.key().toInt(), it.value().toString());
        options.terminalInOut.insert(t.key(), rule);
    }
    return options;
}

std::optional<QMap<int, QString>> ErpnextOptions::parseInOut(const QString &text, QString *error)
{
    QMap<int, QString> map;
    const QStringList pairs = text.split(u',', Qt::SkipEmptyParts);
    if (pairs.isEmpty() || pairs.size() > 16) {
        *error = QStringLiteral("--in-out: give 1 to 16 pairs like \"0=IN,1=OUT,4=IN,5=OUT\"");
        return std::nullopt;
    }
    for (const QString &pair : pairs) {
        const QStringList kv = pair.trimmed().split(u'=');
        bool ok = false;
        const int code = kv.value(0).trimmed().toInt(&ok);
        const QString type = kv.value(1).trimmed().toUpper();
        if (kv.size() != 2 || !ok || code < 0 || code > 255 ||
            (type != QLatin1String("IN") && type != QLatin1String("OUT") && !type.isEmpty())) {
            *error = QStringLiteral("--in-out: '%1' is not CODE=IN, CODE=OUT or CODE= (CODE 0 to 255)").arg(pair);
            return std::nullopt;
        }
        map.insert(code, type);
    }
    return map;
}

QString ErpnextOptions::inOutText() const
{
    QStringList parts;
    for (auto it = inOut.cbegin(); it != inOut.cend(); ++it)
        parts.append(QStringLiteral("%1=%2").arg(it.key()).arg(it.value()));
    return parts.join(u',');
}

QString ErpnextOptions::ruleText(const QMap<int, QString> &rule)
{
    if (rule.size() == 1 && rule.contains(ANY_CODE))
        return rule.value(ANY_CODE);
    QStringList parts;
    for (auto it = rule.cbegin(); it != rule.cend(); ++it)
        parts.append(QStringLiteral("%1=%2").arg(it.key()).arg(it.value()));
    return parts.join(u',');
}

bool ErpnextOptions::applyTerminalLogType(const QString &text, QString *error)
{
    const qsizetype eq = text.indexOf(u'=');
    const QString sn = text.left(eq).trimmed();
    if (eq <= 0 || sn.isEmpty()) {
        *error = QStringLiteral("--terminal-log-type: give SN=IN, SN=OUT, SN=MAP (like \"0=IN,1=OUT\") or SN= (the "
                                "endpoint's --in-out again), not '%1'")
                     .arg(terminaltext::logPreview(text.left(80)));
        return false;
    }
    if (const std::optional<QString> why = terminaltext::serialRefusal(sn, u"sn")) {
        *error = QStringLiteral("--terminal-log-type: %1").arg(*why);
        return false;
    }
    const QString spec = text.mid(eq + 1).trimmed();
    if (spec.isEmpty()) {
        terminalInOut.remove(sn);
        return true;
    }
    QMap<int, QString> rule;
    const QString upper = spec.toUpper();
    if (upper == QLatin1String("IN") || upper == QLatin1String("OUT")) {
        rule.insert(ANY_CODE, upper);
    } else {
        QString why;
        const std::optional<QMap<int, QString>> map = parseInOut(spec, &why);
        if (!map) {
            *error = QStringLiteral("--terminal-log-type %1: %2").arg(sn, why.mid(why.indexOf(u':') + 2));
            return false;
        }
        rule = *map;
    }
    if (!terminalInOut.contains(sn) && terminalInOut.size() >= MAX_TERMINALS) {
        *error = QStringLiteral("--terminal-log-type: at most %1 terminals per endpoint").arg(MAX_TERMINALS);
        return false;
    }
    terminalInOut.insert(sn, rule);
    return true;
}

QString ErpnextOptions::terminalInOutText() const
{
    QStringList parts;
    for (auto t = terminalInOut.cbegin(); t != terminalInOut.cend(); ++t)
        parts.append(t.key() + u'=' + ruleText(t.value()));
    return parts.join(QStringLiteral("; "));
}

QString ErpnextOptions::logType(const QString &sn, int code) const
{
    const auto t = terminalInOut.constFind(sn);
    if (t == terminalInOut.cend())
        return inOut.value(code);
    return t->contains(code) ? t->value(code) : t->value(ANY_CODE);
}

QString ErpnextTarget::validate(const QString &employeeField, const QByteArray &token)
{
    static const QRegularExpression fieldName(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (employeeField.size() > MAX_FIELD || !fieldName.match(employeeField).hasMatch())
        return QStringLiteral("--employee-field: '%1' is not a field name (lower case letters, digits, '_')")
            .arg(employeeField.left(MAX_FIELD));
    const qsizetype colon = token.indexOf(':');
    static const QRegularExpression part(QStringLiteral("^[A-Za-z0-9]+$"));
    if (token.size() > MAX_TOKEN || colon <= 0 || colon == token.size() - 1 ||
        !part.match(QString::fromLatin1(token.left(colon))).hasMatch() ||
        !part.match(QString::fromLatin1(token.mid(colon + 1))).hasMatch())
        return QStringLiteral("--token: give API_KEY:API_SECRET of an ERPNext user (letters and digits)");
    return {};
}

QUrl ErpnextTarget::methodUrl(const QString &url)
{
    QUrl u(url);
    if (u.path().isEmpty() || u.path() == QLatin1String("/"))
        u.setPath(QStringLiteral("/api/method/") + QLatin1String(METHOD));
    return u;
}

QByteArray ErpnextTarget::body(const QJsonObject &record, const ErpnextOptions &options)
{
    const QString name = record.value(QLatin1String("terminal_name")).toString();
    const QString device = name.isEmpty() ? record.value(QLatin1String("terminal_sn")).toString() : name;
    const int inOut = record.value(QLatin1String("in_out")).toInt();
    const QJsonObject o{
        {QStringLiteral("employee_field_value"), QString::number(record.value(QLatin1String("enroll_id")).toInteger())},
        {QStringLiteral("timestamp"), record.value(QLatin1String("local_time")).toString()},
        {QStringLiteral("device_id"), device},
        {QStringLiteral("log_type"), options.logType(record.value(QLatin1String("terminal_sn")).toString(), inOut)},
        {QStringLiteral("employee_fieldname"), options.employeeField}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QNetworkRequest ErpnextTarget::request(const QString &url, const QByteArray &token, int timeoutMs)
{
    QNetworkRequest r{methodUrl(url)};
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("TermDesk-Webhooks/1"));
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("Authorization", "token " + token);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setTransferTimeout(timeoutMs);
    return r;
}

bool ErpnextTarget::isDuplicate(int httpCode, const QByteArray &answer)
{
    return (httpCode < 200 || httpCode >= 300) && httpCode != 0 &&
           answer.contains("already has a log with the same timestamp");
}

} // namespace termdesk::webhook
