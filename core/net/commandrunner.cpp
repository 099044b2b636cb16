// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandrunner.h"

#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "terminalsession.h"
#include "util/logging.h"

#include <QJsonDocument>
#include <QPointer>

namespace termdesk::net {

CommandRunner::CommandRunner(const SessionContext &context, QObject *parent)
    : QObject(parent), m_ctx(context), m_replyTimer(context.clock)
{
    m_replyTimer.setSingleShot(true);
    connect(&m_replyTimer, &ClockTimer::timeout, this, [this] {
        if (m_row)
            replyTimedOut();
    });
}

CommandRunner::~CommandRunner() = default;

qint64 CommandRunner::nowMs() const
{
    return m_ctx.clock->wallClockMs();
}

void CommandRunner::activate(const QString &sn, qint64 terminalId, std::optional<int> utcOffsetMin)
{
    m_sn = sn;
    m_terminalId = terminalId;
    m_utcOffsetMin = utcOffsetMin;
    m_active = true;
}

storage::CommandRow CommandRunner::takeInFlight()
{
    m_replyTimer.stop();
    storage::CommandRow row = std::move(*m_row);
    m_row.reset();
    forgetInFlight();
    return row;
}

storage::CompleteCommandJob CommandRunner::completion(qint64 id, CommandState state, QString result,
                                                      QString reason) const
{
    return storage::CompleteCommandJob{id,      state, std::move(result), std::move(reason),
                                       nowMs(), m_sn,  m_serverId,        m_epoch};
}

void CommandRunner::stop(const QString &why)
{
    if (!m_active)
        return;
    m_active = false;
    m_replyTimer.stop();
    if (!m_row)
        return;
    const QString what = describe(*m_row);
    const storage::CommandRow row = takeInFlight();
    const bool last = row.tries >= m_ctx.config->commandMaxTries;
    qCInfo(lcNet) << "command" << row.id << what << "for" << m_sn << "interrupted (" << why << ")"
                  << (last ? "- failed, last try" : "- back to the queue");
    m_ctx.storage->submit(
        completion(row.id, last ? CommandState::Failed : CommandState::Queued, {},
                   last ? QStringLiteral("terminal disconnected before answering, %1 tries").arg(row.tries)
                        : QStringLiteral("terminal disconnected before answering, will retry")));
}

void CommandRunner::claim(qint64 staleMs)
{
    m_claiming = true;
    QPointer<CommandRunner> self(this);
    const QString sn = m_sn;
    m_ctx.storage->submit(
        storage::ClaimCommandJob{sn, nowMs(), staleMs, m_ctx.config->commandMaxTries, m_serverId, m_epoch},
        [self, sn](const storage::ClaimCommandResult &r) {
            if (self)
                self->onClaimed(sn, r);
        });
}

void CommandRunner::onClaimed(const QString &sn, const storage::ClaimCommandResult &r)
{
    m_claiming = false;
    if (!r.ok) {
        qCWarning(lcNet) << "claiming a command for" << sn << "failed:" << r.error;
        claimedNothing(true);
        return;
    }
    if (r.fenced) {
        // Another connection (here or on another server) holds the terminal now: this one is stale.
        qCInfo(lcNet) << "terminal" << sn << "is held by a newer connection: no command claimed here";
        m_active = false;
        if (auto *session = qobject_cast<TerminalSession *>(parent()))
            session->closeSession(QStringLiteral("taken over by a newer connection"));
        return;
    }
    if (r.command && (!m_active || m_sn != sn || m_row)) {
        // Claimed while the connection went (or registered as another serial): back to the
        // queue, unsent.
        m_ctx.storage->submit(
            completion(r.command->id, CommandState::Queued, {}, QStringLiteral("not sent: connection closed")));
        return;
    }
    if (!r.command) {
        claimedNothing(false);
        return;
    }
    m_row = *r.command;
    sendCommand(*r.command);
}

void CommandRunner::finish(CommandState state, const QString &reason, const QJsonObject &summary)
{
    if (!m_row)
        return;
    const QString what = describe(*m_row);
    const QJsonObject result = summary.isEmpty() ? progress() : summary;
    const storage::CommandRow row = takeInFlight();
    qCInfo(lcNet) << "command" << row.id << what << "for" << m_sn << name(state) << reason;
    QPointer<CommandRunner> self(this);
    m_ctx.storage->submit(completion(row.id, state,
                                     result.isEmpty()
                                         ? QString()
                                         : QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)),
                                     reason),
                          [self, state](const storage::JobResult &) {
                              if (self)
                                  self->finished(state);
                          });
}

void CommandRunner::unanswered(const QString &retry)
{
    if (!m_row)
        return;
    const int tries = m_row->tries;
    const bool last = tries >= m_ctx.config->commandMaxTries;
    finish(last ? CommandState::Failed : CommandState::Queued,
           last ? QStringLiteral("no answer after %1 tries").arg(tries)
                : QStringLiteral("no answer within %1 s, %2").arg(m_replyTimer.interval() / 1000.0).arg(retry));
}

} // namespace termdesk::net
