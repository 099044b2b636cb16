// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitereads.h"

#include "backgroundreader.h"
#include "dashboardquery.h"
#include "storage/database.h"

#include <QAtomicInteger>
#include <QSqlQuery>

namespace termdesk::query {
namespace {

storage::OpenOptions guiReadOptions()
{
    storage::OpenOptions options;
    options.readOnly = true;
    // The GUI thread must never stall behind a writer for long: a short busy timeout, the views
    // simply try again at their next refresh.
    options.busyTimeoutMs = 2'000;
    return options;
}

QString connectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("termdesk-console-reads-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

} // namespace

SqliteReads::SqliteReads() : m_connection(connectionName()) {}

SqliteReads::~SqliteReads()
{
    close();
}

bool SqliteReads::open(const QString &file, QString *error)
{
    close();
    if (!storage::Database::open(file, m_connection, guiReadOptions(), error))
        return false;
    m_file = file;
    m_terminalReader = std::make_unique<BackgroundReader>(file);
    m_countReader = std::make_unique<BackgroundReader>(file);
    m_open = true;
    return true;
}

void SqliteReads::close()
{
    m_terminalReader.reset();
    m_countReader.reset();
    if (m_open)
        storage::Database::close(m_connection);
    m_open = false;
}

QSqlDatabase SqliteReads::guiDb()
{
    // A lost PostgreSQL connection: this read fails if it cannot be opened again; the next tries anew.
    if (m_open)
        storage::Database::reopenIfLost(m_file, m_connection, guiReadOptions(), nullptr);
    return storage::Database::get(m_connection);
}

QList<TerminalRecord> SqliteReads::terminals(QString *error)
{
    return TerminalQuery::list(guiDb(), error);
}

void SqliteReads::readTerminals(QObject *context, TerminalsDone done)
{
    if (!m_terminalReader) {
        done({}, QStringLiteral("the database is not open"));
        return;
    }
    m_terminalReader->run<QList<TerminalRecord>>(
        [](const QSqlDatabase &db, QString *error) { return TerminalQuery::list(db, error); }, context,
        std::move(done));
}

QByteArray SqliteReads::devinfoJson(const QString &sn)
{
    return TerminalQuery::devinfoJson(guiDb(), sn, nullptr);
}

QList<storage::TerminalRow> SqliteReads::terminalRows(QString *error)
{
    return storage::TerminalStore::list(guiDb(), error);
}

QList<storage::CommandInfo> SqliteReads::commands(const QString &sn, const QString &state, int limit, QString *error)
{
    return storage::CommandStore::list(guiDb(), sn, state, limit, error);
}

QList<UserRecord> SqliteReads::roster(QString *error)
{
    return UserQuery::roster(guiDb(), error);
}

QHash<qint64, QString> SqliteReads::userNames(QString *error)
{
    return UserQuery::names(guiDb(), error);
}

UserStamp SqliteReads::userStamp()
{
    return UserQuery::stamp(guiDb(), nullptr);
}

qint64 SqliteReads::deadWebhooks()
{
    QSqlQuery q(guiDb());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM webhook_endpoints WHERE state = 'dead'")) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

QList<PushGroup> SqliteReads::pushGroups(int limit, QString *error)
{
    return PushProgress::recent(guiDb(), limit, error);
}

RosterComparison SqliteReads::compare(const QString &sn)
{
    return RosterCompare::compare(guiDb(), sn);
}

PunchPage SqliteReads::punchPage(const PunchFilter &filter, qint64 beforeId, int limit, qint64 scanWindow,
                                 QString *error)
{
    return PunchQuery::page(guiDb(), filter, beforeId, limit, scanWindow, error);
}

void SqliteReads::readPunchCounts(const QDate &day, const QDate &firstDay, int days, QObject *context, CountsDone done)
{
    if (!m_countReader) {
        done({}, QStringLiteral("the database is not open"));
        return;
    }
    m_countReader->run<PunchCounts>(
        [day, firstDay, days](const QSqlDatabase &db, QString *error) {
            return PunchCounts{DashboardQuery::punchesPerHour(db, day, error),
                               DashboardQuery::punchesPerDay(db, firstDay, days, error)};
        },
        context, std::move(done));
}

} // namespace termdesk::query
