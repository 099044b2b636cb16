// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/operatorwrites.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace termdesk::ui {

/// @brief The operator writes a view is waiting for, and what it does when each is finished: the writes
/// run off the GUI thread and OperatorWrites::finished() reports every one of them, to every view; each
/// view picks its own by ticket.
///
///     m_tickets.expect(m_writes->rename(sn, name), [this](const query::WriteOutcome &o) { ... });
class WriteTickets
{
public:
    using Done = std::function<void(const query::WriteOutcome &outcome)>;

    /// Listens to @p writes for as long as @p owner lives (make this a member of @p owner).
    WriteTickets(query::OperatorWrites *writes, QObject *owner)
    {
        QObject::connect(writes, &query::OperatorWrites::finished, owner,
                         [this](const query::WriteOutcome &outcome) { finish(outcome); });
    }
    Q_DISABLE_COPY_MOVE(WriteTickets)

    void expect(quint64 ticket, Done done) { m_open.insert(ticket, std::move(done)); }
    bool isWaiting() const { return !m_open.isEmpty(); }

private:
    void finish(const query::WriteOutcome &outcome)
    {
        const auto it = m_open.find(outcome.ticket);
        if (it == m_open.end())
            return; // another view's
        const Done done = std::move(*it);
        m_open.erase(it);
        done(outcome);
    }

    QHash<quint64, Done> m_open;
};

} // namespace termdesk::ui
