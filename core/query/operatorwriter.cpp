// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorwriter.h"

#include "backgroundreader.h"
#include "storage/auditlog.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "storage/terminalstore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace termdesk::query {
namespace {

const QString VIA = QStringLiteral("console");
constexpr int IDS_PER_QUERY = 500;

/// The terminals the commands @p ids are for (the roster operations say which commands they queued,
/// not for whom).
QStringList serialsOf(const QSqlDatabase &db, const QList<qint64> &ids)
{
    QStringList serials;
    for (qsizetype first = 0; first < ids.size(); first += IDS_PER_QUERY) {
        QStringList numbers;
        for (const qint64 id : ids.mid(first, IDS_PER_QUERY))
            numbers.append(QString::number(id));
        QSqlQuery q(db);
        if (!q.exec(
                QStringLiteral("SELECT DISTINCT terminal_sn FROM commands WHERE id IN (%1)").arg(numbers.join(u','))))
            continue; // the engine's poll still finds them
        while (q.next()) {
            const QString sn = q.value(0).toString();
            if (!serials.contains(sn))
                serials.append(sn);
        }
    }
    return serials;
}

WriteOutcome rosterOutcome(const QSqlDatabase &db, service::RosterOpResult result)
{
    WriteOutcome o;
    if (result.ok)
        o.queuedFor = serialsOf(db, result.commandIds);
    o.roster = std::move(result);
    return o;
}

} // namespace

OperatorWriter::OperatorWriter(const QString &databaseFile, const QString &synchronous, QObject *parent)
    : OperatorWrites(parent)
{
    qRegisterMetaType<termdesk::query::WriteOutcome>();
    storage::OpenOptions options;
    options.synchronous = synchronous;
    // Beside the engine's writer and other processes: a write waits this long for SQLite's lock,
    // off the GUI thread, then reports "database is locked".
    options.busyTimeoutMs = 10'000;
    m_thread = new BackgroundReader(databaseFile, options, QStringLiteral("termdesk-operator"), this);
}

OperatorWriter::~OperatorWriter() = default;

const QThread *OperatorWriter::writerThread() const
{
    return m_thread->readerThread();
}

quint64 OperatorWriter::post(Write write)
{
    const quint64 ticket = ++m_lastTicket;
    m_thread->run<WriteOutcome>(
        [write = std::move(write)](const QSqlDatabase &db, QString *) { return write(db); }, this,
        [this, ticket](WriteOutcome outcome, const QString &openError) {
            outcome.ticket = ticket;
            if (!openError.isEmpty()) { // the connection could not be opened: nothing was written
                outcome = WriteOutcome{};
                outcome.ticket = ticket;
                outcome.error = openError;
            }
            Q_EMIT finished(outcome);
            if (!outcome.queuedFor.isEmpty())
                Q_EMIT commandsQueued(outcome.queuedFor);
        });
    return ticket;
}

quint64 OperatorWriter::queueAction(const QStringList &serials, const service::TerminalAction &action,
                                    const service::ActionOptions &options)
{
    // The action is an entry of TerminalActions::all(), a static table: the pointer stays valid.
    return post([serials, a = &action, options](const QSqlDatabase &db) {
        WriteOutcome o;
        for (const QString &sn : serials) {
            WriteItem item{sn, 0, 0, {}};
            item.newId = service::TerminalActions::queue(db, sn, *a, options, VIA, &item.error);
            if (item.newId > 0)
                o.queuedFor.append(sn);
            else if (item.error.isEmpty())
                item.error = QStringLiteral("not queued");
            o.items.append(item);
        }
        return o;
    });
}

quint64 OperatorWriter::setAdmission(const QStringList &serials, Admission admission)
{
    return post([serials, admission](const QSqlDatabase &db) {
        WriteOutcome o;
        for (const QString &sn : serials) {
            WriteItem item{sn, 0, 0, {}};
            if (!storage::TerminalStore::setAdmission(db, sn, admission, &item.error) && item.error.isEmpty())
                item.error = QStringLiteral("not changed");
            o.items.append(item);
        }
        return o;
    });
}

quint64 OperatorWriter::rename(const QString &sn, const QString &name)
{
    return post([sn, name](const QSqlDatabase &db) {
        WriteOutcome o;
        WriteItem item{sn, 0, 0, {}};
        if (!storage::TerminalStore::rename(db, sn, name, &item.error) && item.error.isEmpty())
            item.error = QStringLiteral("not renamed");
        o.items.append(item);
        return o;
    });
}

