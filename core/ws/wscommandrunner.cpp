// SPDX-License-Identifier: GPL-3.0-or-later
#include "wscommandrunner.h"

#include "model/credentialkind.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "util/logging.h"
#include "ws/wscommandcodec.h"
#include "ws/wsmessages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace termdesk::ws {
namespace {

constexpr int CLAIM_RETRY_MS = 1000;

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

WsCommandRunner::WsCommandRunner(const net::SessionContext &context, Sender send, QObject *parent)
    : net::CommandRunner(context, parent), m_send(std::move(send)), m_resume(context.clock), m_claimRetry(context.clock)
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(m_ctx.config->wsCommandTimeoutMs);
    connect(&m_resume, &ClockTimer::timeout, this, &WsCommandRunner::poke);
    m_claimRetry.setSingleShot(true);
    m_claimRetry.setInterval(CLAIM_RETRY_MS);
    connect(&m_claimRetry, &ClockTimer::timeout, this, &WsCommandRunner::poke);
}

WsCommandRunner::~WsCommandRunner() = default;

QString WsCommandRunner::cloudTime() const
{
    return devicetime::formatLocal(devicetime::nowLocalEpoch(nowMs(), m_utcOffsetMin));
}

void WsCommandRunner::start(const QString &sn, qint64 terminalId, std::optional<int> utcOffsetMin,
                            std::optional<qint64> driftSeconds, bool firstReg)
{
    activate(sn, terminalId, utcOffsetMin);
    if (!firstReg)
        return; // a repeated reg (a heartbeat on some firmware) changes nothing: no DB job for it
    m_resume.stop();
    queueAutomaticCommands(driftSeconds);
    poke();
}

void WsCommandRunner::queueAutomaticCommands(std::optional<qint64> driftSeconds)
{
    const EngineConfig &cfg = *m_ctx.config;
    storage::EnqueueCommandsJob job;
    job.sn = m_sn;
    job.protocol = QStringLiteral("ws");
    job.nowMs = nowMs();
    using Unless = storage::NewCommand::Unless;
    if (cfg.pullNewLogsOnReg)
        job.commands.append({commands::kindFor(QStringLiteral("getnewlog")),
                             QStringLiteral(R"({"cmd":"getnewlog","stn":true})"), QStringLiteral("auto"),
                             Unless::SameKind});
    if (cfg.clockAutoSync && driftSeconds && qAbs(*driftSeconds) > cfg.clockSyncThresholdSec) {
        qCInfo(lcWs) << m_sn << "clock is off by" << *driftSeconds << "s: queueing a settime";
        job.commands.append({commands::kindFor(QStringLiteral("settime")),
                             QStringLiteral(R"({"cmd":"settime","cloudtime":"now"})"), QStringLiteral("auto"),
                             Unless::SameKind});
    }
    if (job.commands.isEmpty())
        return;
    const QString sn = m_sn;
    m_ctx.storage->submit(std::move(job), [sn](const storage::JobResult &r) {
        if (!r.ok)
            qCWarning(lcWs) << "automatic commands for" << sn << "not queued:" << r.error;
    });
}

void WsCommandRunner::poke()
{
    if (!isActive() || hasCommandInFlight() || m_resume.isActive())
        return;
    if (isClaiming()) {
        m_pokeAgain = true; // the claim in progress may have read the queue before the new row
        return;
    }
    m_pokeAgain = false;
    // 0: the terminal has one session and it is idle when it claims, so a row still "sent" for
    // it was left by a connection or a server that is gone: retry (or fail) it now.
    claim(0);
}

void WsCommandRunner::claimedNothing(bool failed)
{
    if (failed) {
        if (isActive())
            m_claimRetry.start();
    } else if (m_pokeAgain) {
        poke();
    }
}

QString WsCommandRunner::describe(const storage::CommandRow &row) const
{
    return m_inFlight ? m_inFlight->name : row.kind;
}

