// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgcluster.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUrl>
#include <QUuid>

#include <grp.h>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace {

bool asRoot()
{
    return ::geteuid() == 0;
}

/// A port nothing listens on right now (the server binds it a moment later).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

PgCluster::PgCluster(QString parentDir, bool durable) : m_parentDir(std::move(parentDir)), m_durable(durable) {}

PgCluster::~PgCluster()
{
    stop();
}

QString PgCluster::binDir()
{
    return QStringLiteral("/usr/lib/postgresql/15/bin");
}

bool PgCluster::run(const QString &tool, const QStringList &args, QString *error, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    const QString program = QDir(binDir()).filePath(tool);
    if (asRoot())
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + args);
    else
        p.start(program, args);
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 failed (%2): %3")
                         .arg(tool, p.errorString(), QString::fromLocal8Bit(p.readAll()).trimmed());
        if (p.state() != QProcess::NotRunning)
            p.kill();
        return false;
    }
    return true;
}

bool PgCluster::start(QString *error)
{
    if (!QFile::exists(QDir(binDir()).filePath(QStringLiteral("initdb")))) {
        *error = QStringLiteral("no PostgreSQL 15 in %1: scripts/deps.sh installs postgresql-15").arg(binDir());
        return false;
    }
    // Short path: the socket's must fit sun_path (107 bytes).
    m_dir = std::make_unique<QTemporaryDir>((m_parentDir.isEmpty() ? QDir::tempPath() : m_parentDir) +
                                            QStringLiteral("/tdpg-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    if (asRoot()) {
        const passwd *pw = ::getpwnam("postgres");
        if (!pw || ::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("running as root needs the postgres user (from postgresql-15) to own %1")
                         .arg(m_dir->path());
            return false;
        }
    }
    m_data = m_dir->filePath(QStringLiteral("data"));
    m_log = m_dir->filePath(QStringLiteral("server.log"));
    if (!run(QStringLiteral("initdb"),
             {QStringLiteral("-D"), m_data, QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"),
              QStringLiteral("postgres"), QStringLiteral("--no-sync"), QStringLiteral("-E"), QStringLiteral("UTF8"),
              QStringLiteral("--locale=C")},
             error))
        return false;
    // A port taken between the probe and the bind fails the start: try another a few times.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        if (m_port == 0) {
            *error = QStringLiteral("no free port on 127.0.0.1");
            return false;
        }
        // fsync off unless durable: test clusters hold test data only, and start and commit faster without it.
        const QString options =
            QStringLiteral("-k %1 -c listen_addresses=127.0.0.1 -p %2 -c max_connections=200%3")
                .arg(m_dir->path())
                .arg(m_port)
                .arg(m_durable ? QString() : QStringLiteral(" -c fsync=off -c full_page_writes=off"));
        if (run(QStringLiteral("pg_ctl"),
                {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_log, QStringLiteral("-o"), options,
                 QStringLiteral("-w"), QStringLiteral("start")},
                error)) {
            m_running = true;
            return true;
        }
        QFile log(m_log);
        if (log.open(QIODevice::ReadOnly))
            *error += QStringLiteral("\n") + QString::fromLocal8Bit(log.readAll()).right(2000);
    }
    return false;
}

void PgCluster::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QString ignored;
    run(QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
         QStringLiteral("stop")},
        &ignored);
}

QString PgCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

QString PgCluster::freshDatabase(QString *error)
{
    const QString name = QStringLiteral("db%1").arg(++m_databases);
    const QString connection = QStringLiteral("pgcluster-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            *error = QStringLiteral("cannot connect to the test cluster: %1").arg(db.lastError().text());
        } else {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok)
                *error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok ? url(name) : QString();
}

QVariant PgCluster::scalar(const QString &databaseUrl, const QString &sql)
{
    const QUrl url(databaseUrl);
    const QString connection = QStringLiteral("pgcluster-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        QSqlQuery q(db);
        if (!db.open())
            qWarning() << db.lastError().text();
        else if (!q.exec(sql) || !q.next())
            qWarning() << sql << q.lastError().text();
        else
            value = q.value(0);
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}

qint64 PgCluster::count(const QString &databaseUrl, const QString &sql)
{
    const QVariant v = scalar(databaseUrl, sql);
    return v.isValid() ? v.toLongLong() : -1;
}
