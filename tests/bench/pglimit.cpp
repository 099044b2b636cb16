// SPDX-License-Identifier: GPL-3.0-or-later
#include "pglimit.h"

#include <QElapsedTimer>

#include <libpq-fe.h>

#include <algorithm>
#include <memory>

namespace termdesk::bench {
namespace {

constexpr const char *COLUMNS = "terminal_id, enroll_id, local_time, verify_mode, in_out, event, utc_ms,"
                                " utc_offset_min, temperature, name, received_ms, flags";

struct ConnCloser
{
    void operator()(PGconn *c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;

struct ResultClearer
{
    void operator()(PGresult *r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultClearer>;

Conn connect(const QString &url, QString *error)
{
    Conn c(PQconnectdb(url.toUtf8().constData()));
    if (PQstatus(c.get()) != CONNECTION_OK) {
        *error = QString::fromUtf8(PQerrorMessage(c.get())).trimmed();
        return nullptr;
    }
    return c;
}

bool exec(PGconn *c, const QByteArray &sql, QString *error, ExecStatusType want = PGRES_COMMAND_OK)
{
    const Result r(PQexec(c, sql.constData()));
    if (PQresultStatus(r.get()) == want)
        return true;
    *error = QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(PQerrorMessage(c)).trimmed());
    return false;
}

/// The results a COPY leaves after its end: OK when every one is.
bool copyDone(PGconn *c, QString *error)
{
    bool ok = true;
    while (PGresult *r = PQgetResult(c)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            *error = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
            ok = false;
        }
        PQclear(r);
    }
    return ok;
}

} // namespace

qint64 pgScalar(const QString &url, const char *sql)
{
    QString error;
    const Conn c = connect(url, &error);
    if (!c)
        return -1;
    const Result r(PQexec(c.get(), sql));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1)
        return -1;
    return QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong();
}

bool pgReadPunches(const QString &url, std::vector<QByteArray> &lines, QString *error)
{
    const Conn c = connect(url, error);
    if (!c)
        return false;
    const QByteArray sql = QByteArray("COPY (SELECT ") + COLUMNS + " FROM punches ORDER BY id) TO STDOUT";
    if (!exec(c.get(), sql, error, PGRES_COPY_OUT))
        return false;
    for (;;) {
        char *buffer = nullptr;
        const int length = PQgetCopyData(c.get(), &buffer, 0);
        if (length < 0)
            break;
        lines.emplace_back(buffer, length);
        PQfreemem(buffer);
    }
    return copyDone(c.get(), error);
}

PgLimit pgCopyLimit(const QString &url, const std::vector<QByteArray> &lines, int perTransaction)
{
    PgLimit out;
    const Conn c = connect(url, &out.error);
    if (!c)
        return out;
    if (!exec(c.get(), "SET client_min_messages TO warning", &out.error) ||
        !exec(c.get(), "DROP TABLE IF EXISTS limit_punches", &out.error) ||
        !exec(c.get(), "CREATE TABLE limit_punches (LIKE punches INCLUDING ALL)", &out.error) ||
        !exec(c.get(), "ALTER TABLE limit_punches ADD FOREIGN KEY (terminal_id) REFERENCES terminals(id)", &out.error))
        return out;
    // The transactions' data made before the clock starts: what is timed is PostgreSQL's part.
    std::vector<QByteArray> chunks;
    const size_t step = static_cast<size_t>(std::max(1, perTransaction));
    for (size_t i = 0; i < lines.size(); i += step) {
        QByteArray chunk;
        for (size_t j = i; j < std::min(lines.size(), i + step); ++j)
            chunk += lines[j];
        chunks.push_back(std::move(chunk));
    }
    const QByteArray copy = QByteArray("COPY limit_punches (") + COLUMNS + ") FROM STDIN";
    QElapsedTimer t;
    t.start();
    bool ok = true;
    for (const QByteArray &chunk : chunks) {
        ok = exec(c.get(), "BEGIN", &out.error) && exec(c.get(), copy, &out.error, PGRES_COPY_IN) &&
             PQputCopyData(c.get(), chunk.constData(), static_cast<int>(chunk.size())) == 1 &&
             PQputCopyEnd(c.get(), nullptr) == 1 && copyDone(c.get(), &out.error) &&
             exec(c.get(), "COMMIT", &out.error);
        if (!ok)
            break;
    }
    out.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    const Result r(PQexec(c.get(), "SELECT count(*) FROM limit_punches"));
    out.rows = PQresultStatus(r.get()) == PGRES_TUPLES_OK ? QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong() : -1;
    QString ignored;
    exec(c.get(), "DROP TABLE limit_punches", &ignored);
    out.ok = ok && out.rows == static_cast<qint64>(lines.size());
    return out;
}

} // namespace termdesk::bench
