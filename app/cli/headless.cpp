// SPDX-License-Identifier: GPL-3.0-or-later
#include "headless.h"

#include "engine/engine.h"
#include "engine/enginehost.h"
#include "mainoptions.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace termdesk::cli {

int runHeadless(QCoreApplication &app)
{
    QCommandLineParser parser;
    const MainOptions options; // the same options and help as the console's
    options.addTo(parser);
    parser.process(app);

    EngineConfig config;
    QString error;
    if (!options.server.resolve(parser, config, &error)) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 2;
    }

    SignalWatcher watcher;
    EngineHost host(config);
    if (!host.start(&error)) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    host.engine()->setLiveFeed(false); // no console: the writer need not build the live punch feed
    // ws=off: a build without the WebSocket server (TERMDESK_WEBSOCKETS=OFF, docs/install.md), or
    // plain ws:// turned off (network/wsPlain=false, --ws-port off).
    const QByteArray ws = host.wsPort() > 0 ? QByteArray::number(host.wsPort()) : QByteArrayLiteral("off");
    QByteArray line = "termdesk listening ws=" + ws;
    if (host.tcpPort() > 0)
        line += " tcp=" + QByteArray::number(host.tcpPort());
    if (host.wssPort() > 0) {
        line += " wss=" + QByteArray::number(host.wssPort());
        std::fprintf(stderr, "termdesk: wss certificate SHA-256 fingerprint %s\n", qPrintable(host.tlsFingerprint()));
    }
    if (host.apiPort() > 0) // only when the REST API is on: the line stays as it was otherwise
        line += " api=" + QByteArray::number(host.apiPort());
    if (host.engine()->config().usesPostgres()) // the name its terminals' leases are held under (docs/multi-pc.md)
        std::fprintf(stderr, "termdesk: server name %s\n", qPrintable(host.engine()->config().serverId()));
    std::printf("%s\n", line.constData());
    std::fflush(stdout);

    QObject::connect(&watcher, &SignalWatcher::shutdownRequested, &app, [&app](int sig) {
        std::fprintf(stderr, "termdesk: signal %d, shutting down\n", sig);
        app.quit();
    });
    const int rc = app.exec();
    host.stop();
    std::fprintf(stderr, "termdesk: stopped\n");
    return rc;
}

} // namespace termdesk::cli
