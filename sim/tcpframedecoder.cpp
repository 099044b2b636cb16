// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpframedecoder.h"

#include <QtEndian>

namespace termdesk::sim {

void TcpFrameDecoder::feed(QByteArrayView bytes)
{
    if (m_failed)
        return;
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

void TcpFrameDecoder::reset()
{
    m_buffer.clear();
    m_pos = 0;
    m_failed = false;
}

TcpFrameDecoder::Status TcpFrameDecoder::next(TcpFrame &frame, QString *error)
{
    auto fail = [&](const QString &why) {
        m_failed = true;
        if (error)
            *error = why;
        return Status::Malformed;
    };
    if (m_failed)
        return fail(QStringLiteral("stream already failed"));
    if (buffered() < TcpFrame::HEADER_SIZE)
        return Status::NeedMore;
    const auto *p = reinterpret_cast<const uchar *>(m_buffer.constData()) + m_pos;
    const quint16 magic = qFromBigEndian<quint16>(p);
    if (magic != TcpFrame::MAGIC)
        return fail(QStringLiteral("bad magic 0x%1").arg(magic, 4, 16, QLatin1Char('0')));
    const quint8 cmd = p[6];
    const quint8 source = p[7];
    const quint8 transferType = p[8];
    if (cmd < TcpFrame::Heartbeat || cmd > TcpFrame::Ack)
        return fail(QStringLiteral("bad cmd %1").arg(cmd));
    if (source != TcpFrame::FromServer)
        return fail(QStringLiteral("bad source %1 (expected 1, server)").arg(source));
    if (transferType != TcpFrame::Request && transferType != TcpFrame::Response)
        return fail(QStringLiteral("bad transferType %1").arg(transferType));
    const quint16 bodyLength = qFromBigEndian<quint16>(p + 13);
    if (buffered() < TcpFrame::HEADER_SIZE + bodyLength)
        return Status::NeedMore;
    frame.terminalId = qFromBigEndian<quint32>(p + 2);
    frame.cmd = cmd;
    frame.source = source;
    frame.transferType = transferType;
    frame.terminalTime = qFromBigEndian<quint32>(p + 9);
    frame.body = m_buffer.mid(m_pos + TcpFrame::HEADER_SIZE, bodyLength);
    m_pos += TcpFrame::HEADER_SIZE + bodyLength;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 65536 && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    return Status::Frame;
}

} // namespace termdesk::sim
