// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpresponse.h"
#include "storage/apikeystore.h"

#include <QByteArray>
#include <QSqlDatabase>

namespace termdesk::api {

/// @brief POST /api/v1/commands (docs/integration.md): queues a terminal command as
/// `termdesk command --terminal SN ACTION` does (service::TerminalActions, audited), once per
/// Idempotency-Key: the same key from the same API key answers with the same command id, a key
/// reused with another body is refused with 422.
class ApiCommands
{
public:
    /// @p db: a read-write connection; @p key: the caller's API key.
    static http::HttpResponse post(QSqlDatabase db, const storage::ApiKeyInfo &key, const QByteArray &idempotencyKey,
                                   const QByteArray &body);
};

} // namespace termdesk::api
