// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"

#include <QString>
#include <QStringList>

namespace termdesk::simcli {

struct CommandLine
{
    sim::FleetOptions fleet;
    QString ackLog;     ///< empty = none
    int waitMs = 30000; ///< after generation, how long to wait for the remaining acks
    bool progress = false;
};

/// Parses the termdesk-sim arguments (arguments[0] is the program). On a bad value returns false and
/// sets @p error to a message for "termdesk-sim: <message>". --help and --version print and exit(0).
bool parseCommandLine(const QStringList &arguments, CommandLine &out, QString &error);

} // namespace termdesk::simcli
