// SPDX-License-Identifier: GPL-3.0-or-later
#include "apikeystore.h"

#include "sqldialect.h"
#include "util/clock.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <array>

namespace termdesk::storage {
namespace {

constexpr qsizetype MAX_NAME = 64;

ApiKeyInfo fromRow(const QSqlQuery &q)
{
    ApiKeyInfo k;
    k.id = q.value(0).toLongLong();
    k.name = q.value(1).toString();
    k.scope = apiScopeFromName(q.value(2).toString()).value_or(ApiScope::Read);
    k.createdMs = q.value(3).toLongLong();
    k.revokedMs = q.value(4).isNull() ? 0 : q.value(4).toLongLong();
    return k;
}

const QString COLUMNS = QStringLiteral("id, name, scope, created_ms, revoked_ms");

} // namespace

QString apiScopeName(ApiScope scope)
{
    return scope == ApiScope::Commands ? QStringLiteral("commands") : QStringLiteral("read");
}

std::optional<ApiScope> apiScopeFromName(QStringView name)
{
    if (name == QLatin1String("read"))
        return ApiScope::Read;
    if (name == QLatin1String("commands"))
        return ApiScope::Commands;
    return std::nullopt;
}

QString ApiKeyStore::hash(QByteArrayView key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
}

QByteArray ApiKeyStore::generateKey()
{
    std::array<quint32, 8> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    const QByteArray bytes(reinterpret_cast<const char *>(random.data()), sizeof(random));
    return QByteArrayLiteral("tdk_") + bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

qint64 ApiKeyStore::create(QSqlDatabase db, const QString &name, ApiScope scope, QByteArray *key, QString *error)
{
    const QString n = name.trimmed();
    if (n.isEmpty() || n.size() > MAX_NAME) {
        *error = QStringLiteral("a key needs a name of 1 to %1 characters").arg(MAX_NAME);
        return 0;
    }
    bool digitsOnly = true;
    for (QChar c : n)
        digitsOnly = digitsOnly && c.isDigit();
    if (digitsOnly) {
        *error = QStringLiteral("'%1': a key's name cannot be a number (revoke takes a name or an id)").arg(n);
        return 0;
    }
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT revoked_ms FROM api_keys WHERE name = ?"));
        q.addBindValue(n);
        if (q.exec() && q.next()) {
            *error = q.value(0).isNull()
                         ? QStringLiteral("there is a key called '%1' already").arg(n)
                         : QStringLiteral("a revoked key was called '%1': names are not reused, choose another").arg(n);
            return 0;
        }
    }
    const QByteArray made = generateKey();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO api_keys (name, scope, key_hash, created_ms) VALUES (?, ?, ?, ?)") +
              returningId(db));
    q.addBindValue(n);
    q.addBindValue(apiScopeName(scope));
    q.addBindValue(hash(made));
    q.addBindValue(wallClockMs());
    if (!q.exec()) {
        *error = QStringLiteral("cannot store the key: %1").arg(q.lastError().text());
        return 0;
    }
    *key = made;
    return insertedId(q);
}

QList<ApiKeyInfo> ApiKeyStore::list(QSqlDatabase db, QString *error)
{
    QList<ApiKeyInfo> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + COLUMNS + QStringLiteral(" FROM api_keys ORDER BY id"))) {
        *error = QStringLiteral("cannot read the API keys: %1").arg(q.lastError().text());
        return out;
    }
    while (q.next())
        out.append(fromRow(q));
    return out;
}

bool ApiKeyStore::revoke(QSqlDatabase db, const QString &nameOrId, ApiKeyInfo *revoked, QString *error)
{
    bool isId = false;
    const qint64 id = nameOrId.trimmed().toLongLong(&isId);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + COLUMNS + QStringLiteral(" FROM api_keys WHERE ") +
              (isId ? QStringLiteral("id = ?") : QStringLiteral("name = ?")));
    if (isId)
        q.addBindValue(id);
    else
        q.addBindValue(nameOrId.trimmed());
    if (!q.exec() || !q.next()) {
        *error = QStringLiteral("no API key '%1' (see termdesk api-key list)").arg(nameOrId);
        return false;
    }
    ApiKeyInfo key = fromRow(q);
    if (key.revokedMs != 0) {
        *error = QStringLiteral("the API key '%1' is revoked already").arg(key.name);
        return false;
    }
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL"));
    key.revokedMs = wallClockMs();
    u.addBindValue(key.revokedMs);
    u.addBindValue(key.id);
    if (!u.exec()) {
        *error = QStringLiteral("cannot revoke the key: %1").arg(u.lastError().text());
        return false;
    }
    if (revoked)
        *revoked = key;
    return true;
}

std::optional<ApiKeyInfo> ApiKeyStore::find(QSqlDatabase db, QByteArrayView key, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + COLUMNS + QStringLiteral(" FROM api_keys WHERE key_hash = ?"));
    q.addBindValue(hash(key));
    if (!q.exec()) {
        *error = QStringLiteral("cannot read the API keys: %1").arg(q.lastError().text());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    const ApiKeyInfo info = fromRow(q);
    if (info.revokedMs != 0)
        return std::nullopt;
    return info;
}

} // namespace termdesk::storage
