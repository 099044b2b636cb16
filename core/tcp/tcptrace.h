// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "framecodec.h"
#include "model/traceentry.h"

namespace termdesk::tcp {

/// "Heartbeat", "Login", …; "cmd 42" for a number the protocol does not define.
QString cmdName(Cmd cmd);

/// True for the commands whose bodies never carry users, credentials or punches (heartbeat, login code,
/// logout, time, ack): their trace shows a hex preview of the body.
bool bodyIsShowable(Cmd cmd);

/// The trace line of one frame: command, header fields, body size, and a hex preview of at most 32 body
/// bytes for showable commands ("[n bytes, not shown]" for reports, reads and writes).
TraceEntry traceEntry(const QString &terminal, TraceEntry::Direction direction, const FrameHeader &header,
                      const QByteArray &body, qint64 nowMs);

} // namespace termdesk::tcp
