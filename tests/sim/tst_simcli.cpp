// SPDX-License-Identifier: GPL-3.0-or-later
// The termdesk-sim program: bad values exit 2, a run prints its summary line and writes the ack log.
#include "fakeserver.h"
#include "faketcpserver.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int TIMEOUT_MS = 30000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the simulator while this process's event loop serves the fake server.
Run runSim(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(TERMDESK_SIM_EXE), arguments);
    Run r;
    if (!p.waitForStarted(TIMEOUT_MS))
        return r;
    QSignalSpy finished(&p, &QProcess::finished);
    if (!finished.wait(TIMEOUT_MS)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestSimCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badValues_data();
    void badValues();
    void runPrintsSummaryAndAckLog();
    void waitExpiresWithPending();
    void tcpRunPrintsSummaryAndUtcAckLog();
    void mixedRun();
    void punchClock_data();
    void punchClock();
};

void TestSimCli::badValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mention");
    const QString url = QStringLiteral("ws://127.0.0.1:9/pub/chat");
    QTest::newRow("no url") << QStringList{} << QStringLiteral("--url");
    QTest::newRow("http url") << QStringList{QStringLiteral("--url"), QStringLiteral("http://x/")}
                              << QStringLiteral("ws://");
    QTest::newRow("terminals 0") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--terminals"),
                                                QStringLiteral("0")}
                                 << QStringLiteral("--terminals");
    QTest::newRow("rate text") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--rate"),
                                              QStringLiteral("fast")}
                               << QStringLiteral("--rate");
    QTest::newRow("batch 0") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--batch"),
                                            QStringLiteral("0")}
                             << QStringLiteral("--batch");
    QTest::newRow("seed negative") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--seed"),
                                                  QStringLiteral("-1")}
                                   << QStringLiteral("--seed");
    QTest::newRow("quirk") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--quirk"),
                                          QStringLiteral("bogus")}
                           << QStringLiteral("trailing-commas");
    QTest::newRow("fault p") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--fault"),
                                            QStringLiteral("garbage=2")}
                             << QStringLiteral("garbage=P");
    QTest::newRow("fault name") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--fault"),
                                               QStringLiteral("explode=0.1")}
                                << QStringLiteral("drop-before-ack=P");
    QTest::newRow("duration 0") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--duration"),
                                               QStringLiteral("0")}
                                << QStringLiteral("--punches");
    QTest::newRow("tls-trust on ws://") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--tls-trust"),
                                                       QStringLiteral("AB")}
                                        << QStringLiteral("wss://");
    QTest::newRow("tls-trust bad") << QStringList{QStringLiteral("--url"), QStringLiteral("wss://127.0.0.1:9/"),
                                                  QStringLiteral("--tls-trust"), QStringLiteral("AB:CD")}
                                   << QStringLiteral("SHA-256 fingerprint");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--url"), url, QStringLiteral("--frobnicate")}
                                    << QStringLiteral("frobnicate");

    const QString tcp = QStringLiteral("--tcp");
    const QString hostPort = QStringLiteral("127.0.0.1:9");
    auto args = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *a : list)
            out.append(QString::fromUtf8(a));
        return out;
    };
    QTest::newRow("neither url nor tcp") << args({"--terminals", "2"}) << QStringLiteral("--url or --tcp");
    QTest::newRow("tcp no port") << QStringList{tcp, QStringLiteral("127.0.0.1")} << QStringLiteral("HOST:PORT");
    QTest::newRow("tcp port 0") << QStringList{tcp, QStringLiteral("127.0.0.1:0")} << QStringLiteral("--tcp");
    QTest::newRow("tcp port text") << QStringList{tcp, QStringLiteral("host:http")} << QStringLiteral("--tcp");
    QTest::newRow("tcp fault without tcp")
        << (QStringList{QStringLiteral("--url"), url} + args({"--fault", "lost-ack=0.1"}))
        << QStringLiteral("needs --tcp");
    QTest::newRow("ws fault without url")
        << (QStringList{tcp, hostPort} + args({"--fault", "drop-before-ack=0.1"})) << QStringLiteral("needs --url");
    QTest::newRow("tcp fault p") << (QStringList{tcp, hostPort} + args({"--fault", "slow=1.5"}))
                                 << QStringLiteral("slow=P");
    QTest::newRow("awake without tcp") << (QStringList{QStringLiteral("--url"), url} + args({"--awake-ms", "5"}))
                                       << QStringLiteral("--awake-ms applies to TCP");
    QTest::newRow("always-awake without tcp")
        << (QStringList{QStringLiteral("--url"), url} + args({"--always-awake"})) << QStringLiteral("needs --tcp");
    QTest::newRow("quirk without url") << (QStringList{tcp, hostPort} + args({"--quirk", "trailing-commas"}))
                                       << QStringLiteral("needs --url");
    QTest::newRow("tcp batch") << (QStringList{tcp, hostPort} + args({"--batch", "5000"})) << QStringLiteral("2000");
    QTest::newRow("code prefix") << (QStringList{tcp, hostPort} + args({"--code-prefix", "a b"}))
                                 << QStringLiteral("--code-prefix");
    QTest::newRow("sleep text") << (QStringList{tcp, hostPort} + args({"--sleep-ms", "soon"}))
                                << QStringLiteral("--sleep-ms");
}