quint64 OperatorWriter::resolveHardware(const QStringList &serials, bool accept)
{
    return post([serials, accept](const QSqlDatabase &db) {
        WriteOutcome o;
        for (const QString &sn : serials) {
            WriteItem item{sn, 0, 0, {}};
            QString claim;
            const bool ok = accept ? storage::TerminalStore::acceptHardware(db, sn, &claim, &item.error)
                                   : storage::TerminalStore::blockHardware(db, sn, &claim, &item.error);
            if (!ok && item.error.isEmpty())
                item.error = QStringLiteral("not changed");
            storage::AuditLog::record(db, storage::AuditLog::currentActor(VIA),
                                      accept ? QStringLiteral("terminal accept-hardware")
                                             : QStringLiteral("terminal block-hardware"),
                                      sn, claim, item.ok() ? QStringLiteral("ok") : item.error);
            o.items.append(item);
        }
        return o;
    });
}

quint64 OperatorWriter::setAllowedNetworks(const QString &sn, const QString &networks)
{
    return post([sn, networks](const QSqlDatabase &db) {
        WriteOutcome o;
        WriteItem item{sn, 0, 0, {}};
        QString stored;
        if (!storage::TerminalStore::setAllowedNetworks(db, sn, networks, &stored, &item.error) && item.error.isEmpty())
            item.error = QStringLiteral("not changed");
        storage::AuditLog::record(db, storage::AuditLog::currentActor(VIA), QStringLiteral("terminal networks"), sn,
                                  item.ok() ? stored : networks.left(256),
                                  item.ok() ? QStringLiteral("ok") : item.error);
        o.items.append(item);
        return o;
    });
}

quint64 OperatorWriter::cancelCommands(const QList<ChosenCommand> &commands)
{
    return post([commands](const QSqlDatabase &db) {
        WriteOutcome o;
        for (const ChosenCommand &c : commands) {
            WriteItem item{c.command.terminalSn, c.command.id, 0, {}};
            if (!storage::CommandStore::cancel(db, c.command.id, &item.error) && item.error.isEmpty())
                item.error = QStringLiteral("already finished");
            storage::AuditLog::record(db, storage::AuditLog::currentActor(VIA), QStringLiteral("cancel command"),
                                      QString::number(c.command.id), c.description,
                                      item.ok() ? QStringLiteral("ok") : item.error);
            o.items.append(item);
        }
        return o;
    });
}

quint64 OperatorWriter::requeueCommands(const QList<ChosenCommand> &commands)
{
    return post([commands](const QSqlDatabase &db) {
        WriteOutcome o;
        for (const ChosenCommand &chosen : commands) {
            const storage::CommandInfo &c = chosen.command;
            WriteItem item{c.terminalSn, c.id, 0, {}};
            item.newId =
                storage::CommandStore::enqueue(db, c.terminalSn, c.protocol, c.kind, c.payload, VIA, &item.error);
            if (item.newId <= 0 && item.error.isEmpty())
                item.error = QStringLiteral("not queued");
            storage::AuditLog::record(
                db, storage::AuditLog::currentActor(VIA), QStringLiteral("retry command"), QString::number(c.id),
                item.newId > 0 ? QStringLiteral("%1; queued again as %2").arg(chosen.description).arg(item.newId)
                               : chosen.description,
                item.newId > 0 ? QStringLiteral("ok") : item.error);
            if (item.newId > 0 && !o.queuedFor.contains(c.terminalSn))
                o.queuedFor.append(c.terminalSn);
            o.items.append(item);
        }
        return o;
    });
}

quint64 OperatorWriter::pushUsers(const QString &sn, const QList<qint64> &enrollIds)
{
    return post([sn, enrollIds](const QSqlDatabase &db) {
        return rosterOutcome(db, service::RosterOps::push(db, sn, enrollIds, VIA));
    });
}

quint64 OperatorWriter::copyUsers(const QString &from, const QString &to, const QList<qint64> &enrollIds)
{
    return post([from, to, enrollIds](const QSqlDatabase &db) {
        return rosterOutcome(db, service::RosterOps::copy(db, from, to, enrollIds, VIA));
    });
}

quint64 OperatorWriter::setUsersEnabled(const QList<qint64> &enrollIds, bool enabled)
{
    return post([enrollIds, enabled](const QSqlDatabase &db) {
        return rosterOutcome(db, service::RosterOps::setEnabled(db, enrollIds, enabled, VIA));
    });
}

quint64 OperatorWriter::removeUsers(const QList<qint64> &enrollIds)
{
    return post([enrollIds](const QSqlDatabase &db) {
        return rosterOutcome(db, service::RosterOps::remove(db, enrollIds, VIA));
    });
}

quint64 OperatorWriter::retryFailed(const QString &origin)
{
    return post([origin](const QSqlDatabase &db) {
        WriteOutcome o;
        o.retried = storage::CommandStore::retryFailed(db, origin, &o.error);
        storage::AuditLog::record(db, storage::AuditLog::currentActor(VIA), QStringLiteral("retry failed"), origin,
                                  QStringLiteral("%1 commands").arg(o.retried.size()),
                                  o.error.isEmpty() ? QStringLiteral("ok") : o.error);
        o.queuedFor = serialsOf(db, o.retried);
        return o;
    });
}

} // namespace termdesk::query
