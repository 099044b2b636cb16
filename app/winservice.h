// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Windows only: `termdesk --service`, the headless server as a Windows service (docs/install.md).
// winservice.cpp talks to the Service Control Manager and uses no Qt (CI compiles it on Linux
// with mingw-w64); winservicemain.cpp runs the headless server inside it.

namespace termdesk::winservice {

/// Runs the server until stop() is called; returns the process exit code (0 = clean stop).
using Body = int (*)(void *context);
/// Asks body() to return; called from the SCM's control thread, possibly before body() started.
using Stop = void (*)(void *context);

/// The name the service is registered under (installer/windows/service.cmd).
inline constexpr wchar_t serviceName[] = L"TermDesk";

/// Connects this process to the Service Control Manager and runs body() as the service
/// "TermDesk": reports Running, forwards Stop and system Shutdown to stop(), reports Stopped
/// with body()'s exit code (a non-zero code shows as a service-specific error in the event log).
/// Returns body()'s exit code, or -1 when this process was not started by the Service Control
/// Manager (then it prints why on stderr).
int run(Body body, Stop stop, void *context);

} // namespace termdesk::winservice

namespace termdesk {
/// `termdesk --service [--data-dir DIR] [server options]`: the --headless server under the
/// Service Control Manager. setIdentity names the application as main() does.
int runWindowsService(int argc, char **argv, void (*setIdentity)());
} // namespace termdesk