void TestSimCli::badValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mention);
    const Run r = runSim(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("termdesk-sim: "), r.err.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(mention), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestSimCli::runPrintsSummaryAndAckLog()
{
    FakeServer server;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ackLog = dir.filePath(QStringLiteral("acks.csv"));
    const Run r =
        runSim({QStringLiteral("--url"), server.url().toString(), QStringLiteral("--terminals"), QStringLiteral("3"),
                QStringLiteral("--punches"), QStringLiteral("20"), QStringLiteral("--rate"), QStringLiteral("300"),
                QStringLiteral("--batch"), QStringLiteral("5"), QStringLiteral("--door-events"), QStringLiteral("0"),
                QStringLiteral("--sn-prefix"), QStringLiteral("CLI"), QStringLiteral("--ack-log"), ackLog});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("sent=60 acknowledged=60 resent=0 refused=0 pending=0 reconnects=0\n"));

    QFile file(ackLog);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 61); // + the empty piece after the last newline
    const QRegularExpression format(
        QStringLiteral(R"(^CLI00000[1-3],\d+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,[1238],[01],0$)"));
    QSet<QByteArray> fromLog;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        QVERIFY2(format.match(QString::fromUtf8(line)).hasMatch(), line.constData());
        fromLog.insert(line);
    }
    QCOMPARE(fromLog.size(), 60);
    QSet<QByteArray> fromServer;
    for (const QJsonObject &s : server.withCmd(QStringLiteral("sendlog"))) {
        for (const QJsonValue &v : s.value(QLatin1String("record")).toArray()) {
            const QJsonObject rec = v.toObject();
            fromServer.insert(s.value(QLatin1String("sn")).toString().toUtf8() + ',' +
                              QByteArray::number(rec.value(QLatin1String("enrollid")).toInt()) + ',' +
                              rec.value(QLatin1String("time")).toString().toUtf8() + ',' +
                              QByteArray::number(rec.value(QLatin1String("mode")).toInt()) + ',' +
                              QByteArray::number(rec.value(QLatin1String("inout")).toInt()) + ',' +
                              QByteArray::number(rec.value(QLatin1String("event")).toInt()));
        }
    }
    QCOMPARE(fromLog, fromServer);
}

void TestSimCli::waitExpiresWithPending()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    const Run r =
        runSim({QStringLiteral("--url"), server.url().toString(), QStringLiteral("--punches"), QStringLiteral("5"),
                QStringLiteral("--rate"), QStringLiteral("1000"), QStringLiteral("--door-events"), QStringLiteral("0"),
                QStringLiteral("--wait"), QStringLiteral("0.5")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArray("sent=5 acknowledged=0 resent=0 refused=0 pending=5 reconnects=0\n"));
}

void TestSimCli::tcpRunPrintsSummaryAndUtcAckLog()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ackLog = dir.filePath(QStringLiteral("acks.csv"));
    const Run r = runSim({QStringLiteral("--tcp"),         QStringLiteral("127.0.0.1:%1").arg(server.port()),
                          QStringLiteral("--terminals"),   QStringLiteral("2"),
                          QStringLiteral("--punches"),     QStringLiteral("10"),
                          QStringLiteral("--rate"),        QStringLiteral("200"),
                          QStringLiteral("--batch"),       QStringLiteral("4"),
                          QStringLiteral("--door-events"), QStringLiteral("0"),
                          QStringLiteral("--code-prefix"), QStringLiteral("CLT"),
                          QStringLiteral("--awake-ms"),    QStringLiteral("100"),
                          QStringLiteral("--sleep-ms"),    QStringLiteral("100"),
                          QStringLiteral("--ack-log"),     ackLog});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("sent=20 acknowledged=20 resent=0 refused=0 pending=0 reconnects=0\n"));

    QFile file(ackLog);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QRegularExpression format(
        QStringLiteral(R"(^CLT0000[12],\d+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,[1238],[01],0$)"));
    QSet<QByteArray> fromLog;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        QVERIFY2(format.match(QString::fromUtf8(line)).hasMatch(), line.constData());
        fromLog.insert(line);
    }
    QCOMPARE(fromLog.size(), 20);
    QSet<QByteArray> fromServer;
    for (const FakeTcpServer::Frame &f : server.withCmd(6)) {
        termdesk::tcp::v1::Report report;
        QVERIFY(report.ParseFromArray(f.body.constData(), int(f.body.size())));
        // The login code of the report's connection.
        QByteArray loginCode;
        for (const FakeTcpServer::Frame &login : server.withCmd(2)) {
            if (login.connection == f.connection)
                loginCode = login.body;
        }
        for (const auto &p : report.punches()) {
            const QString utc =
                QDateTime::fromMSecsSinceEpoch(FakeTcpServer::EPOCH_2020_MS + qint64(p.time()) * 1000, Qt::UTC)
                    .toString(Qt::ISODate);
            fromServer.insert(loginCode + ',' + QByteArray::number(p.enroll_id()) + ',' + utc.toUtf8() + ',' +
                              QByteArray::number(p.verify_mode()) + ',' + QByteArray::number(p.in_out()) + ',' +
                              QByteArray::number(p.event()));
        }
    }
    QCOMPARE(fromLog, fromServer);
}

