// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace termdesk::tcp {

/// Commands of the TCP binary protocol (docs/protocol-tcp.md §2).
enum class Cmd : quint8 {
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

enum class Source : quint8 { Server = 1, Terminal = 2 };
enum class TransferType : quint8 { Request = 1, Response = 2 };

inline constexpr quint16 FRAME_MAGIC = 0x7857;
inline constexpr int FRAME_HEADER_SIZE = 15;
inline constexpr int FRAME_MAX_BODY = 65535;
/// terminalTime and punch times count seconds from 2020-01-01T00:00:00Z.
inline constexpr qint64 EPOCH_2020_UNIX = 1577836800;

struct FrameHeader
{
    quint32 terminalId = 0; ///< top 8 bits management number, low 24 bits terminal number
    Cmd cmd = Cmd::Heartbeat;
    Source source = Source::Terminal;
    TransferType transfer = TransferType::Request;
    quint32 terminalTime = 0; ///< seconds since 2020-01-01Z
    quint16 bodyLength = 0;
};

struct Frame
{
    FrameHeader header;
    QByteArray body;
};

/// @brief Pure, incremental decoder: bytes in, frames out. No socket, no allocation beyond one
/// frame: the header (magic, source, transferType, cmd) is validated as soon as its 15 bytes
/// are there, before any body byte is buffered.
class FrameDecoder
{
public:
    enum class Status { Frame, NeedMore, Malformed };

    struct Result
    {
        Status status = Status::NeedMore;
        Frame frame;   ///< valid when status == Frame
        QString error; ///< why, when status == Malformed
    };

    /// Appends received bytes.
    void feed(QByteArrayView bytes);
    /// The next complete frame, NeedMore, or Malformed (after which the stream is unusable:
    /// the caller closes the connection; no resync).
    Result next();
    /// Bytes held and not yet returned as a frame.
    qsizetype buffered() const { return m_buffer.size() - m_pos; }
    /// The first bytes of the buffer from the current position (for a protocol-error log line).
    QByteArray peek(int n) const { return m_buffer.mid(m_pos, n); }
    /// Bytes held in memory, already returned ones included (tests check the compaction with it).
    qsizetype held() const { return m_buffer.size(); }

private:
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_failed = false;
    QString m_error; ///< the reason, repeated by every next() after a Malformed
};

/// Encodes one frame; the body must be at most 65535 bytes (checked: returns empty otherwise).
QByteArray encodeFrame(const FrameHeader &header, QByteArrayView body);

/// Seconds since 2020-01-01Z for a UTC instant in ms (clamped to the uint32 range).
quint32 toTerminalTime(qint64 utcMs);
/// UTC ms for seconds since 2020-01-01Z.
qint64 fromTerminalTime(quint32 seconds);

} // namespace termdesk::tcp
