// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchreads.h"
#include "rosterreads.h"
#include "terminalreads.h"

#include <QSqlDatabase>

#include <memory>

namespace termdesk::query {

class BackgroundReader;

/// @brief The console's reads on the real database: a read-only connection in the thread that opens it
/// (the GUI thread, for the small reads) and two reader threads for the reads that grow with the fleet
/// and the week (the terminals list, the dashboard's counts), each with its own connection so one
/// never waits behind the other.
class SqliteReads final : public TerminalReads, public RosterReads, public PunchReads
{
public:
    SqliteReads();
    ~SqliteReads() override;
    Q_DISABLE_COPY_MOVE(SqliteReads)

    /// Opens @p file (which the engine created and migrated) read-only.
    bool open(const QString &file, QString *error);
    void close();
    bool isOpen() const { return m_open; }

    QList<TerminalRecord> terminals(QString *error) override;
    void readTerminals(QObject *context, TerminalsDone done) override;
    QByteArray devinfoJson(const QString &sn) override;
    QList<storage::TerminalRow> terminalRows(QString *error) override;
    QList<storage::CommandInfo> commands(const QString &sn, const QString &state, int limit, QString *error) override;

    QList<UserRecord> roster(QString *error) override;
    QHash<qint64, QString> userNames(QString *error) override;
    UserStamp userStamp() override;
    /// Webhook endpoints whose retries ran out (docs/integration.md, "Webhooks"): the console's
    /// banner; 0 on a read error.
    qint64 deadWebhooks();
    QList<PushGroup> pushGroups(int limit, QString *error) override;
    RosterComparison compare(const QString &sn) override;

    PunchPage punchPage(const PunchFilter &filter, qint64 beforeId, int limit, qint64 scanWindow,
                        QString *error) override;
    void readPunchCounts(const QDate &day, const QDate &firstDay, int days, QObject *context, CountsDone done) override;

private:
    /// The GUI thread's connection, opened again first when PostgreSQL's was lost.
    QSqlDatabase guiDb();

    QString m_file;
    QString m_connection;
    bool m_open = false;
    std::unique_ptr<BackgroundReader> m_terminalReader;
    std::unique_ptr<BackgroundReader> m_countReader;
};

} // namespace termdesk::query
