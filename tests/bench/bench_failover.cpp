// SPDX-License-Identifier: GPL-3.0-or-later
// Failover (issue 14, docs/multi-pc.md "Terminals through a load balancer"): two headless servers share
// one PostgreSQL (a durable throwaway cluster), HAProxy in TCP mode in front of them as in the docs'
// example, and `termdesk-sim` terminals of both protocols punching through HAProxy. One server is
// SIGKILLed mid-run; the figure is the time from the kill until every terminal has a punch stored
// again (received after the kill), which needs the killed server's terminals to reconnect through
// HAProxy to the other server. At the end every punch the simulator counted as acknowledged must be
// stored, once.
//
//   bench_failover --termdesk BIN --sim BIN --work DIR [--terminals 20] [--rate 400] [--seconds 20]
//                  [--kill-after 6] --out FILE
#include "benchutil.h"
#include "pgcluster.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <array>
#include <memory>

using namespace termdesk::bench;

namespace {

/// A port free right now on 127.0.0.1 (HAProxy cannot be told to pick one).
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool accepts(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(200);
}

/// The configuration of docs/multi-pc.md's example, with the ports of this run.
QByteArray haproxyConfig(quint16 ws, quint16 tcp, const std::array<quint16, 2> &wsServers,
                         const std::array<quint16, 2> &tcpServers)
{
    QByteArray c = "global\n    maxconn 4000\n"
                   "defaults\n    mode tcp\n    timeout connect 2s\n    timeout client 1h\n    timeout server 1h\n"
                   "    option tcpka\n    option redispatch\n    retries 2\n";
    const auto section = [&c](const char *name, quint16 front, const std::array<quint16, 2> &servers) {
        c += QByteArray("frontend ") + name + "\n    bind 127.0.0.1:" + QByteArray::number(front) +
             "\n    default_backend " + name + "_servers\n";
        c += QByteArray("backend ") + name + "_servers\n    balance leastconn\n";
        for (int i = 0; i < 2; ++i)
            c += "    server s" + QByteArray::number(i + 1) + " 127.0.0.1:" + QByteArray::number(servers[i]) +
                 " check inter 1s fall 2 rise 2\n";
    };
    section("terminals_ws", ws, wsServers);
    section("terminals_tcp", tcp, tcpServers);
    return c;
}

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

int main(int argc, char **argv)
{
    useUnixEventDispatcher();
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString sim = option(args, QStringLiteral("--sim"));
    const QString work = option(args, QStringLiteral("--work"));
    const int terminals = option(args, QStringLiteral("--terminals"), QStringLiteral("20")).toInt();
    const int rate = option(args, QStringLiteral("--rate"), QStringLiteral("400")).toInt();
    const int seconds = option(args, QStringLiteral("--seconds"), QStringLiteral("20")).toInt();
    const int killAfter = option(args, QStringLiteral("--kill-after"), QStringLiteral("6")).toInt();
    const QString haproxy = QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin")});
    if (termdesk.isEmpty() || sim.isEmpty() || work.isEmpty() || terminals <= 0 || rate <= 0 || killAfter <= 0 ||
        seconds <= killAfter + 5) {
        note(QStringLiteral("usage: bench_failover --termdesk BIN --sim BIN --work DIR [--terminals N] [--rate R] "
                            "[--seconds S] [--kill-after K] --out FILE (S > K + 5)"));
        return 2;
    }
    if (haproxy.isEmpty()) {
        note(QStringLiteral("failover: haproxy is not installed (run.sh installs it)"));
        return 1;
    }
    raiseFdLimit();
    const QString dir = work + QStringLiteral("/failover");
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("failover")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("terminals_per_protocol"), terminals},
                       {QStringLiteral("rate"), rate},
                       {QStringLiteral("load_before"), loadAverage()}};
    const auto fail = [&](const QString &why) {
        note(QStringLiteral("failover: ") + why);
        result.insert(QStringLiteral("ok"), false);
        result.insert(QStringLiteral("error"), why);
        writeResult(option(args, QStringLiteral("--out")), result);
        return 1;
    };

    PgCluster cluster(dir, true);
    QString error;
    if (!cluster.start(&error))
        return fail(error);
    const QString url = cluster.freshDatabase(&error);
    if (url.isEmpty())
        return fail(error);
    std::array<ServerProcess, 2> servers;
    std::array<quint16, 2> wsPorts{};
    std::array<quint16, 2> tcpPorts{};
    for (int i = 0; i < 2; ++i) {
        if (!servers[i].start(termdesk, dir + QStringLiteral("/server-%1").arg(i + 1),
                              {{QStringLiteral("storage/database"), url}}, QStringLiteral("127.0.0.1"), &error))
            return fail(error);
        wsPorts[i] = servers[i].port();
        tcpPorts[i] = servers[i].tcpPort();
    }
    const quint16 wsFront = freePort();
    const quint16 tcpFront = freePort();
    QFile cfg(dir + QStringLiteral("/haproxy.cfg"));
    if (!cfg.open(QIODevice::WriteOnly) || cfg.write(haproxyConfig(wsFront, tcpFront, wsPorts, tcpPorts)) < 0)
        return fail(QStringLiteral("cannot write ") + cfg.fileName());
    cfg.close();
    QProcess proxy;
    proxy.setProcessChannelMode(QProcess::MergedChannels);
    proxy.setStandardOutputFile(dir + QStringLiteral("/haproxy.log"));
    proxy.start(haproxy, {QStringLiteral("-db"), QStringLiteral("-f"), cfg.fileName()});
    if (!waitUntil([&] { return accepts(wsFront) && accepts(tcpFront); }, 10000, 50))
        return fail(QStringLiteral("haproxy did not listen (see %1/haproxy.log)").arg(dir));

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("failover"));
    const QUrl u(url);
    db.setHostName(u.host());
    db.setPort(u.port(5432));
    db.setUserName(u.userName());
    db.setDatabaseName(u.path().mid(1));
    if (!db.open())
        return fail(QStringLiteral("cannot read the database"));

    note(QStringLiteral("failover: 2 servers on one PostgreSQL behind HAProxy, %1 WebSocket + %1 TCP terminals, %2 "
                        "punches/s for %3 s; server 1 SIGKILLed after %4 s")
             .arg(terminals)
             .arg(rate)
             .arg(seconds)
             .arg(killAfter));
    QProcess feed;
    feed.start(sim,
               {QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(wsFront),
                QStringLiteral("--tcp"), QStringLiteral("127.0.0.1:%1").arg(tcpFront), QStringLiteral("--terminals"),
                QString::number(terminals), QStringLiteral("--rate"), QString::number(rate),
                QStringLiteral("--duration"), QString::number(seconds), QStringLiteral("--batch"), QStringLiteral("10"),
                QStringLiteral("--awake-ms"), QString::number((seconds + 30) * 1000)});
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    waitUntil([&] { return QDateTime::currentMSecsSinceEpoch() - started >= killAfter * 1000LL; },
              killAfter * 1000 + 1000, 20);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const qint64 activeBefore = scalar(
        db,
        QStringLiteral("SELECT count(DISTINCT terminal_id) FROM punches WHERE received_ms > %1").arg(before - 2000));
    const qint64 killedMs = QDateTime::currentMSecsSinceEpoch();
    servers[0].kill();
    const QString afterKill =
        QStringLiteral("SELECT count(DISTINCT terminal_id) FROM punches WHERE received_ms > %1").arg(killedMs);
    qint64 back = 0;
    const bool recovered = waitUntil(
        [&] {
            back = scalar(db, afterKill);
            return back >= 2 * terminals;
        },
        60000, 20);
    const qint64 failoverMs = QDateTime::currentMSecsSinceEpoch() - killedMs;
    const bool fed = waitUntil([&] { return feed.state() == QProcess::NotRunning; }, (seconds + 120) * 1000, 20);
    const QString summary = QString::fromUtf8(feed.readAllStandardOutput()).trimmed();
    const auto field = [&summary](const char *name) {
        const auto m = QRegularExpression(QLatin1String(name) + QStringLiteral("=(\\d+)")).match(summary);
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    };
    const qint64 acknowledged = field("acknowledged");
    const qint64 pending = field("pending");
    servers[1].stop();
    proxy.terminate();
    proxy.waitForFinished(5000);
    const qint64 rows = scalar(db, QStringLiteral("SELECT count(*) FROM punches"));
    const qint64 distinct = scalar(
        db, QStringLiteral("SELECT count(*) FROM (SELECT DISTINCT terminal_id, local_time, enroll_id, verify_mode,"
                           " in_out, event FROM punches) k"));
    const bool ok = recovered && fed && activeBefore == 2 * terminals && pending == 0 && acknowledged > 0 &&
                    rows == distinct && rows == acknowledged;
    note(QStringLiteral("  %1 of %2 terminals punching before the kill; all %3 storing again %4 ms after it%5; the "
                        "simulator: %6; stored %7 rows (%8 distinct)")
             .arg(activeBefore)
             .arg(2 * terminals)
             .arg(back)
             .arg(failoverMs)
             .arg(recovered ? QString() : QStringLiteral(" (NOT recovered within 60 s)"))
             .arg(summary)
             .arg(rows)
             .arg(distinct));
    result.insert(QStringLiteral("ok"), ok);
    result.insert(QStringLiteral("failover_ms"), recovered ? failoverMs : -1);
    result.insert(QStringLiteral("terminals_before_kill"), activeBefore);
    result.insert(QStringLiteral("simulator"), summary);
    result.insert(QStringLiteral("acknowledged"), acknowledged);
    result.insert(QStringLiteral("rows"), rows);
    result.insert(QStringLiteral("distinct_rows"), distinct);
    result.insert(QStringLiteral("load_after"), loadAverage());
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    return ok ? 0 : 1;
}
