// SPDX-License-Identifier: GPL-3.0-or-later
#include "displaycheck.h"

#include <QtGlobal>

namespace termdesk::cli {

bool displayAvailable(const QStringList &arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    for (const char *variable : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) {
        if (!qEnvironmentVariableIsEmpty(variable))
            return true;
    }
    // QGuiApplication reads -platform NAME (or --platform NAME) from the command line itself.
    return arguments.contains(QLatin1String("-platform")) || arguments.contains(QLatin1String("--platform"));
#else
    Q_UNUSED(arguments);
    return true;
#endif
}

} // namespace termdesk::cli
