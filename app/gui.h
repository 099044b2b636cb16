// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace termdesk {

/// The desktop console: the engine in its thread, the main window in this one.
int runGui(int argc, char **argv, void (*setIdentity)());

} // namespace termdesk
