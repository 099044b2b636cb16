// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace termdesk::storage {

/// What an API key may do (docs/integration.md, "Keys"): read the data, or also queue commands.
enum class ApiScope { Read, Commands };

/// "read" or "commands".
QString apiScopeName(ApiScope scope);
std::optional<ApiScope> apiScopeFromName(QStringView name);

/// A row of api_keys: everything but the key, which is never stored (only its SHA-256).
struct ApiKeyInfo
{
    qint64 id = 0;
    QString name;
    ApiScope scope = ApiScope::Read;
    qint64 createdMs = 0;
    qint64 revokedMs = 0; ///< 0 while the key is valid
};

/// @brief The REST API's keys, from any process (`termdesk api-key`, the API server). A key is shown
/// once when it is made; the table holds its SHA-256, so a copy of the database gives no key away.
/// The API server looks each request's key up here, so a key made or revoked while the server runs
/// counts from the next request.
class ApiKeyStore
{
public:
    /// The SHA-256 of @p key, in hex (what api_keys.key_hash holds).
    static QString hash(QByteArrayView key);
    /// A new key: "tdk_" and 43 base64url characters (256 random bits from the system's generator).
    static QByteArray generateKey();

    /// Stores a new key called @p name; returns its id and sets @p key (to be shown once), or 0 with
    /// @p error (a name taken, also by a revoked key; an empty or too long name).
    static qint64 create(QSqlDatabase db, const QString &name, ApiScope scope, QByteArray *key, QString *error);
    static QList<ApiKeyInfo> list(QSqlDatabase db, QString *error);
    /// Revokes the key named (or numbered) @p nameOrId; false with @p error when there is none or it
    /// is revoked already.
    static bool revoke(QSqlDatabase db, const QString &nameOrId, ApiKeyInfo *revoked, QString *error);
    /// The valid (not revoked) key @p key, or nullopt.
    static std::optional<ApiKeyInfo> find(QSqlDatabase db, QByteArrayView key, QString *error);
};

} // namespace termdesk::storage
