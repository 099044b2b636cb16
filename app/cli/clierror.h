// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QString>

#include <cstdio>

/// How every `termdesk` command ends when it cannot do what was asked: one line on stderr and an
/// exit status (docs/manual.md): 1 when it tried and failed, 2 when the command line is wrong.
namespace termdesk::cli {

inline constexpr int EXIT_FAILED = 1; ///< could not read the database, write the file, ...
inline constexpr int EXIT_USAGE = 2;  ///< the command line is wrong

/// Prints "termdesk: MESSAGE" (or "termdesk COMMAND: MESSAGE") on stderr; returns @p code.
inline int fail(const QString &message, int code = EXIT_FAILED, const char *command = nullptr)
{
    std::fprintf(stderr, "termdesk%s%s: %s\n", command ? " " : "", command ? command : "", qUtf8Printable(message));
    return code;
}

/// A path as the user's system writes it (backslashes on Windows).
inline QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace termdesk::cli
