// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Converts TCP protocol bodies (protobuf, package termdesk.tcp.v1) to and from the core model.
// The server's side; the terminal's side, for the tests, is tests/common/tcpterminalbodies.h.
// This header is protobuf-free: only core/tcp/*.cpp and the tests' terminal side see the generated classes.

#include "model/credential.h"
#include "model/punch.h"
#include "model/terminalinfo.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace termdesk::tcp {

/// A punch from a TCP terminal; `utcSeconds2020` is a UTC instant (the caller turns it into the
/// terminal's wall clock with the terminal's offset).
struct TcpPunch
{
    qint64 enrollId = 0;
    quint32 utcSeconds2020 = 0;
    int verifyMode = 0;
    int inOut = 0;
    int event = 0;
    std::optional<double> temperature; ///< protobuf 0 = not measured → empty
};

struct TcpUser
{
    qint64 enrollId = 0;
    QString name;
    int admin = 0;
    bool disabled = false;
    QList<std::pair<int, QByteArray>> credentials; ///< (backup_num, data)
};

struct TcpAlarm
{
    quint32 code = 0;
    QString text;
    quint32 utcSeconds2020 = 0;
};

struct TcpReport
{
    quint32 sequence = 0;
    QList<TcpPunch> punches;
    std::optional<TerminalInfo> status; ///< present when the report carried a DeviceStatus
    QList<TcpAlarm> alarms;
    QList<TcpUser> users;
};

enum class ReadTarget { DeviceStatus = 0, Users = 1, Punches = 2 };

struct TcpReadRequest
{
    quint32 sequence = 0;
    ReadTarget target = ReadTarget::DeviceStatus;
    quint32 fromTime = 0; ///< seconds since 2020Z, 0 = unbounded
    quint32 toTime = 0;
    quint32 offset = 0;
    quint32 limit = 0;
};

struct TcpReadResponse
{
    quint32 sequence = 0;
    bool ok = false;
    QString error;
    std::optional<TerminalInfo> status;
    QList<TcpUser> users;
    QList<TcpPunch> punches;
    bool more = false;
};

struct TcpWriteRequest
{
    quint32 sequence = 0;
    QList<TcpUser> upsertUsers;
    QList<qint64> deleteEnrollIds;
    qint64 setTimeMs = 0; ///< 0 = leave the clock alone
    bool clearPunches = false;
    bool openDoor = false;
    bool reboot = false;
};

struct TcpWriteResponse
{
    quint32 sequence = 0;
    bool ok = false;
    QString error;
};

struct TcpLoginReply
{
    bool accepted = false;
    QString reason;
    quint32 terminalId = 0;
    qint64 serverTimeMs = 0;
};

// Parsing: nullopt when the body is not a valid message of that type.
std::optional<TcpReport> parseReport(QByteArrayView body);
std::optional<TcpReadResponse> parseReadResponse(QByteArrayView body);
std::optional<TcpWriteResponse> parseWriteResponse(QByteArrayView body);

// Encoding (server → terminal).
QByteArray encodeAck(qint32 sequence);
QByteArray encodeServerTime(qint64 epochMs);
QByteArray encodeServerAddress(const QString &hostPort);
QByteArray encodeLoginReply(const TcpLoginReply &reply);
QByteArray encodeReadRequest(const TcpReadRequest &request);
QByteArray encodeWriteRequest(const TcpWriteRequest &request);

// ---- Added by the codec (see docs/protocol-tcp.md "Decisions") ----

/// The login / logout body: the terminal code, raw UTF-8 (not protobuf). nullopt unless the body
/// is 1..TCP_MAX_CODE_BYTES bytes of valid UTF-8; NULs (C-string padding) and white space around
/// the code are dropped, and what remains must be non-empty and free of control characters.
inline constexpr int TCP_MAX_CODE_BYTES = 64;
std::optional<QString> parseLoginCode(QByteArrayView body);

/// The largest enroll id the wire carries (uint32). The encoders return an empty QByteArray
/// when a user / punch / delete id is outside 0..TCP_MAX_ENROLL_ID or a backup_num is negative
/// (a request always has a non-zero sequence, so a valid one never encodes empty).
inline constexpr qint64 TCP_MAX_ENROLL_ID = 0xFFFFFFFFLL;

} // namespace termdesk::tcp
