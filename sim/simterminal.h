// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace termdesk::sim {

class SimCommands;
class SimDevice;

/// @brief One simulated WebSocket+JSON terminal that behaves like real firmware: reg first and nothing
/// else until accepted, one sendlog batch in flight kept until the server echoes its count and logindex,
/// the batch re-sent after a reconnect, reconnection with exponential back-off and jitter, answers to
/// the basic server commands. Written from the protocol page only (it does not link termdesk_core).
/// Everything is event-driven on the thread that owns the object.
class SimTerminal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimTerminal)
public:
    explicit SimTerminal(TerminalOptions options, QObject *parent = nullptr);
    ~SimTerminal() override;

    void start();                         ///< connect, and reconnect with back-off until stop()
    void stop();                          ///< close, no reconnect
    void setUrl(const QUrl &url);         ///< e.g. after a server restart on another port
    void generatePunches(int n);          ///< append n punches to the device log; they go out in sendlog batches
    void sendRaw(const QByteArray &text); ///< test hook: send this text frame as is (if connected)

    QString sn() const;
    bool isRegistered() const { return m_registered; }
    int pendingRecords() const;        ///< punches generated but not yet acknowledged
    qint64 undeliveredRecords() const; ///< device-log records (punches and door events) not yet acknowledged
    Counters counters() const;
    /// Every attendance punch the server acknowledged, in log order (if keepAcked). Door events excluded.
    const QList<PunchKey> &acknowledged() const { return m_acked; }
    const TerminalOptions &options() const { return m_options; }
    /// The users the terminal holds now, in enrollid order (what getuserlist / getuserinfo answer).
    QList<SimUser> users() const;

Q_SIGNALS:
    void registered();
    void refused(const QString &reason);
    void batchAcknowledged(int records); ///< records = attendance punches in the batch
    /// The punches of a batch just acknowledged (emitted before batchAcknowledged, kept or not).
    void punchesAcknowledged(const QList<termdesk::sim::PunchKey> &keys);
    void disconnected();
    void idle(); ///< registered and nothing pending

private:
    void connectNow();
    void onConnected();
    void onSocketGone();
    void onText(const QString &text);
    void handleRegReply(const QJsonObject &reply);
    void handleSendLogReply(const QJsonObject &reply);
    void handleCommand(const QString &name, const QJsonObject &command);
    void sendReg();
    void scheduleSend();
    void trySend();
    void sendBatch();
    void sendGarbage();
    void releaseBatch();
    void dropConnection(bool abort);
    void sendText(const QByteArray &text);
    int nextReconnectDelay();
    void checkIdle();

    TerminalOptions m_options;
    std::unique_ptr<SimDevice> m_device;
    std::unique_ptr<SimCommands> m_commands;
    QWebSocket *m_socket = nullptr;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;
    QTimer m_regTimer;
    QTimer m_ackTimer;
    QTimer m_retryTimer;
    QRandomGenerator m_faultRng;
    Counters m_counters;
    QList<PunchKey> m_acked;
    qsizetype m_delivered = 0;  // log records [0, m_delivered) are acknowledged
    qsizetype m_sentUpTo = 0;   // log records [0, m_sentUpTo) went out at least once
    qsizetype m_batchCount = 0; // held batch = [m_delivered, m_delivered + m_batchCount); 0 = none
    bool m_batchOnWire = false; // the held batch was sent on this connection and awaits its ack
    int m_attempt = 0;
    bool m_started = false;
    bool m_connected = false;
    bool m_everConnected = false;
    bool m_registered = false;
    bool m_sendQueued = false;
    bool m_rebooting = false;
};

} // namespace termdesk::sim
