// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHashFunctions>
#include <QString>
#include <QUrl>

namespace termdesk::sim {

/// @brief Firmware habits seen in the field (protocol page §6.4, §6.6) that a server must tolerate.
struct Quirks
{
    bool trailingCommas = false;   ///< `,]` and `,}` in sendlog and log-page JSON
    bool numbersAsStrings = false; ///< enrollid/mode/inout/count/logindex written as JSON strings
    bool cmdInsteadOfRet = false;  ///< answers server commands with "cmd" instead of "ret"
};

/// @brief Injected faults, each a probability per sendlog batch (0 = never, 1 = always).
struct Faults
{
    double dropBeforeAck = 0; ///< abort the socket right after a batch is written, before its ack
    double garbage = 0;       ///< send a junk text frame (not JSON) or a random binary frame before a batch
};

/// @brief The server's de-duplication key of an attendance record: (sn, enrollid, time, mode, inout, event).
struct PunchKey
{
    QString sn;
    qint64 enrollId;
    QString time;
    int mode;
    int inOut;
    int event;

    friend bool operator==(const PunchKey &a, const PunchKey &b) = default;
};
size_t qHash(const PunchKey &key, size_t seed = 0) noexcept;

/// @brief What a terminal (or a fleet) did. Record counters count attendance punches only; door events
/// (enrollid 0) travel in the same batches but are counted in doorEvents alone.
struct Counters
{
    qint64 generated = 0;    ///< attendance punches appended to the device log
    qint64 sent = 0;         ///< distinct punches sent at least once
    qint64 acknowledged = 0; ///< punches whose batch the server acknowledged (count + logindex echoed)
    qint64 resent = 0;       ///< punch transmissions after the first (reconnect, result:false, ack timeout)
    qint64 refused = 0;      ///< reg refusals + sendlog result:false replies (messages, not records)
    qint64 batchesAcked = 0; ///< sendlog batches acknowledged
    qint64 reconnects = 0;   ///< connections established after the first one
    qint64 doorEvents = 0;   ///< door events (enrollid 0) appended to the device log

    Counters &operator+=(const Counters &other);
};

/// @brief Everything that makes one simulated terminal.
struct TerminalOptions
{
    QString sn;
    QUrl url;
    int users = 50;     ///< user population: enrollids 1..users
    int batchSize = 10; ///< records per sendlog, at most
    Quirks quirks;
    Faults faults;
    quint32 seed = 1;
    QString model = QStringLiteral("AiFace");
    int reconnectMinMs = 100;
    int reconnectMaxMs = 5000;
    int regRetryMs = 20000;   ///< re-send reg after this long without a reply, or after a refusal
    bool keepAcked = true;    ///< keep every acknowledged PunchKey for acknowledged()
    int batchRetryMs = 500;   ///< back-off before re-sending a batch refused with result:false
    int ackTimeoutMs = 20000; ///< re-send a batch whose ack has not come after this long (0 = never)
    double doorEvents = 0.01; ///< probability that a generated punch is followed by a door event
};

/// @brief A fleet of terminals sharing one server and one punch rate.
struct FleetOptions
{
    QUrl url;
    int terminals = 1;
    double ratePerSecond = 10; ///< punches per second over the whole fleet; <= 0 = all at once
    int batchSize = 10;
    int users = 50;
    qint64 punchesPerTerminal = -1; ///< -1 = unlimited until durationMs
    int durationMs = 10000;         ///< <= 0 = no time limit (needs punchesPerTerminal)
    QString snPrefix = QStringLiteral("SIM");
    Quirks quirks;
    Faults faults;
    quint32 seed = 1;
    QString model; ///< empty = TerminalOptions default
    bool keepAcked = true;
    double doorEvents = 0.01;
    int regRetryMs = 20000;
};

} // namespace termdesk::sim
