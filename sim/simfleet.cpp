// SPDX-License-Identifier: GPL-3.0-or-later
#include "simfleet.h"

#include "simtcpterminal.h"
#include "simterminal.h"

#include <algorithm>
#include <climits>

namespace termdesk::sim {

SimFleet::SimFleet(FleetOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    const bool tcp = m_options.tcpPort != 0;
    const int n = !m_options.url.isEmpty() || !tcp ? std::max(1, m_options.terminals) : 0;
    const int nTcp = tcp ? std::max(1, m_options.tcpTerminals >= 0 ? m_options.tcpTerminals : m_options.terminals) : 0;
    m_terminals.reserve(n);
    m_tcpTerminals.reserve(nTcp);
    m_generatedPer.fill(0, n + nTcp);
    for (int i = 0; i < n; ++i) {
        TerminalOptions t;
        t.sn = m_options.snPrefix + QString::number(i + 1).rightJustified(6, u'0');
        t.url = m_options.url;
        t.tlsCa = m_options.tlsCa;
        t.tlsPin = m_options.tlsPin;
        t.users = m_options.users;
        t.batchSize = m_options.batchSize;
        t.quirks = m_options.quirks;
        t.faults = m_options.faults;
        t.seed = m_options.seed + quint32(i) * 2654435761u;
        if (!m_options.model.isEmpty())
            t.model = m_options.model;
        t.keepAcked = m_options.keepAcked;
        t.doorEvents = m_options.doorEvents;
        t.liveClock = m_options.liveClock;
        t.regRetryMs = m_options.regRetryMs;
        auto *terminal = new SimTerminal(std::move(t), this);
        connect(terminal, &SimTerminal::batchAcknowledged, this, &SimFleet::checkFinished);
        connect(terminal, &SimTerminal::idle, this, &SimFleet::checkFinished);
        m_terminals.append(terminal);
    }
    for (int i = 0; i < nTcp; ++i) {
        TcpTerminalOptions t;
        t.code = m_options.codePrefix + QString::number(i + 1).rightJustified(5, u'0');
        t.host = m_options.tcpHost;
        t.port = m_options.tcpPort;
        t.users = m_options.users;
        t.batchSize = m_options.batchSize;
        t.faults = m_options.tcpFaults;
        t.seed = m_options.seed + quint32(n + i) * 2654435761u;
        if (!m_options.model.isEmpty())
            t.model = m_options.model;
        t.awakeMs = m_options.awakeMs;
        t.sleepMs = m_options.sleepMs;
        t.alwaysAwake = m_options.alwaysAwake;
        t.askRegistry = m_options.askRegistry;
        t.keepAcked = m_options.keepAcked;
        t.doorEvents = m_options.doorEvents;
        t.liveClock = m_options.liveClock;
        auto *terminal = new SimTcpTerminal(std::move(t), this);
        connect(terminal, &SimTcpTerminal::batchAcknowledged, this, &SimFleet::checkFinished);
        connect(terminal, &SimTcpTerminal::idle, this, &SimFleet::checkFinished);
        m_tcpTerminals.append(terminal);
    }
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(TICK_MS);
    connect(&m_timer, &QTimer::timeout, this, &SimFleet::tick);
}

SimFleet::~SimFleet() = default;

void SimFleet::start()
{
    if (m_running)
        return;
    m_running = true;
    m_nextStart = 0;
    startWave(++m_startGeneration);
    if (!m_generationFinished) {
        m_clock.start();
        m_timer.start();
    }
}

void SimFleet::startWave(quint64 generation)
{
    if (!m_running || generation != m_startGeneration)
        return;
    const qsizetype total = size();
    const qsizetype end = std::min(total, m_nextStart + START_WAVE);
    for (; m_nextStart < end; ++m_nextStart) {
        if (m_nextStart < m_terminals.size())
            m_terminals[m_nextStart]->start();
        else
            m_tcpTerminals[m_nextStart - m_terminals.size()]->start();
    }
    if (m_nextStart < total)
        QTimer::singleShot(0, this, [this, generation] { startWave(generation); });
}

void SimFleet::stop()
{
    m_running = false;
    ++m_startGeneration;
    m_timer.stop();
    for (SimTerminal *t : std::as_const(m_terminals))
        t->stop();
    for (SimTcpTerminal *t : std::as_const(m_tcpTerminals))
        t->stop();
}

void SimFleet::setUrl(const QUrl &url)
{
    m_options.url = url;
    for (SimTerminal *t : std::as_const(m_terminals))
        t->setUrl(url);
}

void SimFleet::setTcpAddress(const QString &host, quint16 port)
{
    m_options.tcpHost = host;
    m_options.tcpPort = port;
    for (SimTcpTerminal *t : std::as_const(m_tcpTerminals))
        t->setHost(host, port);
}

Counters SimFleet::totals() const
{
    Counters sum;
    for (const SimTerminal *t : m_terminals)
        sum += t->counters();
    for (const SimTcpTerminal *t : m_tcpTerminals)
        sum += t->counters();
    return sum;
}

int SimFleet::pendingRecords() const
{
    qint64 sum = 0;
    for (const SimTerminal *t : m_terminals)
        sum += t->pendingRecords();
    for (const SimTcpTerminal *t : m_tcpTerminals)
        sum += t->pendingRecords();
    return int(std::min<qint64>(sum, INT_MAX));
}

bool SimFleet::allAcknowledged() const
{
    return std::all_of(m_terminals.cbegin(), m_terminals.cend(),
                       [](const SimTerminal *t) { return t->undeliveredRecords() == 0; }) &&
           std::all_of(m_tcpTerminals.cbegin(), m_tcpTerminals.cend(),
                       [](const SimTcpTerminal *t) { return t->undeliveredRecords() == 0; });
}

void SimFleet::generateOn(qsizetype index, int n)
{
    if (index < m_terminals.size())
        m_terminals[index]->generatePunches(n);
    else
        m_tcpTerminals[index - m_terminals.size()]->generatePunches(n);
}

void SimFleet::tick()
{
    if (!m_running || m_generationFinished)
        return;
    const qint64 limit = m_options.punchesPerTerminal;
    const qsizetype n = size();
    qint64 elapsed = m_clock.elapsed();
    const bool timeUp = m_options.durationMs > 0 && elapsed >= m_options.durationMs;
    if (timeUp)
        elapsed = m_options.durationMs;
    qint64 target = LLONG_MAX;
    if (m_options.ratePerSecond > 0)
        target = qint64(m_options.ratePerSecond * double(elapsed) / 1000.0);
    if (limit >= 0)
        target = std::min(target, limit * n);
    else if (m_options.ratePerSecond <= 0)
        target = m_generated; // no rate and no count: nothing sensible to generate
    qint64 due = target - m_generated;

    // Round-robin, one punch at a time per pass, skipping terminals that reached their count;
    // whole passes are handed out at once so that "all at once" does not loop per punch.
    QList<qint64> share(n, 0);
    auto capacity = [&](qsizetype i) { return limit < 0 ? LLONG_MAX : limit - m_generatedPer[i] - share[i]; };
    while (due > 0) {
        qsizetype eligible = 0;
        for (qsizetype i = 0; i < n; ++i)
            eligible += capacity(i) > 0 ? 1 : 0;
        if (eligible == 0)
            break;
        if (const qint64 each = due / eligible; each > 0) {
            for (qsizetype i = 0; i < n; ++i) {
                const qint64 give = std::min(each, capacity(i));
                if (give > 0) {
                    share[i] += give;
                    due -= give;
                }
            }
            continue;
        }
        const qsizetype start = m_next;
        for (qsizetype k = 0; k < n && due > 0; ++k) {
            const qsizetype i = (start + k) % n;
            if (capacity(i) > 0) {
                ++share[i];
                --due;
                m_next = (i + 1) % n;
            }
        }
    }
    for (qsizetype i = 0; i < n; ++i) {
        qint64 left = share[i];
        m_generatedPer[i] += left;
        m_generated += left;
        while (left > 0) {
            const int chunk = int(std::min<qint64>(left, INT_MAX));
            generateOn(i, chunk);
            left -= chunk;
        }
    }
    if (timeUp || (limit >= 0 && m_generated >= limit * n))
        finishGeneration();
}

void SimFleet::finishGeneration()
{
    m_timer.stop();
    m_generationFinished = true;
    Q_EMIT generationFinished();
    checkFinished();
}

void SimFleet::checkFinished()
{
    if (m_generationFinished && !m_finished && allAcknowledged()) {
        m_finished = true;
        Q_EMIT finished();
    }
}

} // namespace termdesk::sim
