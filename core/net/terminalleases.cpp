// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalleases.h"

#include "settings/engineconfig.h"
#include "storage/storageclient.h"
#include "terminalsession.h"
#include "util/clock.h"
#include "util/logging.h"

#include <algorithm>

namespace termdesk::net {

TerminalLeases::TerminalLeases(const SessionContext &context, QString serverId, QObject *parent)
    : QObject(parent), m_ctx(context), m_serverId(std::move(serverId)), m_timer(context.clock)
{
    connect(&m_timer, &ClockTimer::timeout, this, &TerminalLeases::renew);
}

TerminalLeases::~TerminalLeases() = default;

void TerminalLeases::start()
{
    m_lastRenewedMs = m_ctx.clock->monotonicMs();
    m_timer.setInterval(std::max(100, m_ctx.config->leaseRenewMs));
    m_timer.start();
}

void TerminalLeases::stop()
{
    m_timer.stop();
}

void TerminalLeases::claim(TerminalSession *session, const QString &sn, std::function<void(qint64)> done)
{
    QPointer<TerminalLeases> self(this);
    QPointer<TerminalSession> who(session);
    m_ctx.storage->submit(storage::ClaimLeaseJob{sn, m_serverId, m_ctx.clock->wallClockMs(), m_ctx.config->leaseTtlMs},
                          [self, who, sn, done = std::move(done)](const storage::ClaimLeaseResult &r) {
                              if (!self)
                                  return;
                              if (!r.ok || r.epoch <= 0) {
                                  qCWarning(lcNet) << "cannot claim the lease of terminal" << sn << ":" << r.error;
                                  done(0);
                                  return;
                              }
                              if (!r.previousOwner.isEmpty() && r.previousOwner != self->m_serverId)
                                  qCInfo(lcNet) << "terminal" << sn << "taken over from server" << r.previousOwner
                                                << "(epoch" << r.epoch << ")";
                              if (r.requeued > 0)
                                  qCInfo(lcNet) << r.requeued << "command(s) of" << sn
                                                << "sent before and unanswered: queued again";
                              if (who)
                                  self->m_held.insert(sn, Held{r.epoch, who});
                              done(r.epoch);
                          });
}

void TerminalLeases::release(const QString &sn, qint64 epoch)
{
    const auto it = m_held.find(sn);
    if (it != m_held.end() && it->epoch == epoch)
        m_held.erase(it);
    m_ctx.storage->submit(storage::ReleaseLeaseJob{sn, m_serverId, epoch});
}

void TerminalLeases::releaseAll()
{
    const QHash<QString, Held> held = std::exchange(m_held, {});
    for (auto it = held.begin(); it != held.end(); ++it)
        m_ctx.storage->submit(storage::ReleaseLeaseJob{it.key(), m_serverId, it->epoch});
}

void TerminalLeases::renew()
{
    if (m_renewing)
        return;
    m_renewing = true;
    QPointer<TerminalLeases> self(this);
    m_ctx.storage->submit(storage::RenewLeasesJob{m_serverId, m_ctx.clock->wallClockMs(), m_ctx.config->leaseTtlMs},
                          [self](const storage::RenewLeasesResult &r) {
                              if (!self)
                                  return;
                              self->m_renewing = false;
                              const qint64 now = self->m_ctx.clock->monotonicMs();
                              if (!r.ok) {
                                  qCWarning(lcNet) << "cannot renew the terminal leases:" << r.error;
                                  if (now - self->m_lastRenewedMs >= self->m_ctx.config->leaseTtlMs)
                                      self->closeAll(QStringLiteral("lease expired: the database is unreachable"));
                                  return;
                              }
                              self->m_lastRenewedMs = now;
                              for (auto it = self->m_held.begin(); it != self->m_held.end();) {
                                  if (r.held.value(it.key()) == it->epoch) {
                                      ++it;
                                      continue;
                                  }
                                  qCInfo(lcNet) << "terminal" << it.key() << "is held by another connection now (epoch"
                                                << r.held.value(it.key()) << "here" << it->epoch << ")";
                                  const QPointer<TerminalSession> session = it->session;
                                  it = self->m_held.erase(it);
                                  if (session)
                                      session->closeSession(QStringLiteral("taken over by another connection"));
                              }
                          });
}

void TerminalLeases::closeAll(const QString &reason)
{
    const QHash<QString, Held> held = std::exchange(m_held, {});
    for (const Held &h : held) {
        if (h.session)
            h.session->closeSession(reason);
    }
}

} // namespace termdesk::net
