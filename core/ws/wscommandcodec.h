// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/terminalinfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace termdesk::ws::commands {

/// The queue kind of a WebSocket command: "ws." + its name.
QString kindFor(const QString &name);

/// @brief What to send for a queued row, and the server-side options that ride along.
struct Request
{
    QString name;        ///< the command, e.g. "getnewlog"
    QJsonObject message; ///< what goes to the terminal (options removed, "now" resolved)
    QJsonObject options; ///< payload keys starting with '_' (instructions to the server, never sent)
    QString error;       ///< not empty: the row cannot be sent (wrong kind, bad payload)
};

/// Builds the request of a queued row: `kind` "ws.<cmd>", `payload` the JSON object to send.
/// `cloudtime: "now"` (settime) becomes `cloudTimeNow`; paged commands start with `stn: true`.
Request buildRequest(const QString &kind, const QByteArray &payload, const QString &cloudTimeNow);

/// getuserlist, getnewlog, getalllog: continued with `stn:false` until an empty page.
bool isPaged(QStringView name);

/// Does a reply answer the in-flight command `name`? A `ret` of that name does; an echoed
/// `cmd` of that name only when it carries an answer (`result`, `record`, `count`, or
/// gettime's `time`).
bool answers(const QJsonObject &reply, const QString &name);

/// `result: false` (or 0, "false"): why, from `msg` / `reason` ("terminal refused: …");
/// nullopt when the reply does not refuse (a missing `result` is not a refusal: gettime).
std::optional<QString> refusal(const QJsonObject &reply);

/// A page that ends the paging: `count` 0, or no / an empty `record`.
bool isEmptyPage(const QJsonObject &reply);

/// The entries of a getuserlist page: enrollId, admin (when sent), backupNum; never data.
QList<CredentialRecord> listedCredentials(const QJsonObject &reply);

/// The credential of a getuserinfo reply; enrollid / backupnum fall back to the request's.
/// nullopt without a usable enroll id.
std::optional<CredentialRecord> userInfo(const QJsonObject &reply, const QJsonObject &request);

/// Capacities and usage in a getdevcap (or getdevinfo) reply; nullopt when it has none.
std::optional<TerminalInfo> capacities(const QJsonObject &reply);

/// A small, non-biometric summary of an answer for the command's result column: the reply
/// without ret/cmd/sn/result, secrets redacted, or only its size when it is large.
QJsonObject answerSummary(const QJsonObject &reply);

} // namespace termdesk::ws::commands