void TestSimCli::mixedRun()
{
    FakeServer ws;
    QVERIFY(ws.listen());
    FakeTcpServer tcp;
    QVERIFY(tcp.listen());
    const Run r =
        runSim({QStringLiteral("--url"), ws.url().toString(), QStringLiteral("--tcp"),
                QStringLiteral("127.0.0.1:%1").arg(tcp.port()), QStringLiteral("--terminals"), QStringLiteral("2"),
                QStringLiteral("--punches"), QStringLiteral("5"), QStringLiteral("--rate"), QStringLiteral("500"),
                QStringLiteral("--door-events"), QStringLiteral("0"), QStringLiteral("--always-awake")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("sent=20 acknowledged=20 resent=0 refused=0 pending=0 reconnects=0\n"));
    QCOMPARE(tcp.withCmd(2).size(), 2);
    QCOMPARE(ws.withCmd(QStringLiteral("reg")).size(), 2);
}

void TestSimCli::punchClock_data()
{
    QTest::addColumn<QStringList>("protocol");
    QTest::addColumn<bool>("live");
    const QStringList ws{QStringLiteral("--url"), QStringLiteral("WS")};
    const QStringList tcp{QStringLiteral("--tcp"), QStringLiteral("TCP"), QStringLiteral("--always-awake")};
    QTest::newRow("WebSocket, one day back (default)") << ws << false;
    QTest::newRow("WebSocket, --live-clock (the console's demo)") << ws << true;
    QTest::newRow("TCP, one day back (default)") << tcp << false;
    QTest::newRow("TCP, --live-clock") << tcp << true;
}

// Punches carry the current time with --live-clock, as a real terminal's; by default a clock that starts one day
// back (unique keys at any rate, never in the future).
void TestSimCli::punchClock()
{
    QFETCH(QStringList, protocol);
    QFETCH(bool, live);
    FakeServer ws;
    QVERIFY(ws.listen());
    FakeTcpServer tcp;
    QVERIFY(tcp.listen());
    protocol.replaceInStrings(QStringLiteral("WS"), ws.url().toString());
    protocol.replaceInStrings(QStringLiteral("TCP"), QStringLiteral("127.0.0.1:%1").arg(tcp.port()));
    const bool utc = protocol.constFirst() == QLatin1String("--tcp");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ackLog = dir.filePath(QStringLiteral("acks.csv"));
    QStringList arguments = protocol + QStringList{QStringLiteral("--terminals"),   QStringLiteral("2"),
                                                   QStringLiteral("--punches"),     QStringLiteral("5"),
                                                   QStringLiteral("--rate"),        QStringLiteral("100"),
                                                   QStringLiteral("--door-events"), QStringLiteral("0"),
                                                   QStringLiteral("--ack-log"),     ackLog};
    if (live)
        arguments.append(QStringLiteral("--live-clock"));
    // In whole seconds of the terminals' clock: TCP, UTC; WebSocket, the local wall clock (read as if it were
    // UTC, so that one day back is 86400 s even on the day the clocks change).
    auto seconds = [utc](const QDateTime &time) {
        return utc ? time.toSecsSinceEpoch() : QDateTime(time.date(), time.time(), Qt::UTC).toSecsSinceEpoch();
    };
    const qint64 before = seconds(QDateTime::currentDateTime());
    const Run r = runSim(arguments);
    const qint64 after = seconds(QDateTime::currentDateTime());
    QCOMPARE(r.exitCode, 0);

    QFile file(ackLog);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 shift = live ? 0 : 86400;
    int punches = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        ++punches;
        const QString text = QString::fromUtf8(line.split(',').at(2));
        // WebSocket: the terminal's local wall clock; TCP: a UTC instant in ISO 8601.
        const QDateTime time = utc ? QDateTime::fromString(text, Qt::ISODate)
                                   : QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY2(time.isValid(), line.constData());
        const qint64 t = seconds(time);
        // Five punches per terminal, one second apart at most when they fall in the same second.
        QVERIFY2(t >= before - shift && t <= after - shift + 5, line.constData());
    }
    QCOMPARE(punches, 10);
}

QTEST_GUILESS_MAIN(TestSimCli)
#include "tst_simcli.moc"
