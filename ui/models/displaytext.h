// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/terminalquery.h"

#include <QCoreApplication>
#include <QString>

namespace termdesk::ui {

/// The state the terminals view shows for a terminal (admission first, then the live connection).
/// How the console shows a terminal. Sleeping: a TCP terminal that is not connected but was heard
/// from recently (low-power terminals disconnect between heartbeats).
enum class TerminalStatus { Online, Sleeping, Offline, Pending, Blocked };
inline constexpr int TERMINAL_STATUS_COUNT = 5;

/// @brief Translated names for the codes terminals send (docs/protocol-websocket.md §5) and for the
/// console's own states. One place, so every view and the dashboard say the same thing.
class DisplayText
{
    Q_DECLARE_TR_FUNCTIONS(DisplayText)
public:
    static QString terminalStatus(TerminalStatus status);
    static QString protocol(const QString &protocolCode); ///< "ws" → "WebSocket", "tcp" → "TCP"
    static QString capacity(query::CapacityKind kind);
    static QString verifyMode(int mode);
    static QString inOut(int inOut);
    static QString event(int event);
    static QString adminLevel(int admin);
    static QString yesNo(bool value);
    /// "+12 s", "−3 min 5 s", "+2 h 1 min"; empty for an unknown drift.
    static QString clockDrift(std::optional<qint64> seconds);
    static QString temperature(double celsius);
    /// A UTC instant in this computer's time zone, "yyyy-MM-dd HH:mm:ss"; "—" for 0.
    static QString timestamp(qint64 utcMs);
    /// The same, shorter: "HH:mm:ss" today, "yyyy-MM-dd HH:mm" before.
    static QString shortTimestamp(qint64 utcMs);
    /// "1 234 of 3 000 (41 %)" in the user's locale; "—" when unknown.
    static QString capacityUsage(const query::Capacity &capacity);
};

} // namespace termdesk::ui
