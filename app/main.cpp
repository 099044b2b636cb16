// SPDX-License-Identifier: GPL-3.0-or-later
// termdesk: the console (default), --headless, and the command-line tools.
#include "cli/commandscommand.h"
#include "cli/exportcommand.h"
#include "cli/headless.h"
#include "cli/terminalscommand.h"
#include "cli/userscommand.h"
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
            if (command == QLatin1String("export-csv"))
                return termdesk::cli::runExportCsv(app);
            if (command == QLatin1String("command"))
                return termdesk::cli::runCommand(app);
            if (command == QLatin1String("commands"))
                return termdesk::cli::runCommandList(app);
            if (command == QLatin1String("audit"))
                return termdesk::cli::runAuditList(app);
            if (command == QLatin1String("terminals"))
                return termdesk::cli::runTerminals(app, false);
            if (command == QLatin1String("terminal"))
                return termdesk::cli::runTerminals(app, true);
            if (command == QLatin1String("users"))
                return termdesk::cli::runUsers(app);
            std::fprintf(
                stderr,
                "termdesk: unknown command '%s' (try: export-csv, terminals, terminal, users, command, commands, "
                "audit, --headless, --help)\n",
                argv[1]);
            return 2;
        }
        return termdesk::cli::runHeadless(app);
    }
#ifdef TERMDESK_HAVE_UI
    return termdesk::runGui(argc, argv, setIdentity);
#else
    return 0;
#endif
}