void WsCommandRunner::sendCommand(const storage::CommandRow &row)
{
    commands::Request req = commands::buildRequest(row.kind, row.payload, cloudTime());
    InFlight f;
    f.name = req.name;
    f.request = req.message;
    f.options = req.options;
    f.sentMs = nowMs();
    m_inFlight = std::move(f);
    if (!req.error.isEmpty()) {
        finish(CommandState::Failed, req.error);
        return;
    }
    qCInfo(lcWs) << "sending command" << row.id << req.name << "to" << m_sn << "try" << row.tries;
    m_send(req.message);
    if (req.name == QLatin1String("reboot")) {
        // A rebooting terminal does not answer and drops the socket; re-sending would reboot it
        // again. The next command waits for the new connection (or m_resume).
        finish(CommandState::Done, QStringLiteral("reboot sent (no answer expected)"));
        m_resume.start();
        return;
    }
    armTimer();
}

void WsCommandRunner::armTimer()
{
    m_inFlight->awaiting = true;
    const bool long_ = m_inFlight->name == QLatin1String("adduser");
    armReplyTimer(long_ ? m_ctx.config->wsAddUserTimeoutMs : m_ctx.config->wsCommandTimeoutMs);
}

void WsCommandRunner::sendNextPage()
{
    m_send(QJsonObject{{QStringLiteral("cmd"), m_inFlight->name}, {QStringLiteral("stn"), false}});
    armTimer();
}

bool WsCommandRunner::handleReply(const QString &name, const QJsonObject &reply)
{
    if (!m_inFlight || !m_inFlight->awaiting) {
        qCInfo(lcWs) << "reply" << name << "from" << m_sn << "while no command awaits an answer - ignored";
        return false;
    }
    if (!commands::answers(reply, m_inFlight->name)) {
        qCInfo(lcWs) << "reply" << name << "from" << m_sn << "does not answer command" << inFlight()->id
                     << m_inFlight->name << "- ignored";
        return false;
    }
    stopReplyTimer();
    m_inFlight->awaiting = false;
    onAnswer(reply);
    return true;
}

void WsCommandRunner::onAnswer(const QJsonObject &reply)
{
    InFlight &f = *m_inFlight;
    const bool paged = commands::isPaged(f.name);
    if (const std::optional<QString> refused = commands::refusal(reply)) {
        if (paged && f.pages > 0) { // the end of the list on some firmware
            endPaging(QStringLiteral("result false"));
            return;
        }
        finish(CommandState::Failed, *refused, commands::answerSummary(reply));
        return;
    }
    if (paged) {
        onPage(reply);
        return;
    }
    if (f.name == QLatin1String("getuserinfo")) {
        onUserInfo(reply);
    } else if (f.name == QLatin1String("gettime")) {
        onTime(reply);
    } else if (f.name == QLatin1String("settime")) {
        const QString sent = f.request.value(QLatin1String("cloudtime")).toString();
        storage::TerminalStateJob job{m_terminalId, std::nullopt, sent, qint64(0)}; // the clock is now ours
        storeThen(std::move(job), [this, sent] {
            finish(CommandState::Done, {}, QJsonObject{{QStringLiteral("cloudtime"), sent}});
        });
    } else if (f.name == QLatin1String("getdevcap") || f.name == QLatin1String("getdevinfo")) {
        const QJsonObject summary = commands::answerSummary(reply);
        if (std::optional<TerminalInfo> caps = commands::capacities(reply)) {
            storeThen(storage::TerminalStateJob{m_terminalId, std::move(caps), {}, std::nullopt},
                      [this, summary] { finish(CommandState::Done, {}, summary); });
        } else {
            finish(CommandState::Done, {}, summary);
        }
    } else {
        finish(CommandState::Done, {}, commands::answerSummary(reply));
    }
}

