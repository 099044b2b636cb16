// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/storedpunch.h"

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QTimer;

namespace termdesk::query {

class BackgroundReader;

/// @brief Follows the punches table by its id cursor, for a console whose store is shared
/// (PostgreSQL): punches stored by any server, this process's or another PC's, come out of
/// punchesArrived() within one poll. Every poll (500 ms by default) reads `WHERE id > cursor` in
/// id order on a thread and a connection of its own (BackgroundReader), and moves the cursor to the
/// last id read; a read that fails (the connection cut) moves nothing, the next one opens the
/// connection again and reads from the same cursor, so nothing stored meanwhile is skipped. Time
/// plays no part: the cursor is the newest id seen. The first poll starts STARTUP_OVERLAP ids below
/// the newest stored and marks its punches `startup`: a view that read its first page a moment
/// before keeps what it has (by id) and gets what came in between.
class PunchFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PunchFollower)
public:
    static constexpr int DEFAULT_INTERVAL_MS = 500;
    /// At most this many punches per poll; a longer backlog comes over the next polls.
    static constexpr int BATCH = 2'000;
    /// How far below the newest id the first poll starts.
    static constexpr qint64 STARTUP_OVERLAP = 200;

    /// Follows the store at @p databaseFile (a PostgreSQL URL, or a SQLite file).
    explicit PunchFollower(const QString &databaseFile, QObject *parent = nullptr);
    ~PunchFollower() override;

    void start(int intervalMs = DEFAULT_INTERVAL_MS);
    void stop();
    /// The newest id read so far (-1 before the first poll answered).
    qint64 cursor() const { return m_cursor; }

    /// The punches with an id above @p cursor, oldest first, at most @p limit, as the live views
    /// show them. Public for the tests.
    static QList<StoredPunch> since(const QSqlDatabase &db, qint64 cursor, int limit, QString *error);
    /// The newest punch id stored (0: none).
    static qint64 newestId(const QSqlDatabase &db, QString *error);

Q_SIGNALS:
    /// New punches, oldest first, each id above every id emitted before. @p startup: the first
    /// poll's, stored before the follower started (not new to a view that already read them).
    void punchesArrived(const QList<termdesk::StoredPunch> &punches, bool startup);
    /// A poll failed (@p error), or polls work again (@p error empty) after one failed.
    void readFailing(const QString &error);

private:
    void poll();

    std::unique_ptr<BackgroundReader> m_reader;
    QTimer *m_timer;
    qint64 m_cursor = -1;
    bool m_reading = false;
    bool m_failing = false;
};

} // namespace termdesk::query
