// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serveroptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace termdesk::cli {

/// @brief The options of `termdesk` itself, shared by the console and --headless: --help, --version,
/// --headless and the server options (ServerOptions). The help text also lists every subcommand
/// (subcommands.h), so `termdesk --help` is the one place a new user learns all of them.
struct MainOptions
{
    QCommandLineOption headless{QStringLiteral("headless"),
                                QStringLiteral("Run the terminal servers without a window (no display needed).")};
    ServerOptions server;

    /// Adds --help, --version, --headless and the server options to @p parser, and the description.
    void addTo(QCommandLineParser &parser) const;

    /// The description above the options: how to run the console, --headless and each subcommand.
    static QString description();
    /// Whether @p parser (after parse()) saw --help, --help-all or --version: they need no display.
    static bool wantsHelpOrVersion(const QCommandLineParser &parser);
};

} // namespace termdesk::cli