void WsCommandRunner::onPage(const QJsonObject &reply)
{
    InFlight &f = *m_inFlight;
    ++f.pages;
    const bool empty = commands::isEmptyPage(reply);
    const bool cap = f.pages >= m_ctx.config->wsMaxPages;
    auto next = [this, empty, cap] {
        if (empty)
            endPaging(QStringLiteral("empty page"));
        else if (cap)
            endPaging(QStringLiteral("page cap"));
        else
            sendNextPage();
    };
    const QJsonValue records = reply.value(QLatin1String("record"));
    if (f.name == QLatin1String("getuserlist")) {
        QList<CredentialRecord> listed = commands::listedCredentials(reply);
        if (listed.isEmpty()) {
            next();
            return;
        }
        f.records += listed.size();
        const bool fetch = f.options.value(QLatin1String("_then")).toString() == QLatin1String("getuserinfo");
        for (const CredentialRecord &c : std::as_const(listed)) {
            f.users.insert(c.enrollId);
            if (fetch && c.backupNum >= 0)
                f.credentials.append({c.enrollId, c.backupNum});
        }
        storeThen(storage::TerminalUsersJob{m_terminalId, std::move(listed), nowMs(), std::nullopt}, next);
        return;
    }
    // getnewlog / getalllog: the records decode exactly like a sendlog's.
    DecodedMessage decoded = decodeMessage(
        QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")}, {QStringLiteral("record"), records}},
        m_ctx.config->storePhotos);
    if (decoded.punches.isEmpty() && decoded.quarantined.isEmpty()) {
        next();
        return;
    }
    f.records += decoded.punches.size() + decoded.quarantined.size();
    storage::PunchBatchJob job;
    job.terminalId = m_terminalId;
    job.sn = m_sn;
    job.protocol = Protocol::WebSocket;
    job.utcOffsetMin = m_utcOffsetMin;
    job.punches = std::move(decoded.punches);
    job.quarantined = std::move(decoded.quarantined);
    job.receivedMs = nowMs();
    const qint64 id = inFlight()->id;
    QPointer<WsCommandRunner> self(this);
    m_ctx.storage->submit(std::move(job), [self, id, next](const storage::PunchBatchResult &r) {
        if (!self || !self->stillInFlight(id))
            return;
        if (!r.ok) {
            self->finish(CommandState::Failed, QStringLiteral("storing the answer failed: ") + r.error,
                         self->pagingSummary(QStringLiteral("storage error")));
            return;
        }
        self->m_inFlight->stored += r.inserted;
        next();
    });
}

QJsonObject WsCommandRunner::pagingSummary(const QString &end) const
{
    const InFlight &f = *m_inFlight;
    QJsonObject s{
        {QStringLiteral("pages"), f.pages}, {QStringLiteral("records"), f.records}, {QStringLiteral("end"), end}};
    if (f.name == QLatin1String("getuserlist"))
        s.insert(QStringLiteral("users"), static_cast<qint64>(f.users.size()));
    else
        s.insert(QStringLiteral("new"), f.stored);
    if (!f.credentials.isEmpty())
        s.insert(QStringLiteral("followups"), static_cast<qint64>(f.credentials.size()));
    return s;
}

