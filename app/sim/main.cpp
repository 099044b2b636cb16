// SPDX-License-Identifier: GPL-3.0-or-later
// termdesk-sim: simulated WebSocket+JSON terminals for demos, tests and load (docs/simulator.md).
#include "cli/signalwatcher.h"
#include "simcommandline.h"
#include "simfleet.h"
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

    raiseFileLimit(cli.fleet.terminals);
    QFile ackLog(cli.ackLog);
    if (!cli.ackLog.isEmpty() && !ackLog.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "termdesk-sim: cannot write the ack log '%s': %s\n", qPrintable(cli.ackLog),
                     qPrintable(ackLog.errorString()));
        return 2;
    }

    sim::SimFleet fleet(cli.fleet);
    bool refusalShown = false;
    for (sim::SimTerminal *t : fleet.terminals()) {
        QObject::connect(t, &sim::SimTerminal::refused, &app, [&refusalShown, t](const QString &reason) {
            if (refusalShown)
                return;
            refusalShown = true;
            std::fprintf(stderr, "termdesk-sim: %s: reg refused: %s (further refusals are only counted)\n",
                         qPrintable(t->sn()), qPrintable(reason));
        });
        if (ackLog.isOpen()) {
            QObject::connect(t, &sim::SimTerminal::punchesAcknowledged, &app,
                             [&ackLog](const QList<sim::PunchKey> &keys) {
                                 QByteArray lines;
                                 for (const sim::PunchKey &k : keys) {
                                     lines += k.sn.toUtf8() + ',' + QByteArray::number(k.enrollId) + ',' +
                                              k.time.toUtf8() + ',' + QByteArray::number(k.mode) + ',' +
                                              QByteArray::number(k.inOut) + ',' + QByteArray::number(k.event) + '\n';
                                 }
                                 ackLog.write(lines);
                                 ackLog.flush(); // per batch: the file must hold every ack even if the server is killed
                             });
        }
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
