// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcptrace.h"

namespace termdesk::tcp {
namespace {
constexpr int PREVIEW_BYTES = 32;
}

QString cmdName(Cmd cmd)
{
    switch (cmd) {
    case Cmd::Heartbeat:
        return QStringLiteral("Heartbeat");
    case Cmd::Login:
        return QStringLiteral("Login");
    case Cmd::Logout:
        return QStringLiteral("Logout");
    case Cmd::ServerRead:
        return QStringLiteral("ServerRead");
    case Cmd::ServerWrite:
        return QStringLiteral("ServerWrite");
    case Cmd::Report:
        return QStringLiteral("Report");
    case Cmd::ServerTime:
        return QStringLiteral("ServerTime");
    case Cmd::RegistryAddress:
        return QStringLiteral("RegistryAddress");
    case Cmd::Ack:
        return QStringLiteral("Ack");
    }
    return QStringLiteral("cmd %1").arg(int(cmd));
}

bool bodyIsShowable(Cmd cmd)
{
    switch (cmd) {
    case Cmd::Heartbeat:
    case Cmd::Login:
    case Cmd::Logout:
    case Cmd::ServerTime:
    case Cmd::Ack:
        return true;
    default:
        return false;
    }
}

TraceEntry traceEntry(const QString &terminal, TraceEntry::Direction direction, const FrameHeader &header,
                      const QByteArray &body, qint64 nowMs)
{
    TraceEntry e;
    e.timeMs = nowMs;
    e.terminal = terminal;
    e.protocol = Protocol::Tcp;
    e.direction = direction;
    e.command = cmdName(header.cmd);
    e.sizeBytes = FRAME_HEADER_SIZE + body.size();
    QString content;
    if (body.isEmpty()) {
        content = QStringLiteral("no body");
    } else if (bodyIsShowable(header.cmd)) {
        content = QStringLiteral("body %1 bytes: %2%3")
                      .arg(body.size())
                      .arg(QString::fromLatin1(body.left(PREVIEW_BYTES).toHex(' ')),
                           body.size() > PREVIEW_BYTES ? QStringLiteral(" …") : QString());
    } else {
        content = QStringLiteral("[%1 bytes, not shown]").arg(body.size());
    }
    e.text =
        QStringLiteral("%1 %2 terminalId=0x%3 time=%4 %5")
            .arg(header.transfer == TransferType::Response ? QStringLiteral("response") : QStringLiteral("request"),
                 header.source == Source::Server ? QStringLiteral("server") : QStringLiteral("terminal"))
            .arg(header.terminalId, 8, 16, QLatin1Char('0'))
            .arg(header.terminalTime)
            .arg(content);
    return e;
}

} // namespace termdesk::tcp
