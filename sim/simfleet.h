// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

namespace termdesk::sim {

class SimTcpTerminal;
class SimTerminal;

/// @brief Many terminals against one server, sharing one punch rate: SimTerminals (WebSocket, when url is
/// set), SimTcpTerminals (TCP binary protocol, when tcpPort is set), or both. A timer generates the punches
/// that are due (ratePerSecond over the whole fleet), round-robin over the terminals (WebSocket ones first)
/// that have not reached punchesPerTerminal, until the count or durationMs is reached.
class SimFleet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimFleet)
public:
    explicit SimFleet(FleetOptions options, QObject *parent = nullptr);
    ~SimFleet() override;

    void start();
    void stop();
    void setUrl(const QUrl &url);
    void setTcpAddress(const QString &host, quint16 port); ///< e.g. after a server restart on another port

    Counters totals() const;
    const QList<SimTerminal *> &terminals() const { return m_terminals; }          ///< WebSocket terminals
    const QList<SimTcpTerminal *> &tcpTerminals() const { return m_tcpTerminals; } ///< TCP terminals
    qsizetype size() const { return m_terminals.size() + m_tcpTerminals.size(); }
    bool allAcknowledged() const; ///< every generated punch (and door event) acknowledged
    bool isGenerationFinished() const { return m_generationFinished; }
    int pendingRecords() const;

    static constexpr int TICK_MS = 20;
    /// Terminals started per event-loop turn: a large fleet starts in waves, so the connections
    /// already made are served meanwhile (as on a real network) instead of thousands of connect()
    /// calls and connect timers piling up before the first handshake is read.
    static constexpr int START_WAVE = 500;

Q_SIGNALS:
    void generationFinished(); ///< all punches generated (count reached or duration elapsed)
    void finished();           ///< generation finished and everything acknowledged

private:
    void tick();
    void startWave(quint64 generation);
    void finishGeneration();
    void checkFinished();
    void generateOn(qsizetype index, int n);

    FleetOptions m_options;
    QList<SimTerminal *> m_terminals;
    QList<SimTcpTerminal *> m_tcpTerminals;
    QList<qint64> m_generatedPer; // per terminal
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_generated = 0;
    qsizetype m_next = 0;          // round-robin position
    qsizetype m_nextStart = 0;     // next terminal to start (WebSocket ones first)
    quint64 m_startGeneration = 0; // a stop() or a new start() ends the previous waves
    bool m_running = false;
    bool m_generationFinished = false;
    bool m_finished = false;
};

} // namespace termdesk::sim