void WsCommandRunner::endPaging(const QString &end)
{
    InFlight &f = *m_inFlight;
    qCInfo(lcWs) << "command" << inFlight()->id << f.name << "for" << m_sn << "paged to its end (" << end
                 << "):" << f.pages << "pages," << f.records << "records";
    if (f.name == QLatin1String("getuserlist") && end == QLatin1String("empty page")) {
        // The whole list came: what this terminal was believed to hold and did not list is gone
        // (deleted at the terminal by hand, by another server). A capped or broken listing forgets nothing.
        storage::TerminalUsersJob prune{m_terminalId, {}, nowMs(), f.sentMs};
        const QString sn = m_sn;
        m_ctx.storage->submit(std::move(prune), [sn](const storage::JobResult &r) {
            if (!r.ok)
                qCWarning(lcWs) << "users no longer on" << sn << "not forgotten:" << r.error;
        });
    }
    if (!f.credentials.isEmpty()) {
        // pull-users: one getuserinfo per credential found, queued before this row is finished
        // so the next claim sees them.
        storage::EnqueueCommandsJob job;
        job.sn = m_sn;
        job.protocol = QStringLiteral("ws");
        job.nowMs = nowMs();
        for (const auto &[enrollId, backupNum] : std::as_const(f.credentials)) {
            const QJsonObject payload{{QStringLiteral("cmd"), QStringLiteral("getuserinfo")},
                                      {QStringLiteral("enrollid"), enrollId},
                                      {QStringLiteral("backupnum"), backupNum}};
            job.commands.append({commands::kindFor(QStringLiteral("getuserinfo")), compact(payload),
                                 QStringLiteral("pull-users"), storage::NewCommand::Unless::SamePayload});
        }
        const QString sn = m_sn;
        m_ctx.storage->submit(std::move(job), [sn](const storage::JobResult &r) {
            if (!r.ok)
                qCWarning(lcWs) << "getuserinfo follow-ups for" << sn << "not queued:" << r.error;
        });
    }
    finish(CommandState::Done, {}, pagingSummary(end));
}

void WsCommandRunner::onUserInfo(const QJsonObject &reply)
{
    std::optional<CredentialRecord> c = commands::userInfo(reply, m_inFlight->request);
    if (!c) {
        finish(CommandState::Failed, QStringLiteral("no enroll id in the answer"), {});
        return;
    }
    // The summary names what was stored, never the data itself.
    QJsonObject summary{{QStringLiteral("enrollid"), c->enrollId}};
    if (c->backupNum >= 0) {
        summary.insert(QStringLiteral("backupnum"), c->backupNum);
        summary.insert(QStringLiteral("kind"), QString(name(credentialKind(c->backupNum))));
        summary.insert(QStringLiteral("bytes"), c->data.size());
    }
    storeThen(storage::CredentialJob{m_terminalId, std::move(*c), nowMs()},
              [this, summary] { finish(CommandState::Done, {}, summary); });
}

void WsCommandRunner::onTime(const QJsonObject &reply)
{
    const QString time = reply.value(QLatin1String("time")).toString().trimmed();
    const std::optional<qint64> device = devicetime::parseLocal(time);
    if (!device) {
        finish(CommandState::Failed, QStringLiteral("no readable time in the answer"), commands::answerSummary(reply));
        return;
    }
    const qint64 drift = *device - devicetime::nowLocalEpoch(nowMs(), m_utcOffsetMin);
    const QString normalised = devicetime::formatLocal(*device);
    storeThen(storage::TerminalStateJob{m_terminalId, std::nullopt, normalised, drift}, [this, normalised, drift] {
        finish(CommandState::Done, {},
               QJsonObject{{QStringLiteral("time"), normalised}, {QStringLiteral("drift_s"), drift}});
    });
}

template <typename Job> void WsCommandRunner::storeThen(Job job, std::function<void()> next)
{
    const qint64 id = inFlight()->id;
    QPointer<WsCommandRunner> self(this);
    m_ctx.storage->submit(std::move(job), [self, id, next = std::move(next)](const storage::JobResult &r) {
        if (!self || !self->stillInFlight(id))
            return;
        if (!r.ok) {
            self->finish(CommandState::Failed, QStringLiteral("storing the answer failed: ") + r.error);
            return;
        }
        next();
    });
}

void WsCommandRunner::replyTimedOut()
{
    if (!m_inFlight || !m_inFlight->awaiting)
        return;
    m_inFlight->awaiting = false;
    if (commands::isPaged(m_inFlight->name) && m_inFlight->pages > 0) {
        // A silent terminal after at least one page: the end of the list on some firmware.
        endPaging(QStringLiteral("page timeout"));
        return;
    }
    unanswered(QStringLiteral("will retry"));
}

void WsCommandRunner::finished(CommandState)
{
    // The next one goes once this one is recorded (a requeued one is claimed again right away:
    // that is its retry).
    poke();
}

} // namespace termdesk::ws
