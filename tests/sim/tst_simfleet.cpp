// SPDX-License-Identifier: GPL-3.0-or-later
// SimFleet: rate, per-terminal counts, duration, round-robin, totals and finished().
#include "fakeserver.h"
#include "simfleet.h"
#include "simterminal.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using termdesk::sim::FleetOptions;
using termdesk::sim::SimFleet;
using termdesk::sim::SimTerminal;

namespace {

constexpr int TIMEOUT_MS = 20000;

FleetOptions fleetOptions(const QUrl &url)
{
    FleetOptions o;
    o.url = url;
    o.doorEvents = 0;
    return o;
}

} // namespace

class TestSimFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countPerTerminalAtRate();
    void durationLimitsGeneration();
    void roundRobinIsFair();
    void allAtOnceWithoutRate();
    void finishedWaitsForAcks();
};

void TestSimFleet::countPerTerminalAtRate()
{
    FakeServer server;
    QVERIFY(server.listen());
    FleetOptions o = fleetOptions(server.url());
    o.terminals = 4;
    o.ratePerSecond = 400;
    o.punchesPerTerminal = 50;
    o.durationMs = 0;
    o.batchSize = 7;
    o.snPrefix = QStringLiteral("FLT");
    SimFleet fleet(o);
    QSignalSpy generationFinished(&fleet, &SimFleet::generationFinished);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    QElapsedTimer clock;
    clock.start();
    qint64 generationMs = -1;
    connect(&fleet, &SimFleet::generationFinished, this, [&] { generationMs = clock.elapsed(); });
    fleet.start();
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(generationFinished.size(), 1);
    QCOMPARE(finished.size(), 1);
    QVERIFY2(generationMs >= 450, qPrintable(QString::number(generationMs))); // 200 punches at 400/s
    QVERIFY(fleet.allAcknowledged());

    const auto totals = fleet.totals();
    QCOMPARE(totals.generated, 200);
    QCOMPARE(totals.sent, 200);
    QCOMPARE(totals.acknowledged, 200);
    QCOMPARE(totals.resent, 0);
    QCOMPARE(totals.refused, 0);
    QCOMPARE(totals.reconnects, 0);
    QCOMPARE(fleet.terminals().size(), 4);
    QCOMPARE(fleet.terminals().constFirst()->sn(), QStringLiteral("FLT000001"));
    QSet<QString> sns;
    for (const SimTerminal *t : fleet.terminals()) {
        QCOMPARE(t->counters().generated, 50);
        QCOMPARE(t->acknowledged().size(), 50);
        sns.insert(t->sn());
    }
    QCOMPARE(sns.size(), 4);

    QSet<QString> records; // (sn, record) as the server saw them
    for (const QJsonObject &s : server.withCmd(QStringLiteral("sendlog"))) {
        QVERIFY(s.value(QLatin1String("count")).toInt() <= 7);
        for (const QJsonValue &r : s.value(QLatin1String("record")).toArray())
            records.insert(s.value(QLatin1String("sn")).toString() +
                           QString::fromUtf8(QJsonDocument(r.toObject()).toJson(QJsonDocument::Compact)));
    }
    QCOMPARE(records.size(), 200);
}

void TestSimFleet::durationLimitsGeneration()
{
    FakeServer server;
    QVERIFY(server.listen());
    FleetOptions o = fleetOptions(server.url());
    o.terminals = 2;
    o.ratePerSecond = 100;
    o.durationMs = 300;
    SimFleet fleet(o);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.totals().generated, 30); // exactly rate × duration
    QCOMPARE(fleet.totals().acknowledged, 30);
}

void TestSimFleet::roundRobinIsFair()
{
    FleetOptions o = fleetOptions(QUrl(QStringLiteral("ws://127.0.0.1:1/"))); // nobody listens: no acks needed
    o.terminals = 3;
    o.ratePerSecond = 250;
    o.durationMs = 200;
    SimFleet fleet(o);
    QSignalSpy generationFinished(&fleet, &SimFleet::generationFinished);
    fleet.start();
    QVERIFY(generationFinished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.totals().generated, 50);
    for (const SimTerminal *t : fleet.terminals())
        QVERIFY2(qAbs(t->counters().generated - 50.0 / 3) < 1.0, qPrintable(QString::number(t->counters().generated)));
    QVERIFY(!fleet.allAcknowledged());
    QCOMPARE(fleet.pendingRecords(), 50);
    fleet.stop();
}

void TestSimFleet::allAtOnceWithoutRate()
{
    FakeServer server;
    QVERIFY(server.listen());
    FleetOptions o = fleetOptions(server.url());
    o.terminals = 3;
    o.ratePerSecond = 0;
    o.punchesPerTerminal = 100;
    o.batchSize = 25;
    SimFleet fleet(o);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.totals().generated, 300);
    QCOMPARE(fleet.totals().acknowledged, 300);
    QCOMPARE(fleet.totals().batchesAcked, 12);
}

void TestSimFleet::finishedWaitsForAcks()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    FleetOptions o = fleetOptions(server.url());
    o.terminals = 2;
    o.ratePerSecond = 0;
    o.punchesPerTerminal = 3;
    SimFleet fleet(o);
    QSignalSpy generationFinished(&fleet, &SimFleet::generationFinished);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QVERIFY(generationFinished.wait(TIMEOUT_MS));
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(QStringLiteral("sendlog")).size(), 2, TIMEOUT_MS);
    QVERIFY(finished.isEmpty());
    QCOMPARE(fleet.pendingRecords(), 6);
    for (const FakeServer::Frame &f : std::as_const(server.frames)) {
        if (f.json.value(QLatin1String("cmd")).toString() == QLatin1String("sendlog"))
            server.ack(f.json, f.socket);
    }
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.totals().acknowledged, 6);
}

QTEST_GUILESS_MAIN(TestSimFleet)
#include "tst_simfleet.moc"
