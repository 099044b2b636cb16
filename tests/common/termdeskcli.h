// SPDX-License-Identifier: GPL-3.0-or-later
// Running the real termdesk binary (TERMDESK_BIN, set by the test's CMake lines) on a test's data
// directory, the way a user runs a CLI subcommand next to a running server.
#pragma once

#include "consoletext.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#ifndef TERMDESK_BIN
#error "TERMDESK_BIN (the path of the termdesk binary) must be defined for this test"
#endif

/// What one run of the binary gave: exit code (-1 when it did not finish in time), stdout, stderr.
struct CliRun
{
    int rc = -1;
    QString out;
    QString err;
};

/// Runs `termdesk <args> --data-dir <dataDir>` and waits at most @p timeoutMs for it to finish.
inline CliRun runTermdesk(const QStringList &args, const QString &dataDir, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral(TERMDESK_BIN), args + QStringList{QStringLiteral("--data-dir"), dataDir});
    CliRun r;
    if (!p.waitForFinished(timeoutMs))
        return r;
    r.rc = p.exitCode();
    r.out = QString::fromUtf8(consoleText(p.readAllStandardOutput()));
    r.err = QString::fromUtf8(consoleText(p.readAllStandardError()));
    return r;
}
