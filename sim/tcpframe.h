// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace termdesk::sim {

/// @brief One frame of the TCP binary protocol (docs/protocol-tcp.md, "Frame"), written again here from
/// the contract on purpose: the simulator does not share the server's codec, so it cross-checks it.
/// Header: magic 0x7857, terminalId u32, cmd u8, source u8, transferType u8, terminalTime u32,
/// bodyLength u16, all big-endian, 15 bytes; then the body.
struct TcpFrame
{
    enum Cmd : quint8 {
        Heartbeat = 1,
        Login = 2,
        Logout = 3,
        ServerRead = 4,
        ServerWrite = 5,
        Report = 6,
        ServerTime = 7,
        RegistryAddress = 8,
        Ack = 9,
    };
    enum Source : quint8 { FromServer = 1, FromTerminal = 2 };
    enum TransferType : quint8 { Request = 1, Response = 2 };

    static constexpr quint16 MAGIC = 0x7857;
    static constexpr int HEADER_SIZE = 15;
    static constexpr int MAX_BODY = 65535;
    static constexpr qint64 EPOCH_2020_MS = Q_INT64_C(1577836800000); ///< 2020-01-01T00:00:00Z in Unix ms

    quint32 terminalId = 0;
    quint8 cmd = Heartbeat;
    quint8 source = FromTerminal;
    quint8 transferType = Request;
    quint32 terminalTime = 0; ///< seconds since 2020-01-01Z
    QByteArray body;

    /// The frame's bytes; empty if the body is longer than MAX_BODY.
    QByteArray encode() const;
    /// A header alone (for faults): bodyLength is written as given, whatever the body.
    static QByteArray encodeHeader(quint16 magic, quint32 terminalId, quint8 cmd, quint8 source, quint8 transferType,
                                   quint32 terminalTime, quint16 bodyLength);

    /// Seconds since 2020-01-01Z for Unix ms, clamped to 0..UINT32_MAX.
    static quint32 toSeconds2020(qint64 unixMs);
    /// Unix ms for seconds since 2020-01-01Z.
    static qint64 toUnixMs(quint32 seconds2020) { return EPOCH_2020_MS + qint64(seconds2020) * 1000; }
};

} // namespace termdesk::sim
