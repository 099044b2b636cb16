// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace termdesk::service {
struct RosterOpResult;
}

namespace termdesk::cli {

/// `users compare --terminal SN [--state S]`: the per-user table; 0 in sync, 3 differences, 1 error.
int compareUsers(QSqlDatabase db, const QString &sn, const QString &state);
/// `users enable|disable|delete --users 1,2,3`.
int changeUsers(QSqlDatabase db, const QString &action, const QList<qint64> &ids);
/// `users progress [--limit N]`: the newest roster pushes and their commands.
int showProgress(QSqlDatabase db, int limit);
/// `users retry ORIGIN`: queue the failed commands of a push again.
int retryFailed(QSqlDatabase db, const QString &origin);
/// Prints a roster operation's messages, command ids and summary; its exit code.
int reportOp(const service::RosterOpResult &r, const QString &what);
/// "1,2,3" → ids; false with a message printed.
bool parseIds(const QString &text, QList<qint64> *ids);

} // namespace termdesk::cli
