// SPDX-License-Identifier: GPL-3.0-or-later
#include "punchfollower.h"

#include "backgroundreader.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <algorithm>

namespace termdesk::query {

namespace {

struct PollResult
{
    qint64 cursor = -1;
    bool startup = false;
    QList<StoredPunch> punches;
};

} // namespace

PunchFollower::PunchFollower(const QString &databaseFile, QObject *parent)
    : QObject(parent), m_reader(std::make_unique<BackgroundReader>(databaseFile)), m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &PunchFollower::poll);
}

PunchFollower::~PunchFollower() = default;

void PunchFollower::start(int intervalMs)
{
    m_timer->start(intervalMs);
    poll();
}

void PunchFollower::stop()
{
    m_timer->stop();
}

void PunchFollower::poll()
{
    if (m_reading)
        return; // one read at a time; the next tick reads what came meanwhile
    m_reading = true;
    const qint64 cursor = m_cursor;
    m_reader->run<PollResult>(
        [cursor](const QSqlDatabase &db, QString *error) {
            PollResult r;
            qint64 from = cursor;
            if (from < 0) {
                const qint64 newest = newestId(db, error);
                if (newest < 0)
                    return r;
                from = std::max<qint64>(0, newest - STARTUP_OVERLAP);
                r.startup = true;
            }
            r.punches = since(db, from, BATCH, error);
            r.cursor = r.punches.isEmpty() ? from : r.punches.constLast().id;
            return r;
        },
        this,
        [this](PollResult result, const QString &error) {
            m_reading = false;
            if (!error.isEmpty()) {
                // The cursor stays: the next poll (on a connection opened again) reads from it.
                if (!m_failing)
                    Q_EMIT readFailing(error);
                m_failing = true;
                return;
            }
            if (m_failing) {
                m_failing = false;
                Q_EMIT readFailing(QString());
            }
            m_cursor = std::max(m_cursor, result.cursor);
            if (!result.punches.isEmpty())
                Q_EMIT punchesArrived(result.punches, result.startup);
            if (result.punches.size() >= BATCH)
                QTimer::singleShot(0, this, &PunchFollower::poll); // a backlog: read on at once
        });
}

qint64 PunchFollower::newestId(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM punches")) || !q.next()) {
        if (error)
            *error = q.lastError().text().isEmpty() ? QStringLiteral("cannot read the punches") : q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

QList<StoredPunch> PunchFollower::since(const QSqlDatabase &db, qint64 cursor, int limit, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT p.id, t.sn, t.protocol, p.enroll_id, p.local_time, p.verify_mode, p.in_out,"
                             " p.event, p.temperature, COALESCE(p.name, ''), p.utc_ms, p.utc_offset_min,"
                             " p.received_ms FROM punches p JOIN terminals t ON t.id = p.terminal_id"
                             " WHERE p.id > ? ORDER BY p.id LIMIT ?"));
    q.addBindValue(cursor);
    q.addBindValue(limit);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text().isEmpty() ? QStringLiteral("cannot read the punches") : q.lastError().text();
        return {};
    }
    QList<StoredPunch> rows;
    while (q.next()) {
        StoredPunch p;
        p.id = q.value(0).toLongLong();
        p.terminalSn = q.value(1).toString();
        p.protocol = q.value(2).toString() == protocolName(Protocol::Tcp) ? Protocol::Tcp : Protocol::WebSocket;
        p.enrollId = q.value(3).toLongLong();
        p.localTime = q.value(4).toString();
        p.verifyMode = q.value(5).toInt();
        p.inOut = q.value(6).toInt();
        p.event = q.value(7).toInt();
        if (!q.value(8).isNull())
            p.temperature = q.value(8).toDouble();
        p.name = q.value(9).toString();
        p.utcMs = q.value(10).toLongLong();
        p.utcOffsetMin = q.value(11).toInt();
        p.receivedMs = q.value(12).toLongLong();
        rows.append(std::move(p));
    }
    return rows;
}

} // namespace termdesk::query
