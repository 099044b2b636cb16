// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpframe.h"

#include <QtEndian>

#include <limits>

namespace termdesk::sim {

QByteArray TcpFrame::encodeHeader(quint16 magic, quint32 terminalId, quint8 cmd, quint8 source, quint8 transferType,
                                  quint32 terminalTime, quint16 bodyLength)
{
    QByteArray out(HEADER_SIZE, Qt::Uninitialized);
    auto *p = reinterpret_cast<uchar *>(out.data());
    qToBigEndian<quint16>(magic, p);
    qToBigEndian<quint32>(terminalId, p + 2);
    p[6] = cmd;
    p[7] = source;
    p[8] = transferType;
    qToBigEndian<quint32>(terminalTime, p + 9);
    qToBigEndian<quint16>(bodyLength, p + 13);
    return out;
}

QByteArray TcpFrame::encode() const
{
    if (body.size() > MAX_BODY)
        return {};
    QByteArray out = encodeHeader(MAGIC, terminalId, cmd, source, transferType, terminalTime, quint16(body.size()));
    out.append(body);
    return out;
}

quint32 TcpFrame::toSeconds2020(qint64 unixMs)
{
    const qint64 s = (unixMs - EPOCH_2020_MS) / 1000;
    if (s <= 0)
        return 0;
    return quint32(std::min<qint64>(s, std::numeric_limits<quint32>::max()));
}

} // namespace termdesk::sim
