// SPDX-License-Identifier: GPL-3.0-or-later
// The 15-byte frame of the TCP binary protocol (docs/protocol-tcp.md "Frame").
#include "framecodec.h"

#include <cstring>
#include <limits>

namespace termdesk::tcp {

namespace {

// Offsets of the header fields (all big-endian).
constexpr int OFF_MAGIC = 0;
constexpr int OFF_TERMINAL_ID = 2;
constexpr int OFF_CMD = 6;
constexpr int OFF_SOURCE = 7;
constexpr int OFF_TRANSFER = 8;
constexpr int OFF_TIME = 9;
constexpr int OFF_BODY_LENGTH = 13;
static_assert(OFF_BODY_LENGTH + 2 == FRAME_HEADER_SIZE);

quint32 readU8(const uchar *p)
{
    return p[0];
}

quint32 readU16(const uchar *p)
{
    return (quint32(p[0]) << 8) | quint32(p[1]);
}

quint32 readU32(const uchar *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

void appendU8(QByteArray &out, quint32 v)
{
    out.append(char(v & 0xFF));
}

void appendU16(QByteArray &out, quint32 v)
{
    appendU8(out, v >> 8);
    appendU8(out, v);
}

void appendU32(QByteArray &out, quint32 v)
{
    appendU16(out, v >> 16);
    appendU16(out, v);
}

QString hex4(quint32 v)
{
    return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0'));
}

/// Checks the header fields whose bytes are present (`available` bytes from `p`). Each field is
/// checked as soon as its bytes are there, so a stream that starts wrong is rejected without
/// waiting for the rest of the header. Returns an empty string when everything present is valid.
QString checkHeaderPrefix(const uchar *p, qsizetype available)
{
    if (available >= OFF_MAGIC + 2) {
        const quint32 magic = readU16(p + OFF_MAGIC);
        if (magic != FRAME_MAGIC)
            return QStringLiteral("bad magic ") + hex4(magic);
    }
    if (available > OFF_CMD) {
        const quint32 cmd = readU8(p + OFF_CMD);
        if (cmd < quint32(Cmd::Heartbeat) || cmd > quint32(Cmd::Ack))
            return QStringLiteral("unknown cmd %1").arg(cmd);
    }
    if (available > OFF_SOURCE) {
        const quint32 source = readU8(p + OFF_SOURCE);
        if (source != quint32(Source::Server) && source != quint32(Source::Terminal))
            return QStringLiteral("bad source %1").arg(source);
    }
    if (available > OFF_TRANSFER) {
        const quint32 transfer = readU8(p + OFF_TRANSFER);
        if (transfer != quint32(TransferType::Request) && transfer != quint32(TransferType::Response))
            return QStringLiteral("bad transferType %1").arg(transfer);
    }
    if (available >= OFF_BODY_LENGTH + 2) {
        // A u16 cannot exceed 65535, but FRAME_MAX_BODY is the contract's limit: enforce it.
        const qint64 bodyLength = readU16(p + OFF_BODY_LENGTH);
        if (bodyLength > FRAME_MAX_BODY)
            return QStringLiteral("bodyLength %1 exceeds %2").arg(bodyLength).arg(FRAME_MAX_BODY);
    }
    return {};
}

} // namespace

void FrameDecoder::feed(QByteArrayView bytes)
{
    if (m_failed || bytes.isEmpty())
        return; // after a protocol error nothing more is buffered: the connection is being closed
    compact();
    m_buffer.append(bytes.data(), bytes.size());
}

void FrameDecoder::compact()
{
    // Drop what earlier frames consumed, so a long stream never grows the buffer. The unread
    // rest (at most one partial frame) moves to the front; the allocation is kept.
    if (m_pos == 0)
        return;
    const qsizetype rest = m_buffer.size() - m_pos;
    if (rest > 0)
        std::memmove(m_buffer.data(), m_buffer.constData() + m_pos, size_t(rest));
    m_buffer.resize(rest);
    m_pos = 0;
}

FrameDecoder::Result FrameDecoder::next()
{
    Result r;
    const qsizetype available = m_buffer.size() - m_pos;
    const auto *p = reinterpret_cast<const uchar *>(m_buffer.constData()) + m_pos;

    if (!m_failed) {
        const QString error = checkHeaderPrefix(p, available);
        if (!error.isEmpty()) {
            m_failed = true;
            m_error = error;
        }
    }
    if (m_failed) {
        // Sticky: the position stays at the start of the bad frame, so peek() shows it.
        r.status = Status::Malformed;
        r.error = m_error;
        return r;
    }

    if (available < FRAME_HEADER_SIZE) {
        compact();
        return r; // NeedMore
    }
    const int bodyLength = int(readU16(p + OFF_BODY_LENGTH));
    if (available < FRAME_HEADER_SIZE + bodyLength) {
        compact();
        return r; // NeedMore: the header is valid, the body is still coming
    }

    FrameHeader &h = r.frame.header;
    h.terminalId = readU32(p + OFF_TERMINAL_ID);
    h.cmd = Cmd(readU8(p + OFF_CMD));
    h.source = Source(readU8(p + OFF_SOURCE));
    h.transfer = TransferType(readU8(p + OFF_TRANSFER));
    h.terminalTime = readU32(p + OFF_TIME);
    h.bodyLength = quint16(bodyLength);
    r.frame.body = QByteArray(reinterpret_cast<const char *>(p) + FRAME_HEADER_SIZE, bodyLength);
    r.status = Status::Frame;
    m_pos += FRAME_HEADER_SIZE + bodyLength;
    if (m_pos == m_buffer.size())
        compact();
    return r;
}

QByteArray encodeFrame(const FrameHeader &header, QByteArrayView body)
{
    if (body.size() > FRAME_MAX_BODY)
        return {};
    QByteArray out;
    out.reserve(FRAME_HEADER_SIZE + body.size());
    appendU16(out, FRAME_MAGIC);
    appendU32(out, header.terminalId);
    appendU8(out, quint32(header.cmd));
    appendU8(out, quint32(header.source));
    appendU8(out, quint32(header.transfer));
    appendU32(out, header.terminalTime);
    appendU16(out, quint32(body.size()));
    out.append(body.data(), body.size());
    return out;
}

quint32 toTerminalTime(qint64 utcMs)
{
    // Floor to whole seconds (an instant 0.5 s before 2020 is still before 2020), then clamp.
    qint64 seconds = utcMs / 1000;
    if (utcMs % 1000 < 0)
        --seconds;
    seconds -= EPOCH_2020_UNIX;
    if (seconds < 0)
        return 0;
    if (seconds > qint64(std::numeric_limits<quint32>::max()))
        return std::numeric_limits<quint32>::max();
    return quint32(seconds);
}

qint64 fromTerminalTime(quint32 seconds)
{
    return (qint64(seconds) + EPOCH_2020_UNIX) * 1000;
}

} // namespace termdesk::tcp
