// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace termdesk::cli {

/// `termdesk` (the console) without a display: the status it exits with, and the one line it prints.
inline constexpr int EXIT_NO_DISPLAY = 2;
inline constexpr char NO_DISPLAY_MESSAGE[] =
    "termdesk: no display: run 'termdesk --headless' for the servers without a window, or set DISPLAY "
    "('termdesk --help' lists every command)";

/// Whether the console can open a window. On Linux and the other Unix desktops (not macOS): a display
/// (DISPLAY or WAYLAND_DISPLAY), or a Qt platform chosen with QT_QPA_PLATFORM or `-platform NAME` in
/// @p arguments (then Qt decides). Windows and macOS always have one.
bool displayAvailable(const QStringList &arguments);

} // namespace termdesk::cli
