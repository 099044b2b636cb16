// SPDX-License-Identifier: GPL-3.0-or-later
// termdesk: the console (default), --headless, and the command-line tools.
#include "cli/displaycheck.h"
#include "cli/headless.h"
#include "cli/mainoptions.h"
#include "cli/subcommands.h"
#include "storage/sqlitelibrary.h"
#include "termdesk_version.h"

#include <QCoreApplication>
#include <QStringList>

#ifdef TERMDESK_HAVE_UI
#include "gui.h"
#endif
#ifdef Q_OS_WIN
#include "winservice.h"
#endif

#include <cstdio>
#include <cstring>

namespace {

bool hasArg(int argc, char **argv, const char *arg)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], arg) == 0)
            return true;
    }
    return false;
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TermDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("termdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TERMDESK_VERSION));
}

#ifdef TERMDESK_HAVE_UI
// The console, unless what was asked needs no window: --help and --version print without a display,
// and with no display at all one line says how to run headless (docs/manual.md) instead of Qt's
// "could not connect to display" abort.
int runConsole(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    const termdesk::cli::MainOptions options;
    options.addTo(parser);
    const bool helpOrVersion = parser.parse(arguments) && termdesk::cli::MainOptions::wantsHelpOrVersion(parser);
    if (!helpOrVersion && termdesk::cli::displayAvailable(arguments))
        return termdesk::runGui(argc, argv, setIdentity);
    QCoreApplication app(argc, argv);
    setIdentity();
    parser.process(app); // --help, --version or a bad option: prints and exits
    std::fprintf(stderr, "%s\n", termdesk::cli::NO_DISPLAY_MESSAGE);
    return termdesk::cli::EXIT_NO_DISPLAY;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    termdesk::storage::configureSqliteLibrary(); // before any database opens
#ifdef Q_OS_WIN
    if (hasArg(argc, argv, "--service"))
        return termdesk::runWindowsService(argc, argv, setIdentity);
#endif
    const bool subcommand = argc > 1 && argv[1][0] != '-';
    if (subcommand || hasArg(argc, argv, "--headless")
#ifndef TERMDESK_HAVE_UI
        || true
#endif
    ) {
        // No window here: Qt's plain UNIX event loop instead of GLib's, whose socket bookkeeping was
        // 35-40 % of the server's CPU while thousands of terminals connect (docs/performance.md).
        if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
        QCoreApplication app(argc, argv);
        setIdentity();
        if (subcommand) {
            const QString command = QString::fromLocal8Bit(argv[1]);
            if (const termdesk::cli::Subcommand *c = termdesk::cli::findSubcommand(command))
                return c->run(app);
            std::fprintf(stderr, "termdesk: unknown command '%s' (try: %s, --headless, --help)\n", argv[1],
                         qPrintable(termdesk::cli::subcommandNames()));
            return 2;
        }
        return termdesk::cli::runHeadless(app);
    }
#ifdef TERMDESK_HAVE_UI
    return runConsole(argc, argv);
#else
    return 0;
#endif
}
