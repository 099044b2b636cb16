// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/punch.h"
#include "tcpbodies.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The TCP command queue's payloads (docs/protocol-tcp.md, docs/roster.md) and what answers bring,
// in the model's terms. Pure: no I/O, no clock (callers pass the time).
namespace termdesk::tcp::commands {

/// A tcp.write row's request, or why it cannot be sent.
struct WriteBuild
{
    TcpWriteRequest request; ///< without its sequence
    QByteArray body;         ///< encoded with @p sequence; empty on error
    QString error;           ///< not empty: the row fails with this reason
};

/// Builds the WriteRequest of a `tcp.write` payload: `set_time_ms` (ms, or "now" = @p nowMs),
/// `clear_punches`, `open_door`, `reboot`, `delete` (enroll ids) and `upsert` (users, credential
/// data base64). Fails on credentials without backup_num or base64 data, on values the wire
/// cannot carry, and on a request larger than one frame.
WriteBuild buildWrite(const QJsonObject &payload, quint32 sequence, qint64 nowMs);

/// What a `tcp.read` payload asks for: `target` (status, users, punches), `from_ms` / `to_ms`,
/// `limit`, the first `offset`. target is empty for an unknown target.
struct ReadPlan
{
    std::optional<ReadTarget> target;
    QString targetName;
    quint32 fromTime = 0; ///< seconds since 2020Z, 0 = unbounded
    quint32 toTime = 0;
    quint32 offset = 0;
    quint32 limit = 0;
};
ReadPlan readPlan(const QJsonObject &payload);

/// The ReadRequest of one page of @p plan, starting at @p offset.
TcpReadRequest readRequest(const ReadPlan &plan, quint32 sequence, quint32 offset);

/// Credential bytes as the roster stores them (the WebSocket forms): fingerprints as hex,
/// password and card as their digits, faces/palms/photos as base64.
QString credentialText(int backupNum, const QByteArray &data);

/// The roster entries of reported users (one per credential; a user without any as backupNum -1).
QList<CredentialRecord> credentialsOf(const QList<TcpUser> &users);

/// Reported punches as stored: TCP terminals report UTC instants; the stored local time is that
/// instant on the terminal's wall clock (its configured offset, else the server's zone then).
QList<Punch> toPunches(const QList<TcpPunch> &punches, std::optional<int> terminalOffsetMin);

} // namespace termdesk::tcp::commands
