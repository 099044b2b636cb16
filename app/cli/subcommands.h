// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <span>

class QCoreApplication;

namespace termdesk::cli {

/// @brief One `termdesk COMMAND ...` tool: its name, its arguments and what it does (for --help),
/// and its entry point. None of them needs a display.
struct Subcommand
{
    const char *name;
    const char *synopsis; ///< what follows the name, e.g. "FILE|- [--from YYYY-MM-DD]"
    const char *summary;  ///< one line for `termdesk --help`
    int (*run)(QCoreApplication &app);
};

/// Every subcommand, in the order `termdesk --help` lists them.
std::span<const Subcommand> subcommands();
/// The subcommand called @p name, or null.
const Subcommand *findSubcommand(QStringView name);
/// The names, comma-separated ("export-csv, terminals, ..."), for an unknown-command message.
QString subcommandNames();

} // namespace termdesk::cli
