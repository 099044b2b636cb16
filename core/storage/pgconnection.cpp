// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgconnection.h"

#include <libpq-fe.h>

#include <QList>

#include <vector>

namespace termdesk::storage {

void PgResultDeleter::operator()(pg_result *r) const
{
    PQclear(r);
}

PgConnection::~PgConnection()
{
    PQfinish(m_conn);
}

std::unique_ptr<PgConnection> PgConnection::open(const QSqlDatabase &like, const char *applicationName, QString *error)
{
    // Keywords and values as libpq takes them; the byte arrays hold the text while it connects.
    QList<QByteArray> keys, values;
    auto add = [&](const char *key, const QString &value) {
        if (value.isEmpty())
            return;
        keys.append(key);
        values.append(value.toUtf8());
    };
    add("host", like.hostName());
    add("port", like.port() > 0 ? QString::number(like.port()) : QString());
    add("user", like.userName());
    add("password", like.password());
    add("dbname", like.databaseName());
    // The URL's own options (PostgresUrl::connectOptions: "key=value;key=value").
    for (const QString &option : like.connectOptions().split(u';', Qt::SkipEmptyParts)) {
        const qsizetype eq = option.indexOf(u'=');
        if (eq <= 0)
            continue;
        const QByteArray key = option.left(eq).trimmed().toUtf8();
        if (key == "application_name")
            continue;
        keys.append(key);
        values.append(option.mid(eq + 1).trimmed().toUtf8());
    }
    keys.append("application_name");
    values.append(applicationName);
    std::vector<const char *> k, v;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        k.push_back(keys[i].constData());
        v.push_back(values[i].constData());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    pg_conn *conn = PQconnectdbParams(k.data(), v.data(), 0);
    std::unique_ptr<PgConnection> self(new PgConnection(conn));
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        if (error)
            *error = QStringLiteral("libpq cannot connect: %1").arg(self->lastError());
        return nullptr;
    }
    return self;
}

QString PgConnection::lastError() const
{
    return m_conn ? QString::fromUtf8(PQerrorMessage(m_conn)).trimmed() : QStringLiteral("out of memory");
}

bool PgConnection::ensureUp(bool *reconnected, QString *error)
{
    *reconnected = false;
    if (PQstatus(m_conn) == CONNECTION_OK)
        return true;
    PQreset(m_conn);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        if (error)
            *error = QStringLiteral("the PostgreSQL connection is lost: %1").arg(lastError());
        return false;
    }
    *reconnected = true;
    return true;
}

bool PgConnection::command(const char *sql, QString *error, const char *tag)
{
    const PgResult r(PQexec(m_conn, sql));
    const ExecStatusType status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(sql), lastError());
        return false;
    }
    if (tag && qstrcmp(PQcmdStatus(r.get()), tag) != 0) {
        if (error)
            *error = QStringLiteral("%1 answered %2").arg(QLatin1String(sql), QLatin1String(PQcmdStatus(r.get())));
        return false;
    }
    return true;
}

bool PgConnection::prepare(const char *name, const char *sql, int params, QString *error)
{
    const PgResult r(PQprepare(m_conn, name, sql, params, nullptr));
    if (PQresultStatus(r.get()) == PGRES_COMMAND_OK)
        return true;
    if (error)
        *error = QStringLiteral("cannot prepare %1: %2").arg(QLatin1String(sql), lastError());
    return false;
}

PgResult PgConnection::run(const char *name, int params, const char *const *values, QString *error)
{
    PgResult r(PQexecPrepared(m_conn, name, params, values, nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return r;
    if (error)
        *error = QStringLiteral("%1: %2").arg(QLatin1String(name), lastError());
    return nullptr;
}

} // namespace termdesk::storage
