// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpcommandrunner.h"

#include "model/commandkind.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/logging.h"

#include <QJsonDocument>
#include <QPointer>

namespace termdesk::tcp {
namespace {
constexpr int MAX_READ_PAGES = 1000;
}

TcpCommandRunner::TcpCommandRunner(const net::SessionContext &context, Sender send, QObject *parent)
    : net::CommandRunner(context, parent), m_send(std::move(send))
{
}

TcpCommandRunner::~TcpCommandRunner() = default;

void TcpCommandRunner::start(const QString &code, qint64 terminalId, std::optional<int> utcOffsetMin)
{
    activate(code, terminalId, utcOffsetMin);
}

void TcpCommandRunner::poke()
{
    if (isActive() && !hasCommandInFlight() && !isClaiming())
        claim(m_ctx.config->tcpRequestTimeoutMs);
}

void TcpCommandRunner::forgetInFlight()
{
    m_reading.reset();
}

QJsonObject TcpCommandRunner::progress() const
{
    if (!m_reading)
        return {};
    return QJsonObject{{QStringLiteral("pages"), m_reading->pages},
                       {QStringLiteral("users"), m_reading->users},
                       {QStringLiteral("punches"), m_reading->punches},
                       {QStringLiteral("status"), m_reading->status}};
}

void TcpCommandRunner::sendCommand(const storage::CommandRow &row)
{
    const QJsonObject payload = QJsonDocument::fromJson(row.payload).object();
    const std::optional<CommandKind> kind = fromName<CommandKind>(row.kind);
    if (kind == CommandKind::TcpRead)
        sendRead(payload);
    else if (kind == CommandKind::TcpWrite)
        sendWrite(row, payload);
    else // a WebSocket kind, or one no CommandKind names: fails, nothing is sent
        finish(CommandState::Failed, QStringLiteral("not a TCP command: %1").arg(row.kind));
}

void TcpCommandRunner::sendRead(const QJsonObject &payload)
{
    m_reading = Reading{};
    m_reading->plan = commands::readPlan(payload);
    m_reading->offset = m_reading->plan.offset;
    if (!m_reading->plan.target) {
        finish(CommandState::Failed, QStringLiteral("unknown read target"));
        return;
    }
    sendReadPage();
}

void TcpCommandRunner::sendReadPage()
{
    Reading &r = *m_reading;
    m_cmd = Cmd::ServerRead;
    m_sequence = m_nextSequence++;
    if (r.pages == 0)
        r.firstPageMs = nowMs();
    ++r.pages;
    qCInfo(lcNet) << "TCP: sending command" << inFlight()->id << "read" << r.plan.targetName << "page" << r.pages
                  << "to" << m_sn;
    m_send(Cmd::ServerRead, encodeReadRequest(commands::readRequest(r.plan, m_sequence, r.offset)));
    armReplyTimer(m_ctx.config->tcpRequestTimeoutMs);
}

void TcpCommandRunner::sendWrite(const storage::CommandRow &row, const QJsonObject &payload)
{
    m_cmd = Cmd::ServerWrite;
    m_sequence = m_nextSequence++;
    const commands::WriteBuild w = commands::buildWrite(payload, m_sequence, nowMs());
    if (!w.error.isEmpty()) {
        finish(CommandState::Failed, w.error);
        return;
    }
    qCInfo(lcNet) << "TCP: sending command" << row.id << row.kind << "to" << m_sn << "try" << row.tries;
    m_send(Cmd::ServerWrite, w.body);
    if (w.request.reboot) {
        // A rebooting terminal does not answer; re-sending would reboot it again.
        finish(CommandState::Done, QStringLiteral("reboot sent (no answer expected)"));
        return;
    }
    armReplyTimer(m_ctx.config->tcpRequestTimeoutMs);
}

TcpCommandRunner::Answer TcpCommandRunner::onReadResponse(QByteArrayView body)
{
    std::optional<TcpReadResponse> resp = parseReadResponse(body);
    if (!resp)
        return Answer::Malformed;
    if (!m_reading || m_cmd != Cmd::ServerRead || resp->sequence != m_sequence) {
        qCInfo(lcNet) << "TCP: ReadResponse" << resp->sequence << "from" << m_sn << "matches no request; ignored";
        return Answer::Unmatched;
    }
    stopReplyTimer();
    if (!resp->ok) {
        finish(CommandState::Failed, resp->error.isEmpty() ? QStringLiteral("terminal refused") : resp->error);
        return Answer::Taken;
    }
    Reading &r = *m_reading;
    storage::ReportJob job;
    job.punches.terminalId = m_terminalId;
    job.punches.sn = m_sn;
    job.punches.protocol = Protocol::Tcp;
    job.punches.receivedMs = nowMs();
    job.punches.punches = commands::toPunches(resp->punches, m_utcOffsetMin);
    job.status = resp->status;
    job.credentials = commands::credentialsOf(resp->users);
    r.users += resp->users.size();
    r.punches += resp->punches.size();
    r.status = r.status || resp->status.has_value();
    const quint32 returned = static_cast<quint32>(resp->users.size() + resp->punches.size());
    const bool more = resp->more && returned > 0 && r.pages < MAX_READ_PAGES;
    // The last page of a users read that the terminal says is complete: what it was believed to
    // hold and did not list is gone (deleted at the terminal). A capped or broken read forgets nothing.
    if (!resp->more && r.plan.target == ReadTarget::Users)
        job.forgetUsersSeenBeforeMs = r.firstPageMs;
    const qint64 id = inFlight()->id;
    QPointer<TcpCommandRunner> self(this);
    m_ctx.storage->submit(std::move(job), [self, id, more, returned](const storage::JobResult &w) {
        if (!self || !self->stillInFlight(id))
            return;
        if (!w.ok) {
            self->finish(CommandState::Failed, QStringLiteral("storing the answer failed: ") + w.error);
            return;
        }
        if (more && self->isActive()) {
            self->m_reading->offset += returned;
            self->sendReadPage(); // the terminal is awake: the next page goes right away
            return;
        }
        self->finish(CommandState::Done, {});
    });
    return Answer::Taken;
}

TcpCommandRunner::Answer TcpCommandRunner::onWriteResponse(QByteArrayView body)
{
    std::optional<TcpWriteResponse> resp = parseWriteResponse(body);
    if (!resp)
        return Answer::Malformed;
    if (!inFlight() || m_reading || m_cmd != Cmd::ServerWrite || resp->sequence != m_sequence) {
        qCInfo(lcNet) << "TCP: WriteResponse" << resp->sequence << "from" << m_sn << "matches no request; ignored";
        return Answer::Unmatched;
    }
    stopReplyTimer();
    if (resp->ok)
        finish(CommandState::Done, {});
    else
        finish(CommandState::Failed, resp->error.isEmpty() ? QStringLiteral("terminal refused") : resp->error);
    return Answer::Taken;
}

void TcpCommandRunner::replyTimedOut()
{
    unanswered(QStringLiteral("will retry after a heartbeat"));
}

void TcpCommandRunner::finished(CommandState state)
{
    // The next one goes after the terminal's answer to the previous one; after a timeout it
    // waits for the next heartbeat.
    if (state != CommandState::Queued)
        poke();
}

} // namespace termdesk::tcp
