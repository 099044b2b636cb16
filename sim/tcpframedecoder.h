// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tcpframe.h"

#include <QString>

namespace termdesk::sim {

/// @brief Incremental decoder of frames the server sends: bytes in any pieces, frames out. A header with a bad
/// magic, a source other than 1 (server), a transferType other than 1/2 or a cmd outside 1..9 makes the stream
/// unusable (Malformed until reset()): the terminal drops the connection, it does not resync.
class TcpFrameDecoder
{
public:
    enum class Status { Frame, NeedMore, Malformed };

    void feed(QByteArrayView bytes);
    /// The next complete frame into @p frame, NeedMore, or Malformed (with the reason in @p error).
    Status next(TcpFrame &frame, QString *error = nullptr);
    void reset();
    qsizetype buffered() const { return m_buffer.size() - m_pos; }

private:
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

} // namespace termdesk::sim
