// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHashFunctions>
#include <QList>
#include <QMap>
#include <QSslCertificate>
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

/// @brief One user as a simulated terminal holds it (for tests and the command answers).
struct SimUser
{
    qint64 enrollId = 0;
    QString name;
    int admin = 0;
    bool enabled = true;
    /// backupnum → the credential as text, the way the server stores it: fingerprints hex (a WebSocket
    /// terminal may use the "(N)" zero-run form), password / card digits, faces and photos base64.
    QMap<int, QString> credentials;

    friend bool operator==(const SimUser &, const SimUser &) = default;
};

/// @brief Injected faults, each a probability per sendlog batch (0 = never, 1 = always).
struct Faults
{
    double dropBeforeAck = 0; ///< abort the socket right after a batch is written, before its ack
    double garbage = 0;       ///< send a junk text frame (not JSON) or a random binary frame before a batch
};

/// @brief The server's de-duplication key of an attendance record: (sn, enrollid, time, mode, inout, event).
/// WebSocket terminals: `time` is the terminal's wall clock "yyyy-MM-dd HH:mm:ss" as sent, `utc` false.
/// TCP terminals: `sn` is the login code, `time` is the punch's UTC instant "yyyy-MM-dd HH:mm:ss" and `utc`
/// is true (compare with the export's utc_time, not local_time).
struct PunchKey
{
    QString sn;
    qint64 enrollId;
    QString time;
    int mode;
    int inOut;
    int event;
    bool utc = false; ///< `time` is UTC (TCP terminals), not the terminal's wall clock

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
    // TCP terminals only (always 0 for WebSocket terminals).
    qint64 wakeups = 0;          ///< logins accepted: awake periods (the first one included)
    qint64 requestsAnswered = 0; ///< server read/write requests (cmd 4/5) answered
    qint64 faultsInjected = 0;   ///< garbage and oversize faults written
    qint64 faultsUnclosed = 0;   ///< of which the server kept the connection open though it had to close it

    Counters &operator+=(const Counters &other);
};

/// @brief Everything that makes one simulated terminal.
struct TerminalOptions
{
    QString sn;
    QUrl url;
    QList<QSslCertificate> tlsCa; ///< wss://: certificates trusted besides the system's (a self-signed one)
    QByteArray tlsPin;            ///< wss://: SHA-256 of the server certificate accepted whatever its chain
    int users = 50;               ///< user population: enrollids 1..users
    int batchSize = 10;           ///< records per sendlog, at most
    Quirks quirks;
    Faults faults;
    bool answerCommands = true; ///< false: a terminal that never answers server commands (still sends logs)
    quint32 seed = 1;
    QString model = QStringLiteral("AiFace");
    int reconnectMinMs = 100;
    int reconnectMaxMs = 5000;
    int regRetryMs = 20000;   ///< re-send reg after this long without a reply, or after a refusal
    bool keepAcked = true;    ///< keep every acknowledged PunchKey for acknowledged()
    int batchRetryMs = 500;   ///< back-off before re-sending a batch refused with result:false
    int ackTimeoutMs = 20000; ///< re-send a batch whose ack has not come after this long (0 = never)
    double doorEvents = 0.01; ///< probability that a generated punch is followed by a door event
    /// true: a punch carries the device clock when it is made (as a real terminal; at least one second after
    /// the previous record). false: a clock that starts one day back and moves one second per record, so any
    /// rate keeps (sn, enrollid, time) unique, in the past for a terminal's first 86 400 records (tests, load).
    bool liveClock = false;
};

/// @brief Injected faults of TCP terminals, each a probability (0 = never, 1 = always).
struct TcpFaults
{
    double lostAck = 0;      ///< per report: abort the connection right after writing it, before its ack
    double resentReport = 0; ///< per report: write the same report frame twice
    double garbage = 0;      ///< per report: random bytes (bad magic) instead of it; the server must close
    double oversize = 0;     ///< per report: a header claiming 65535 body bytes then silence, or a bad magic header
    double slowSender = 0;   ///< per frame: write it one byte at a time, a 0 ms timer between bytes

    bool any() const { return lostAck > 0 || resentReport > 0 || garbage > 0 || oversize > 0 || slowSender > 0; }
};

/// @brief Everything that makes one simulated TCP binary-protocol terminal (docs/protocol-tcp.md).
struct TcpTerminalOptions
{
    QString code; ///< login code (cmd 2 body, UTF-8, 1..64 bytes): the terminal's identity
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    quint32 terminalId = 0;    ///< header terminalId (low 24 bits); 0 = derived from code and seed
    quint32 firstSequence = 0; ///< first Report sequence; 0 = seconds since 2020 at construction
    int users = 50;            ///< user population: enrollids 1..users
    int batchSize = 10;        ///< punches per report, at most (capped at MAX_PUNCHES_PER_REPORT)
    TcpFaults faults;
    quint32 seed = 1;
    QString model = QStringLiteral("TcpFace"); ///< "face" in the name: face model (mode 8 and photos)
    int awakeMs = 3000;                        ///< stay awake this long after the last activity, then log out and sleep
    int sleepMs = 5000;                        ///< asleep (disconnected) this long, then wake up
    bool alwaysAwake = false; ///< never log out: heartbeat every heartbeatMs on one connection (load tests)
    int heartbeatMs = 3000;   ///< heartbeat period while awake (the first one right after login)
    bool askRegistry = false; ///< send cmd 8 once per wake
    bool reportUsers = false; ///< report the user population once after start (reports with users, no punches)
    int reconnectMinMs = 100; ///< back-off after a lost connection or a failed connect
    int reconnectMaxMs = 5000;
    int loginRetryMs = 5000;        ///< first back-off after a refused login (doubles, at most 60 s)
    int replyTimeoutMs = 10000;     ///< no LoginReply / logout ack this long: drop the connection
    int ackTimeoutMs = 20000;       ///< re-send a report whose ack has not come after this long (0 = never)
    int faultCloseTimeoutMs = 3000; ///< after garbage/oversize, wait this long for the server to close
    bool keepAcked = true;          ///< keep every acknowledged PunchKey for acknowledged()
    double doorEvents = 0.01;       ///< probability that a generated punch is followed by a door event
    bool liveClock = false;         ///< as TerminalOptions::liveClock

    static constexpr int MAX_PUNCHES_PER_REPORT = 2000; ///< keeps a Report body under 65535 bytes
};

/// @brief A fleet of terminals sharing one server and one punch rate.
struct FleetOptions
{
    QUrl url;
    QList<QSslCertificate> tlsCa; ///< TerminalOptions::tlsCa
    QByteArray tlsPin;            ///< TerminalOptions::tlsPin
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
    bool liveClock = false; ///< punches at the current time, not from one day back (TerminalOptions::liveClock)

    // TCP binary-protocol terminals (mixed fleets: WebSocket terminals first, then TCP ones).
    // WebSocket terminals are made when url is set, or when no TCP port is set (the historical default).
    QString tcpHost = QStringLiteral("127.0.0.1");
    quint16 tcpPort = 0;                        ///< 0 = no TCP terminals
    int tcpTerminals = -1;                      ///< -1 = as many as `terminals`
    QString codePrefix = QStringLiteral("TCP"); ///< codes are PREFIX00001, PREFIX00002, ...
    int awakeMs = 3000;
    int sleepMs = 5000;
    bool alwaysAwake = false;
    bool askRegistry = false;
    TcpFaults tcpFaults;
};

} // namespace termdesk::sim
