// SPDX-License-Identifier: GPL-3.0-or-later
// Running the real termdesk binary (TERMDESK_BIN, set by the test's CMake lines) on a test's data
// directory, the way a user runs a CLI subcommand next to a running server.
#pragma once

#include "consoletext.h"

#include <QDebug>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QTest>

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

/// Starts `termdesk --headless` on the PostgreSQL store @p url (WebSocket port picked free, TCP on
/// @p tcpPort: "0" or "off") and returns its WebSocket port from the ready line; 0 when it did not
/// start. The terminal speaks first: the server queues no getnewlog or settime of its own after a reg.
inline quint16 startHeadlessOnDatabase(QProcess &p, const QString &dataDir, const QString &url,
                                       const QString &tcpPort = QStringLiteral("0"))
{
    {
        QSettings ini(QDir(dataDir).filePath(QStringLiteral("termdesk.ini")), QSettings::IniFormat);
        ini.setValue(QStringLiteral("registration/pullNewLogs"), false);
        ini.setValue(QStringLiteral("clock/autoSync"), false);
    }
    p.start(QStringLiteral(TERMDESK_BIN),
            {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--database"), url,
             QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--tcp-port"), tcpPort,
             QStringLiteral("--listen"), QStringLiteral("127.0.0.1")});
    QByteArray out;
    const bool ok = QTest::qWaitFor(
        [&] {
            out += p.readAllStandardOutput();
            return out.contains('\n') || p.state() == QProcess::NotRunning;
        },
        30000);
    const auto m = QRegularExpression(QStringLiteral("^termdesk listening ws=(\\d+)")).match(QString::fromUtf8(out));
    if (!ok || !m.hasMatch()) {
        qWarning() << "stdout:" << out << "stderr:" << p.readAllStandardError();
        return 0;
    }
    return static_cast<quint16>(m.captured(1).toUInt());
}
