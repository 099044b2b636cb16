// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/commandrunner.h"
#include "storage/writejob.h"
#include "util/clocktimer.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

namespace termdesk::ws {

/// @brief The commands of one WebSocket terminal (docs/commands.md): claims once the terminal
/// registered and whenever nothing is in flight, sends the row, matches the reply by name,
/// pages, stores what the answers bring, retries on timeout. The queue's lifecycle (claim,
/// finish, re-queue on disconnect, the reply timeout) is net::CommandRunner's. One command in
/// flight; the session keeps serving pushes meanwhile. Owned by its WsSession.
class WsCommandRunner final : public net::CommandRunner
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
    /// Commands may be waiting (new rows, a finished command): claims one if nothing is in flight.
    void poke();
    /// A reply (MessageKind::Reply). False when it answers nothing in flight: logged, ignored.
    bool handleReply(const QString &name, const QJsonObject &reply);

private:
    struct InFlight
    {
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

    void sendCommand(const storage::CommandRow &row) override;
    void claimedNothing(bool failed) override;
    void finished(CommandState state) override;
    void replyTimedOut() override;
    void forgetInFlight() override { m_inFlight.reset(); }
    QString describe(const storage::CommandRow &row) const override;

    void queueAutomaticCommands(std::optional<qint64> driftSeconds);
    void sendNextPage();
    void armTimer();
    void onAnswer(const QJsonObject &reply);
    void onPage(const QJsonObject &reply);
    void endPaging(const QString &end);
    void onUserInfo(const QJsonObject &reply);
    void onTime(const QJsonObject &reply);
    /// Stores `job`; then `next` runs if the command is still the one in flight, or the command
    /// fails if storing failed.
    template <typename Job> void storeThen(Job job, std::function<void()> next);
    QJsonObject pagingSummary(const QString &end) const;
    QString cloudTime() const;

    Sender m_send;
    bool m_pokeAgain = false;
    std::optional<InFlight> m_inFlight;
    ClockTimer m_resume;     ///< after a reboot: no new command until the socket dropped or this fired
    ClockTimer m_claimRetry; ///< after a failed claim
};

} // namespace termdesk::ws
