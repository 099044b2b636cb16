// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainoptions.h"

#include "displaycheck.h"
#include "subcommands.h"

#include <algorithm>

namespace termdesk::cli {

void MainOptions::addTo(QCommandLineParser &parser) const
{
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(headless);
    server.addTo(parser);
}

QString MainOptions::description()
{
    QString text = QStringLiteral(
        "TermDesk receives punches from time-attendance terminals and keeps them in its database.\n"
        "\n"
        "  termdesk [OPTIONS]             the console (a window) with the terminal servers inside it\n"
        "  termdesk --headless [OPTIONS]  the terminal servers without a window; Ctrl+C / SIGTERM stop them\n"
        "  termdesk COMMAND [ARGS]        a command-line tool (no display needed), one of:\n");
    for (const Subcommand &c : subcommands()) {
        text += QStringLiteral("    termdesk %1").arg(QLatin1String(c.name));
        if (*c.synopsis)
            text += u' ' + QLatin1String(c.synopsis);
        text += QStringLiteral("\n        %1\n").arg(QLatin1String(c.summary));
    }
    text += QStringLiteral("  `termdesk COMMAND --help` shows the options of one command.");
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS) // displayAvailable() is always true elsewhere
    text += QStringLiteral("\n\n"
                           "The console needs a display. With no display (neither DISPLAY nor WAYLAND_DISPLAY set,\n"
                           "no QT_QPA_PLATFORM) termdesk says so in one line and exits with status %1: run\n"
                           "`termdesk --headless` there.")
                .arg(EXIT_NO_DISPLAY);
#endif
    return text;
}

bool MainOptions::wantsHelpOrVersion(const QCommandLineParser &parser)
{
    const QStringList names = parser.optionNames();
    return std::any_of(names.cbegin(), names.cend(), [](const QString &n) {
        return n == QLatin1String("h") || n == QLatin1String("help") || n == QLatin1String("?") ||
               n == QLatin1String("help-all") || n == QLatin1String("v") || n == QLatin1String("version");
    });
}

} // namespace termdesk::cli
