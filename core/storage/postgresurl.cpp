// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresurl.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace termdesk::storage {
namespace {

const QStringList &sslModes()
{
    static const QStringList modes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                      QStringLiteral("prefer"),    QStringLiteral("require"),
                                      QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes;
}

constexpr int MAX_URL_CHARS = 4096;

} // namespace

bool PostgresUrl::isUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           location.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

std::optional<PostgresUrl> PostgresUrl::parse(const QString &text, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = QStringLiteral("bad database URL (%1); the form is "
                                    "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]")
                         .arg(why);
        return std::nullopt;
    };
    if (!isUrl(text))
        return fail(QStringLiteral("it must start with postgresql://"));
    if (text.size() > MAX_URL_CHARS)
        return fail(QStringLiteral("longer than %1 characters").arg(MAX_URL_CHARS));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QStringLiteral("not a URL"));
    PostgresUrl out;
    out.host = url.host(QUrl::FullyDecoded);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    if (url.port() == 0)
        return fail(QStringLiteral("port 0"));
    out.port = url.port(5432);
    const QString path = url.path(QUrl::FullyDecoded);
    out.database = path.mid(1);
    if (out.database.isEmpty() || out.database.contains(u'/'))
        return fail(QStringLiteral("no database name after the host"));
    if (out.user.isEmpty())
        return fail(QStringLiteral("no user name before the host"));
    if (url.hasFragment())
        return fail(QStringLiteral("a #fragment"));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            if (!sslModes().contains(value))
                return fail(QStringLiteral("sslmode '%1' is not one of %2").arg(value, sslModes().join(u' ')));
            out.sslmode = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            out.connectTimeoutSec = value.toInt(&ok);
            if (!ok || out.connectTimeoutSec < 1 || out.connectTimeoutSec > 3600)
                return fail(QStringLiteral("connect_timeout '%1' is not a number of seconds (1-3600)").arg(value));
        } else if (key == QLatin1String("host")) {
            if (!out.host.isEmpty() || !value.startsWith(u'/'))
                return fail(QStringLiteral("?host= names a socket directory (/...) when the URL has no host"));
            out.host = value;
        } else {
            return fail(QStringLiteral("unknown parameter '%1'; known: sslmode, connect_timeout, host").arg(key));
        }
    }
    if (out.host.isEmpty())
        return fail(QStringLiteral("no host"));
    return out;
}

QString PostgresUrl::redacted() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    const bool socket = host.startsWith(u'/');
    if (!socket)
        url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    QUrlQuery query;
    if (socket)
        query.addQueryItem(QStringLiteral("host"), host);
    if (!sslmode.isEmpty())
        query.addQueryItem(QStringLiteral("sslmode"), sslmode);
    url.setQuery(query);
    return url.toString();
}

QString PostgresUrl::connectOptions() const
{
    QStringList options{QStringLiteral("connect_timeout=%1").arg(connectTimeoutSec),
                        QStringLiteral("application_name=termdesk")};
    if (!sslmode.isEmpty())
        options.append(QStringLiteral("sslmode=") + sslmode);
    return options.join(u';');
}

QString displayLocation(const QString &location)
{
    if (!PostgresUrl::isUrl(location))
        return location;
    const auto url = PostgresUrl::parse(location, nullptr);
    return url ? url->redacted() : QStringLiteral("(a PostgreSQL URL that does not parse)");
}

bool postgresBuilt()
{
    return TERMDESK_POSTGRESQL;
}

} // namespace termdesk::storage
