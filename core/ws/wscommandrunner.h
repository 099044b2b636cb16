// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sessioncontext.h"
#include "storage/writejob.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace termdesk::ws {

/// @brief The durable command queue of one WebSocket terminal (docs/commands.md): claims the
/// oldest queued row once the terminal registered and whenever nothing is in flight, sends it,
/// matches the reply by name, pages, stores what the answers bring, retries on timeout and
/// finishes the row. One command in flight; the session keeps serving pushes meanwhile.
/// Lives in the engine thread, owned by its WsSession.
class WsCommandRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsCommandRunner)
public:
    using Sender = std::function<void(const QJsonObject &)>;

    WsCommandRunner(const net::SessionContext &context, Sender send, QObject *parent = nullptr);
    ~WsCommandRunner() override;

    /// The terminal registered. On its first reg on this connection (`firstReg`), queues the
    /// automatic getnewlog / settime the settings ask for, then claims; a repeated reg on the
    /// same connection changes nothing.
    void start(const QString &sn, qint64 terminalId, std::optional<int> utcOffsetMin,
               std::optional<qint64> driftSeconds, bool firstReg);
    /// The connection is going: the command in flight goes back to the queue (failed on its
    /// last try) and nothing more is claimed.
    void stop(const QString &why);
    /// Commands may be waiting (new rows, a finished command): claims one if nothing is in flight.
    void poke();
    /// A reply (MessageKind::Reply). False when it answers nothing in flight: logged, ignored.
    bool handleReply(const QString &name, const QJsonObject &reply);

    bool isActive() const { return m_active; }
    bool hasCommandInFlight() const { return m_inFlight.has_value(); }

private:
    struct InFlight
    {
        storage::CommandRow row;
        QString name;
        QJsonObject request; ///< the first request as sent
        QJsonObject options; ///< the payload's '_' keys
        bool awaiting = false;
        int pages = 0;
        qint64 sentMs = 0; ///< when the first request went out (a complete listing forgets older presence)
        qint64 records = 0;
        qint64 stored = 0; ///< punches newly stored (log pulls)
        QSet<qint64> users;
        QList<std::pair<qint64, int>> credentials; ///< getuserlist: (enrollid, backupnum) for follow-ups
    };

    void queueAutomaticCommands(std::optional<qint64> driftSeconds);
    void claim();
    void onClaimed(const QString &sn, const storage::ClaimCommandResult &result);
    void sendCommand(const storage::CommandRow &row);
    void sendNextPage();
    void armTimer();
    void onAnswer(const QJsonObject &reply);
    void onPage(const QJsonObject &reply);
    void endPaging(const QString &end);
    void onUserInfo(const QJsonObject &reply);
    void onTime(const QJsonObject &reply);
    void onTimeout();
    /// Stores `job`; then `next` runs if the command is still the one in flight, or the command
    /// fails if storing failed.
    template <typename Job> void storeThen(Job job, std::function<void()> next);
    void finish(const QString &state, const QString &reason, const QJsonObject &summary = {});
    QJsonObject pagingSummary(const QString &end) const;
    QString cloudTime() const;

    net::SessionContext m_ctx;
    Sender m_send;
    QString m_sn;
    qint64 m_terminalId = 0;
    std::optional<int> m_utcOffsetMin;
    bool m_active = false;
    bool m_claiming = false;
    bool m_pokeAgain = false;
    std::optional<InFlight> m_inFlight;
    QTimer m_timer;  ///< the reply (or page) timeout
    QTimer m_resume; ///< after a reboot: no new command until the socket dropped or this fired
};

} // namespace termdesk::ws
