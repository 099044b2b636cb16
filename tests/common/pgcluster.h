// SPDX-License-Identifier: GPL-3.0-or-later
// A throwaway PostgreSQL 15 cluster owned by one test program: initdb and pg_ctl from
// /usr/lib/postgresql/15/bin (scripts/deps.sh installs postgresql-15) in a temporary directory,
// listening on 127.0.0.1 at a port picked free and on a Unix socket in that directory. As root
// (initdb and the server refuse root) they run as the `postgres` user through runuser. The
// cluster is stopped and its directory deleted when the object goes. No other cluster is touched.
// The tests' clusters run with fsync off; a durable one (the benchmark's) keeps PostgreSQL's defaults.
#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>

class PgCluster
{
public:
    /// `parentDir`: where the cluster's directory goes (empty: the system's temporary directory);
    /// `durable`: fsync and full_page_writes as PostgreSQL ships them (else off, for speed).
    explicit PgCluster(QString parentDir = {}, bool durable = false);
    ~PgCluster();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    /// Runs initdb and starts the server; false with `error` saying which step failed and why.
    bool start(QString *error);
    bool running() const { return m_running; }
    /// Stops the server (fast, pg_ctl -m immediate); the destructor does it too.
    void stop();

    quint16 port() const { return m_port; }
    /// The directory of the cluster's Unix socket (a URL's `?host=`): connections made there have no
    /// client address in pg_stat_activity, those on 127.0.0.1 do.
    QString socketDir() const { return m_dir ? m_dir->path() : QString(); }
    /// `postgresql://postgres@127.0.0.1:PORT/DB`: the superuser, trusted on this cluster only.
    QString url(const QString &database) const;
    /// Creates an empty database with a new name (db1, db2, ...) and returns its URL: each test
    /// function gets a store of its own. Empty with `error` set when CREATE DATABASE failed.
    QString freshDatabase(QString *error);

    /// The first column of the first row of `sql` on `databaseUrl` (one of url()'s), through a
    /// connection of the test's own; an invalid QVariant (and a warning) when it fails.
    static QVariant scalar(const QString &databaseUrl, const QString &sql);
    /// scalar() as a number: a count, an id; -1 when it fails.
    static qint64 count(const QString &databaseUrl, const QString &sql);

    /// Where initdb, pg_ctl and postgres are.
    static QString binDir();

private:
    bool run(const QString &tool, const QStringList &args, QString *error, int timeoutMs = 60'000);

    const QString m_parentDir;
    const bool m_durable = false;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data, m_log;
    quint16 m_port = 0;
    bool m_running = false;
    int m_databases = 0;
};
