// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"
#include "tcpframedecoder.h"

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>
#include <optional>

class QTcpSocket;

namespace termdesk::sim {

class SimTcpDevice;

/// @brief One simulated terminal of the TCP binary protocol (docs/protocol-tcp.md), a low-power one
/// that sleeps: wake up, connect, log in (cmd 2), heartbeat (cmd 1), read the server time (cmd 7), send its
/// punches in Reports (cmd 6) one at a time, each kept until the server acks its sequence and re-sent with
/// the same sequence after a lost connection, answer the server's read/write requests (cmd 4/5) that follow a
/// heartbeat, stay awake awakeMs after the last activity, log out (cmd 3), sleep sleepMs, and again.
/// Written from the contract only: its own frame codec, protobuf only for the bodies, no termdesk_core.
/// Everything is event-driven on the thread that owns the object.
class SimTcpTerminal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimTcpTerminal)
public:
    enum class State {
        Stopped,    ///< before start() and after stop()
        Sleeping,   ///< logged out, wakes up after sleepMs
        BackingOff, ///< connection lost, refused or failed; reconnects after a back-off
        Connecting,
        LoggingIn,  ///< login sent, waiting for the LoginReply
        Awake,      ///< logged in
        LoggingOut, ///< logout sent, waiting for the ack (or for the server to close)
    };
    Q_ENUM(State)

    explicit SimTcpTerminal(TcpTerminalOptions options, QObject *parent = nullptr);
    ~SimTcpTerminal() override;

    void start();                                    ///< connect now, then cycle until stop()
    void stop();                                     ///< close (without logout), no reconnect
    void setHost(const QString &host, quint16 port); ///< a sleeping terminal uses it at its next wake
    void generatePunches(int n);                     ///< append n punches to the log; they go out while awake
    void wakeUp();                                   ///< end a sleep or a back-off now
    void setFaults(const TcpFaults &faults);
    void sendRaw(const QByteArray &bytes); ///< test hook: write these bytes as is (if connected)

    QString code() const;
    QString sn() const { return code(); }               ///< the login code, as SimTerminal::sn()
    quint32 terminalId() const { return m_terminalId; } ///< header terminalId (LoginReply.terminal_id once known)
    State state() const { return m_state; }
    bool isLoggedIn() const { return m_state == State::Awake; }
    bool isRegistered() const { return isLoggedIn(); }
    int pendingRecords() const;        ///< punches generated but not yet acknowledged
    qint64 undeliveredRecords() const; ///< log records (punches and door events) not yet acknowledged
    /// The users the terminal holds now, in enrollid order (credentials as text, see SimUser).
    QList<SimUser> users() const;
    Counters counters() const;
    /// Every attendance punch the server acknowledged, in log order (if keepAcked); time is UTC (key.utc).
    const QList<PunchKey> &acknowledged() const { return m_acked; }
    const TcpTerminalOptions &options() const { return m_options; }
    qint64 clockMs() const;                                ///< the terminal clock, Unix ms (moved by set_time_ms)
    qint64 serverTimeMs() const { return m_serverTimeMs; } ///< the last ServerTime.epoch_ms, 0 = none yet
    QString registryAddress() const { return m_registryAddress; } ///< the last ServerAddress (askRegistry)
    quint32 nextSequence() const { return m_nextSequence; }       ///< the sequence of the next new report

Q_SIGNALS:
    void registered();                   ///< login accepted
    void refused(const QString &reason); ///< LoginReply accepted=false
    void batchAcknowledged(int records); ///< records = attendance punches in the report
    /// The punches of a report just acknowledged (emitted before batchAcknowledged, kept or not).
    void punchesAcknowledged(const QList<termdesk::sim::PunchKey> &keys);
    void disconnected();
    void idle();                                              ///< logged in and nothing pending
    void asleep();                                            ///< logged out and disconnected, until the next wake
    void requestAnswered(int cmd, quint32 sequence, bool ok); ///< a cmd 4/5 request answered
    void serverTimeReceived(qint64 epochMs);

private:
    struct HeldReport
    {
        quint32 sequence = 0;
        QByteArray body;
        qsizetype first = 0; // log records [first, first + count)
        qsizetype count = 0;
        int punches = 0; // attendance punches among them
        int users = 0;
    };
    struct Chunk
    {
        QByteArray bytes;
        qsizetype pos = 0;
        bool slow = false;
    };
    enum class AfterFlush { Nothing, Drop, Reboot };

    void connectNow();
    void onConnected();
    void onReadyRead();
    void onSocketGone();
    void handleFrame(const TcpFrame &frame);
    void onLoginReply(const QByteArray &body);
    void onReportAck(qint32 sequence);
    void handleRead(const QByteArray &body);
    void handleWrite(const QByteArray &body);
    void protocolError(const QString &what);
    void sendHeartbeat();
    void logout();
    void goToSleep();
    void dropConnection(int delayMs = -1); ///< -1: back-off
    void closeSocket(bool graceful);
    void scheduleSend();
    void trySend();
    bool buildReport();
    void sendHeld();
    void injectGarbage();
    void injectOversize();
    void sendFrame(quint8 cmd, quint8 transferType, const QByteArray &body = {});
    void writeBytes(const QByteArray &bytes, bool slow);
    void pump();
    void touchActivity();
    void checkIdle();
    int nextReconnectDelay();
    int nextLoginRetryDelay();
    bool usersToReport() const;
    bool chance(double p);

    TcpTerminalOptions m_options;
    std::unique_ptr<SimTcpDevice> m_device;
    QTcpSocket *m_socket = nullptr;
    TcpFrameDecoder m_decoder;
    QTimer m_wakeTimer;      // sleep, back-off, reboot
    QTimer m_connectTimer;   // connect timeout
    QTimer m_replyTimer;     // LoginReply / logout ack timeout
    QTimer m_awakeTimer;     // inactivity: log out
    QTimer m_heartbeatTimer; // periodic heartbeat while awake
    QTimer m_ackTimer;       // report ack timeout: re-send
    QTimer m_faultTimer;     // after garbage/oversize: wait for the server to close
    QTimer m_dribbleTimer;   // slow sender: next byte
    QRandomGenerator m_faultRng;
    Counters m_counters;
    QList<PunchKey> m_acked;
    std::optional<HeldReport> m_held;
    QList<Chunk> m_out;
    AfterFlush m_afterFlush = AfterFlush::Nothing;
    State m_state = State::Stopped;
    QString m_registryAddress;
    qint64 m_serverTimeMs = 0;
    qsizetype m_delivered = 0; // log records below this are acknowledged
    qsizetype m_sentUpTo = 0;  // log records below this went out at least once
    qsizetype m_usersReported = 0;
    quint32 m_nextSequence = 1;
    quint32 m_terminalId = 0;
    int m_attempt = 0;
    int m_refusalStreak = 0;
    bool m_started = false;
    bool m_everConnected = false;
    bool m_lastEndUnplanned = false;
    bool m_onWire = false;       // the held report was sent on this connection and awaits its ack
    bool m_faultPending = false; // garbage/oversize written: nothing more on this connection
    bool m_faultMustClose = false;
    bool m_sendQueued = false;
};

} // namespace termdesk::sim
