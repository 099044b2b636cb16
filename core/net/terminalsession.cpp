// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalsession.h"

#include "admission.h"
#include "commandrunner.h"
#include "hardwareidentity.h"
#include "model/terminaltext.h"
#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "terminalleases.h"
#include "terminalregistry.h"
#include "util/clock.h"
#include "util/logging.h"

#include <QPointer>

namespace termdesk::net {

TerminalSession::TerminalSession(Protocol protocol, const SessionContext &context, QString peer, QObject *parent)
    : QObject(parent), m_ctx(context), m_protocol(protocol), m_peer(std::move(peer)),
      m_lastActivity(context.clock->monotonicMs())
{
}

TerminalSession::~TerminalSession() = default;

qint64 TerminalSession::nowMs() const
{
    return m_ctx.clock->wallClockMs();
}

bool TerminalSession::hasCommandInFlight() const
{
    return m_commands && m_commands->hasCommandInFlight();
}

void TerminalSession::touch(bool seen)
{
    m_lastActivity = m_ctx.clock->monotonicMs();
    if (seen) {
        m_lastSeenWall = nowMs();
        m_seenDirty = true;
    }
}

void TerminalSession::flushLastSeen()
{
    if (!m_seenDirty || !m_registered)
        return;
    m_seenDirty = false;
    m_ctx.storage->submit(storage::TerminalSeenJob{m_terminalId, m_lastSeenWall});
}

void TerminalSession::closeSession(const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_closeReason = reason;
    qCInfo(lcNet) << "closing" << protocolName(protocol()) << who() << ":" << reason;
    if (m_commands)
        m_commands->stop(reason); // no answer can come any more: the command in flight goes back
    closeTransport(reason);
}

void TerminalSession::connectionGone()
{
    if (m_gone)
        return;
    m_gone = true;
    m_closing = true;
    if (m_commands)
        m_commands->stop(QStringLiteral("disconnected"));
    const QString why = m_closeReason.isEmpty() ? QStringLiteral("disconnected") : m_closeReason;
    if (m_registered && m_ctx.registry->release(m_sn, this, why))
        m_ctx.storage->submit(storage::TerminalSeenJob{m_terminalId, nowMs()});
    releaseLease();
    m_registered = false;
    Q_EMIT closed(this);
    deleteLater();
}

void TerminalSession::dropRegistration(const QString &why)
{
    if (m_commands)
        m_commands->stop(why);
    m_ctx.registry->release(m_sn, this, why);
    releaseLease();
    m_registered = false;
}

void TerminalSession::releaseLease()
{
    if (m_leaseEpoch > 0 && m_ctx.leases)
        m_ctx.leases->release(m_sn, m_leaseEpoch);
    m_leaseEpoch = 0;
}

void TerminalSession::registerTerminal(storage::RegisterJob job)
{
    // The input rules (model/terminaltext.h): a serial that breaks them is refused before it
    // reaches storage, the console or a log line, and the terminal is told why.
    const QStringView what = protocol() == Protocol::Tcp ? QStringView(u"terminal code") : QStringView(u"sn");
    if (const std::optional<QString> why = terminaltext::serialRefusal(job.sn, what)) {
        qCInfo(lcNet) << protocolName(protocol()) << "registration from" << m_peer << "refused:" << *why << "-"
                      << terminaltext::logPreview(job.sn);
        refused(QString(), *why);
        return;
    }
    if (m_registered && job.sn != m_sn) {
        qCWarning(lcNet) << protocolName(protocol()) << "connection of" << m_sn << "registers again as" << job.sn;
        dropRegistration(QStringLiteral("registered again as %1").arg(job.sn));
    }
    job.protocol = protocol();
    job.peer = m_peer;
    job.identity = hardwareIdentity(protocol(), job.info, m_peer);
    job.arrivalMs = nowMs();
    job.policy = m_ctx.config->admission;
    ++m_registrationsInFlight;
    QPointer<TerminalSession> self(this);
    const QString sn = job.sn;
    const QString identity = job.identity;
    m_ctx.storage->submit(std::move(job), [self, sn, identity](const storage::RegisterResult &r) {
        if (self)
            self->onRegistered(sn, identity, r);
    });
}

void TerminalSession::onRegistered(const QString &sn, const QString &identity, const storage::RegisterResult &r)
{
    if (m_closing) {
        --m_registrationsInFlight;
        return;
    }
    const storage::RegisterResult &o = r;
    const AdmissionVerdict verdict = r.ok ? decideAdmission(o, *m_ctx.config)
                                          : AdmissionVerdict{false, QStringLiteral("server storage error, retry")};
    if (!r.ok)
        qCWarning(lcNet) << protocolName(protocol()) << "registration of" << sn << "not stored:" << r.error;
    if (!verdict.accepted && r.ok && r.identityMismatch) {
        // The real terminal's connection (if any) stays in the registry, untouched.
        const QString details = QStringLiteral("possible impostor or replaced hardware: %1 registered from %2 with %3;"
                                               " recorded: %4")
                                    .arg(sn, m_peer, identity, r.recordedIdentity);
        qCWarning(lcNet).noquote() << protocolName(protocol()) << details
                                   << (r.identityBlocked ? "(hardware blocked by the operator)" : "");
        if (!r.identityBlocked)
            Q_EMIT m_ctx.registry->identityAlert(sn, details);
    }
    if (!verdict.accepted) {
        qCInfo(lcNet) << protocolName(protocol()) << "terminal" << sn << "from" << m_peer
                      << "refused:" << verdict.reason;
        if (r.ok && o.stored)
            m_ctx.storage->submit(storage::TerminalRefusalJob{o.terminalId, verdict.reason});
        refused(sn, verdict.reason);
    } else {
        // A repeated registration on the same connection (some firmware uses reg as a heartbeat).
        const bool again = m_registered && m_sn == sn;
        if (m_ctx.leases && !(again && m_leaseEpoch > 0)) {
            // Several servers on one database: this server owns the terminal from now on (the
            // last connect wins), and serves it once the lease is recorded.
            QPointer<TerminalSession> self(this);
            m_ctx.leases->claim(this, sn, [self, sn, r](qint64 epoch) {
                if (!self)
                    return;
                --self->m_registrationsInFlight;
                if (self->m_closing) {
                    if (epoch > 0)
                        self->m_ctx.leases->release(sn, epoch);
                    return;
                }
                if (epoch <= 0)
                    self->refused(sn, QStringLiteral("server storage error, retry"));
                else
                    self->accept(sn, r, epoch);
                self->settleRegistration();
            });
            return; // still in flight until the lease is recorded
        }
        accept(sn, o, m_leaseEpoch);
    }
    --m_registrationsInFlight;
    settleRegistration();
}

void TerminalSession::settleRegistration()
{
    if (m_registrationsInFlight == 0 && !m_closing)
        registrationSettled();
}

void TerminalSession::accept(const QString &sn, const storage::RegisterResult &o, qint64 epoch)
{
    // A repeated registration on the same connection (some firmware uses reg as a heartbeat).
    const bool again = m_registered && m_sn == sn;
    if (epoch != m_leaseEpoch && m_leaseEpoch > 0 && m_ctx.leases)
        m_ctx.leases->release(m_sn, m_leaseEpoch);
    m_leaseEpoch = epoch;
    if (m_commands && m_ctx.leases)
        m_commands->setLease(m_ctx.leases->serverId(), epoch);
    m_sn = sn;
    m_terminalId = o.terminalId;
    m_utcOffsetMin = o.utcOffsetMin;
    m_registered = true;
    if (TerminalSession *old = m_ctx.registry->claim(sn, this))
        old->closeSession(QStringLiteral("replaced by a new connection from %1").arg(m_peer));
    qCInfo(lcNet) << protocolName(protocol()) << "terminal" << sn << "registered from" << m_peer
                  << (o.isNew ? "(new)" : "") << "drift"
                  << (o.driftSeconds ? QString::number(*o.driftSeconds) + QStringLiteral(" s")
                                     : QStringLiteral("unknown"))
                  << (epoch > 0 ? QStringLiteral("lease epoch %1").arg(epoch) : QString());
    admitted(o, again);
}

} // namespace termdesk::net
