// SPDX-License-Identifier: GPL-3.0-or-later
// A TermDesk database in a temporary directory, filled with plain SQL: the export tests must not
// depend on the storage writer they would otherwise be testing through.
#pragma once

#include "storage/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>
#include <utility>

namespace termdesk::test {

/// One row of the punches table; defaults are a plain fingerprint check-in.
struct PunchRow
{
    qint64 terminalId = 0;
    qint64 enrollId = 0;
    QString localTime;
    qint64 utcMs = 0;
    int offsetMin = 480;
    int verifyMode = 1;
    int inOut = 0;
    int event = 0;
    std::optional<double> temperature;
    std::optional<QString> name;
    qint64 receivedMs = 0;
};

/// The read-write connection a running server would hold (Database::open migrates the schema).
class ExportFixture
{
public:
    explicit ExportFixture(QString connectionName = QStringLiteral("fixture-writer"))
        : m_name(std::move(connectionName))
    {
    }
    ~ExportFixture() { close(); }
    ExportFixture(const ExportFixture &) = delete;
    ExportFixture &operator=(const ExportFixture &) = delete;

    bool open(const QString &file, QString *error)
    {
        m_open = storage::Database::open(file, m_name, storage::OpenOptions{}, error);
        return m_open;
    }
    void close()
    {
        if (m_open)
            storage::Database::close(m_name);
        m_open = false;
    }
    QSqlDatabase db() const { return storage::Database::get(m_name); }

    /// Runs one statement; returns the last insert id, or -1 (and m_error) on failure.
    qint64 exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(db());
        if (!q.prepare(sql)) {
            m_error = q.lastError().text();
            return -1;
        }
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return -1;
        }
        const QVariant id = q.lastInsertId();
        return id.isValid() ? id.toLongLong() : 0;
    }
    QString lastError() const { return m_error; }

    qint64 addTerminal(const QString &sn, const QString &name, const QString &protocol = QStringLiteral("ws"))
    {
        return exec(QStringLiteral("INSERT INTO terminals (sn, protocol, name, admission, first_seen_ms, last_seen_ms)"
                                   " VALUES (?, ?, ?, 'accepted', 1, 1)"),
                    {sn, protocol, notNull(name)});
    }

    qint64 addUser(qint64 enrollId, const QString &name)
    {
        return exec(QStringLiteral("INSERT INTO users (enroll_id, name, updated_ms) VALUES (?, ?, 1)"),
                    {enrollId, notNull(name)});
    }

    qint64 addPunch(const PunchRow &p)
    {
        return exec(
            QStringLiteral("INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event,"
                           " utc_ms, utc_offset_min, temperature, name, received_ms)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {p.terminalId, p.enrollId, p.localTime, p.verifyMode, p.inOut, p.event, p.utcMs, p.offsetMin,
             p.temperature ? QVariant(*p.temperature) : QVariant(QMetaType::fromType<double>()),
             p.name ? QVariant(notNull(*p.name)) : QVariant(QMetaType::fromType<QString>()),
             p.receivedMs ? p.receivedMs : p.utcMs});
    }

    qint64 addDoorEvent(qint64 terminalId, const QString &localTime, qint64 utcMs)
    {
        return exec(
            QStringLiteral("INSERT INTO door_events (terminal_id, local_time, verify_mode, in_out, event, utc_ms,"
                           " utc_offset_min, received_ms) VALUES (?, ?, 0, 0, 6, ?, 480, ?)"),
            {terminalId, localTime, utcMs, utcMs});
    }

    /// count punches for one terminal, enroll ids 1..count, one per second from startUtcMs, in a
    /// single statement (a recursive CTE), so a test gets 200 000 rows in well under a second.
    bool addBulkPunches(qint64 terminalId, qint64 count, qint64 startUtcMs)
    {
        return exec(QStringLiteral(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                        " INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode, in_out, event,"
                        " utc_ms, utc_offset_min, temperature, name, received_ms)"
                        " SELECT ?, i, '2025-06-01 08:00:00', 1, 0, 0, ? + i * 1000, 480, NULL, NULL,"
                        " ? + i * 1000 + 500 FROM n"),
                    {count, terminalId, startUtcMs, startUtcMs}) >= 0;
    }

private:
    // Qt binds a null QString as SQL NULL; QString() here means ''.
    static QString notNull(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }

    QString m_name;
    QString m_error;
    bool m_open = false;
};

} // namespace termdesk::test
