// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "operatorwrites.h"

#include <functional>

class QSqlDatabase;
class QThread;

namespace termdesk::query {

class BackgroundReader;

/// @brief The console's OperatorWrites on the real database: every write runs, in the order asked, on a
/// thread of its own with its own read-write connection (a BackgroundReader opened for writing), so the
/// GUI thread never waits for SQLite's write lock (the engine's writer, the command line and other
/// consoles hold it too). Results come back to the creating thread as finished() / commandsQueued().
class OperatorWriter final : public OperatorWrites
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorWriter)
public:
    /// @p synchronous: the engine's setting (FULL or NORMAL) for this connection too.
    OperatorWriter(const QString &databaseFile, const QString &synchronous, QObject *parent = nullptr);
    ~OperatorWriter() override; ///< waits for a write in progress

    /// The thread the writes run in.
    const QThread *writerThread() const;

    quint64 queueAction(const QStringList &serials, const service::TerminalAction &action,
                        const service::ActionOptions &options) override;
    quint64 setAdmission(const QStringList &serials, Admission admission) override;
    quint64 rename(const QString &sn, const QString &name) override;
    quint64 resolveHardware(const QStringList &serials, bool accept) override;
    quint64 setAllowedNetworks(const QString &sn, const QString &networks) override;
    quint64 cancelCommands(const QList<ChosenCommand> &commands) override;
    quint64 requeueCommands(const QList<ChosenCommand> &commands) override;
    quint64 pushUsers(const QString &sn, const QList<qint64> &enrollIds) override;
    quint64 copyUsers(const QString &from, const QString &to, const QList<qint64> &enrollIds) override;
    quint64 setUsersEnabled(const QList<qint64> &enrollIds, bool enabled) override;
    quint64 removeUsers(const QList<qint64> &enrollIds) override;
    quint64 retryFailed(const QString &origin) override;

private:
    using Write = std::function<WriteOutcome(const QSqlDatabase &db)>;
    quint64 post(Write write);

    BackgroundReader *m_thread;
    quint64 m_lastTicket = 0;
};

} // namespace termdesk::query
