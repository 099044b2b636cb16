// SPDX-License-Identifier: GPL-3.0-or-later
// termdesk-sim: simulated WebSocket+JSON and TCP binary-protocol terminals for demos, tests and load
// (docs/simulator.md).
#include "cli/signalwatcher.h"
#include "simcommandline.h"
#include "simfleet.h"
#include "simtcpterminal.h"
#include "simterminal.h"
#include "termdesk_version.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace termdesk;

namespace {

QByteArray summary(const sim::SimFleet &fleet)
{
    const sim::Counters c = fleet.totals();
    return QStringLiteral("sent=%1 acknowledged=%2 resent=%3 refused=%4 pending=%5 reconnects=%6")
        .arg(c.sent)
        .arg(c.acknowledged)
        .arg(c.resent)
        .arg(c.refused)
        .arg(fleet.pendingRecords())
        .arg(c.reconnects)
        .toUtf8();
}

// One ack-log line per punch: sn,enrollid,time,mode,inout,event. TCP terminals report UTC instants: their time is
// written as ISO 8601 UTC (2025-06-01T08:00:00Z, as the export's utc_time), WebSocket ones as the terminal's clock.
QByteArray ackLines(const QList<sim::PunchKey> &keys)
{
    QByteArray lines;
    for (const sim::PunchKey &k : keys) {
        QByteArray time = k.time.toUtf8();
        if (k.utc)
            time = time.replace(' ', 'T') + 'Z';
        lines += k.sn.toUtf8() + ',' + QByteArray::number(k.enrollId) + ',' + time + ',' + QByteArray::number(k.mode) +
                 ',' + QByteArray::number(k.inOut) + ',' + QByteArray::number(k.event) + '\n';
    }
    return lines;
}

// One socket per terminal: raise the soft limit on open files towards the hard one (often 1024 by default).
void raiseFileLimit(int terminals)
{
#ifdef Q_OS_UNIX
    struct rlimit limit = {};
    const rlim_t wanted = rlim_t(terminals) + 64;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < wanted) {
        const rlim_t current = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
            limit.rlim_cur = current;
        if (limit.rlim_cur < wanted)
            std::fprintf(stderr, "termdesk-sim: only %llu open files allowed; some of the %d terminals will fail\n",
                         static_cast<unsigned long long>(limit.rlim_cur), terminals);
    }
#else
    Q_UNUSED(terminals);
#endif
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("termdesk-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TERMDESK_VERSION));

    simcli::CommandLine cli;
    QString error;
    if (!simcli::parseCommandLine(QCoreApplication::arguments(), cli, error)) {
        std::fprintf(stderr, "termdesk-sim: %s\n", qPrintable(error));
        return 2;
    }

    const bool webSocket = !cli.fleet.url.isEmpty() || cli.fleet.tcpPort == 0;
    raiseFileLimit(cli.fleet.terminals * ((webSocket ? 1 : 0) + (cli.fleet.tcpPort != 0 ? 1 : 0)));
    QFile ackLog(cli.ackLog);
    if (!cli.ackLog.isEmpty() && !ackLog.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "termdesk-sim: cannot write the ack log '%s': %s\n", qPrintable(cli.ackLog),
                     qPrintable(ackLog.errorString()));
        return 2;
    }

    sim::SimFleet fleet(cli.fleet);
    bool refusalShown = false;
    auto showRefusal = [&refusalShown](const QString &sn, const char *what, const QString &reason) {
        if (refusalShown)
            return;
        refusalShown = true;
        std::fprintf(stderr, "termdesk-sim: %s: %s refused: %s (further refusals are only counted)\n", qPrintable(sn),
                     what, qPrintable(reason));
    };
    auto writeAcks = [&ackLog](const QList<sim::PunchKey> &keys) {
        ackLog.write(ackLines(keys));
        ackLog.flush(); // per batch: the file must hold every ack even if the server is killed
    };
    for (sim::SimTerminal *t : fleet.terminals()) {
        QObject::connect(t, &sim::SimTerminal::refused, &app,
                         [showRefusal, t](const QString &reason) { showRefusal(t->sn(), "reg", reason); });
        if (ackLog.isOpen())
            QObject::connect(t, &sim::SimTerminal::punchesAcknowledged, &app, writeAcks);
    }
    for (sim::SimTcpTerminal *t : fleet.tcpTerminals()) {
        QObject::connect(t, &sim::SimTcpTerminal::refused, &app,
                         [showRefusal, t](const QString &reason) { showRefusal(t->code(), "login", reason); });
        if (ackLog.isOpen())
            QObject::connect(t, &sim::SimTcpTerminal::punchesAcknowledged, &app, writeAcks);
    }

    bool done = false;
    auto finish = [&](const char *why) {
        if (done)
            return;
        done = true;
        fleet.stop();
        if (ackLog.isOpen())
            ackLog.flush();
        if (cli.progress)
            std::fprintf(stderr, "termdesk-sim: %s\n", why);
        std::fprintf(stdout, "%s\n", summary(fleet).constData());
        std::fflush(stdout);
        QCoreApplication::exit(fleet.pendingRecords() > 0 ? 1 : 0);
    };

    QTimer waitTimer;
    waitTimer.setSingleShot(true);
    QObject::connect(&waitTimer, &QTimer::timeout, &app, [&] { finish("wait for acks expired"); });
    QObject::connect(&fleet, &sim::SimFleet::generationFinished, &app, [&] {
        if (!fleet.allAcknowledged())
            waitTimer.start(cli.waitMs);
    });
    QObject::connect(&fleet, &sim::SimFleet::finished, &app, [&] { finish("all acknowledged"); });
    cli::SignalWatcher interrupts; // shared with termdesk --headless
    QObject::connect(&interrupts, &cli::SignalWatcher::shutdownRequested, &app, [&](int) { finish("interrupted"); });

    QElapsedTimer clock;
    clock.start();
    QTimer progressTimer;
    if (cli.progress) {
        QObject::connect(&progressTimer, &QTimer::timeout, &app, [&] {
            const sim::Counters c = fleet.totals();
            std::fprintf(stderr, "termdesk-sim: %6.1fs generated=%lld %s\n", double(clock.elapsed()) / 1000.0,
                         static_cast<long long>(c.generated), summary(fleet).constData());
        });
        progressTimer.start(1000);
    }

    fleet.start();
    return QCoreApplication::exec();
}
