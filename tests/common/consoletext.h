// SPDX-License-Identifier: GPL-3.0-or-later
// What a program printed as text on its console streams. On Windows those are in text mode, so
// every "\n" arrives as "\r\n"; a file or a CSV written in binary mode is compared as it is.
#pragma once

#include <QByteArray>

inline QByteArray consoleText(QByteArray printed)
{
#ifdef Q_OS_WIN
    printed.replace("\r\n", "\n");
#endif
    return printed;
}

/// The program's name as the usage line gives it: argv[0], with ".exe" on Windows.
#ifdef Q_OS_WIN
#define TERMDESK_USAGE_NAME "termdesk.exe"
#else
#define TERMDESK_USAGE_NAME "termdesk"
#endif
