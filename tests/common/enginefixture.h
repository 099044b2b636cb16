// SPDX-License-Identifier: GPL-3.0-or-later
// The real Engine for an integration test: its data directory is a temporary one, it listens on
// localhost on free ports (0), and a DbCheck reads the SQLite file it writes.
#pragma once

#include "dbcheck.h"

#include "engine/engine.h"
#include "util/clock.h"

#include <QFile>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class EngineFixture
{
public:
    QTemporaryDir dir;
    std::unique_ptr<termdesk::Engine> engine;
    DbCheck db;

    /// Data in dir, localhost, WebSocket and TCP on free ports (0), synchronous NORMAL; the rest
    /// as EngineConfig has it. A test that wants no TCP server sets tcpPort = -1.
    termdesk::EngineConfig config() const
    {
        termdesk::EngineConfig c;
        c.dataDir = dir.path();
        c.listenAddress = QHostAddress::LocalHost;
        c.wsPort = 0;
        c.tcpPort = 0;
        c.synchronous = QStringLiteral("NORMAL");
        return c;
    }

    /// Creates the Engine on @p c (replacing the one before) and starts it; false when it does
    /// not start (engine->lastError() says why). With @p clock (a termdesk::ManualClock that
    /// outlives the engine) its deadlines and timeouts move only when the test advances it.
    bool start(const termdesk::EngineConfig &c, termdesk::Clock *clock = nullptr)
    {
        engine = std::make_unique<termdesk::Engine>(c);
        engine->setClock(clock);
        db.setFile(engine->config().databaseFile());
        return engine->start();
    }

    /// Where the Engine's WebSocket server listens now.
    QUrl wsUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(engine->wsPort())); }

    /// Stops and deletes the Engine (if any).
    void stop()
    {
        if (engine)
            engine->stop();
        engine.reset();
    }

    /// stop(), then deletes the SQLite file (with -wal and -shm): the next test starts empty.
    void stopAndClear()
    {
        stop();
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(dir.filePath(QStringLiteral("termdesk.sqlite") + QLatin1String(suffix)));
    }
};
