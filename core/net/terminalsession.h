// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "net/sessioncontext.h"
#include "storage/writejob.h"

#include <QObject>
#include <QString>

#include <optional>

namespace termdesk::net {

class CommandRunner;

/// @brief One connected terminal, whatever its transport, and the lifecycle both transports
/// share: registration (admission decided by decideAdmission(), claim in the TerminalRegistry,
/// replacing an older connection of the same terminal), last seen, closing once, handing the
/// command in flight back to the queue when the connection goes, and release. A transport
/// (WsSession, TcpSession) turns its bytes into messages and implements the hooks. Everything
/// above the sessions (registry, connection set, queue, UI) talks to this class. Lives in the
/// engine thread.
class TerminalSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalSession)
public:
    TerminalSession(Protocol protocol, const SessionContext &context, QString peer, QObject *parent = nullptr);
    ~TerminalSession() override;

    Protocol protocol() const { return m_protocol; }
    /// The terminal's identity (WebSocket serial, TCP login code) once admitted; empty before.
    QString terminalKey() const { return m_registered ? m_sn : QString(); }
    QString peerDescription() const { return m_peer; }
    bool isRegistered() const { return m_registered; }
    /// Monotonic ms (the context's clock) of the last inbound bytes, for the idle sweep.
    qint64 lastActivityMs() const { return m_lastActivity; }
    /// Closes the connection once; `reason` goes to the log (and to the peer where it can be said).
    void closeSession(const QString &reason);
    /// Writes last-seen if frames arrived since the last call (called by the idle sweep).
    void flushLastSeen();
    /// Commands may have been queued for this terminal: the transport sends one when it can
    /// (WebSocket at once; TCP after the terminal's next heartbeat, so by default nothing).
    virtual void pokeCommands() {}
    bool hasCommandInFlight() const;

Q_SIGNALS:
    /// The connection is gone; the session deletes itself later.
    void closed(termdesk::net::TerminalSession *session);

protected:
    /// The session's command runner (a child), stopped when the connection closes or goes.
    void setCommandRunner(CommandRunner *runner) { m_commands = runner; }

    /// Inbound bytes: the idle deadline moves; `seen` (whole messages) also marks last seen.
    void touch(bool seen = true);
    /// Asks storage to record @p job (sn, info, path; the rest is filled here), then decides
    /// admission: admitted() or refused(), then registrationSettled().
    void registerTerminal(storage::RegisterJob job);
    int registrationsInFlight() const { return m_registrationsInFlight; }
    /// The transport saw its connection end (or closed it): releases the terminal, records
    /// last seen, emits closed() and deletes the session later. Once.
    void connectionGone();

    /// Close the transport (write what is buffered where it can); call connectionGone() when
    /// the socket is already unconnected.
    virtual void closeTransport(const QString &reason) = 0;
    /// Admitted: @p again is a repeated registration as the same terminal on this connection.
    virtual void admitted(const storage::RegisterResult &outcome, bool again) = 0;
    /// Refused with @p reason (storage errors included): tell the terminal.
    virtual void refused(const QString &sn, const QString &reason) = 0;
    /// No registration is in flight any more.
    virtual void registrationSettled() {}

    /// The terminal's serial (or code) once admitted; else the peer: for the log and the trace.
    QString who() const { return m_sn.isEmpty() ? m_peer : m_sn; }
    const QString &sn() const { return m_sn; }
    qint64 terminalId() const { return m_terminalId; }
    std::optional<int> utcOffsetMin() const { return m_utcOffsetMin; }
    bool isClosing() const { return m_closing; }
    /// connectionGone() ran: the session is on its way out.
    bool isGone() const { return m_gone; }
    qint64 nowMs() const;

    SessionContext m_ctx;

private:
    void dropRegistration(const QString &why);
    void onRegistered(const QString &sn, const QString &identity, const storage::RegisterResult &result);
    /// Admission granted (and the lease claimed, @p epoch, with a PostgreSQL store): serve the terminal.
    void accept(const QString &sn, const storage::RegisterResult &result, qint64 epoch);
    /// The end of a registration's handling.
    void settleRegistration();
    /// Gives back the lease this connection holds, if any.
    void releaseLease();

    const Protocol m_protocol;
    QString m_peer;
    QString m_sn;
    qint64 m_terminalId = 0;
    std::optional<int> m_utcOffsetMin;
    bool m_registered = false;
    int m_registrationsInFlight = 0;
    bool m_closing = false;
    bool m_gone = false;
    QString m_closeReason; ///< what closeSession() was told: the offline reason
    qint64 m_lastActivity = 0;
    qint64 m_lastSeenWall = 0;
    bool m_seenDirty = false;
    CommandRunner *m_commands = nullptr;
    qint64 m_leaseEpoch = 0; ///< the lease this connection holds (TerminalLeases); 0: none
};

} // namespace termdesk::net
