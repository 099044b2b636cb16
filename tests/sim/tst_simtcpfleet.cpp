// SPDX-License-Identifier: GPL-3.0-or-later
// SimFleet in TCP mode and in mixed mode (WebSocket and TCP terminals sharing one rate).
#include "fakeserver.h"
#include "faketcpserver.h"
#include "simfleet.h"
#include "simtcpterminal.h"
#include "simterminal.h"

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using termdesk::sim::FleetOptions;
using termdesk::sim::SimFleet;
using termdesk::sim::SimTcpTerminal;
namespace v1 = termdesk::tcp::v1;

namespace {

constexpr int TIMEOUT_MS = 20000;

} // namespace

class TestSimTcpFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tcpOnly();
    void mixedFleet();
    void setTcpAddressAfterRestart();
};

void TestSimTcpFleet::tcpOnly()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    FleetOptions o;
    o.tcpPort = server.port();
    o.terminals = 3;
    o.ratePerSecond = 300;
    o.punchesPerTerminal = 20;
    o.durationMs = 0;
    o.batchSize = 6;
    o.doorEvents = 0;
    o.codePrefix = QStringLiteral("FT");
    o.awakeMs = 150;
    o.sleepMs = 100;
    SimFleet fleet(o);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QVERIFY(finished.wait(TIMEOUT_MS));
    QVERIFY(fleet.terminals().isEmpty()); // no URL: no WebSocket terminals
    QCOMPARE(fleet.tcpTerminals().size(), 3);
    QCOMPARE(fleet.size(), 3);
    QCOMPARE(fleet.tcpTerminals().constFirst()->code(), QStringLiteral("FT00001"));

    const auto totals = fleet.totals();
    QCOMPARE(totals.generated, 60);
    QCOMPARE(totals.sent, 60);
    QCOMPARE(totals.acknowledged, 60);
    QCOMPARE(totals.resent, 0);
    QCOMPARE(totals.reconnects, 0);
    QVERIFY(totals.wakeups >= 3);
    QCOMPARE(fleet.pendingRecords(), 0);

    QSet<QString> codes;
    QSet<quint32> ids;
    for (const SimTcpTerminal *t : fleet.tcpTerminals()) {
        QCOMPARE(t->counters().generated, 20);
        QCOMPARE(t->acknowledged().size(), 20);
        codes.insert(t->code());
        ids.insert(t->terminalId());
    }
    QCOMPARE(codes.size(), 3);
    QCOMPARE(ids.size(), 3);
    qsizetype punches = 0;
    for (const v1::Report &r : server.reports()) {
        QVERIFY(r.punches_size() <= 6);
        punches += r.punches_size();
    }
    QCOMPARE(punches, 60);
    fleet.stop();
}

void TestSimTcpFleet::mixedFleet()
{
    FakeServer ws;
    QVERIFY(ws.listen());
    FakeTcpServer tcp;
    QVERIFY(tcp.listen());
    FleetOptions o;
    o.url = ws.url();
    o.tcpPort = tcp.port();
    o.terminals = 2;
    o.ratePerSecond = 0; // all at once
    o.punchesPerTerminal = 10;
    o.durationMs = 0;
    o.batchSize = 4;
    o.doorEvents = 0;
    o.alwaysAwake = true;
    SimFleet fleet(o);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.terminals().size(), 2);
    QCOMPARE(fleet.tcpTerminals().size(), 2);
    QCOMPARE(fleet.totals().acknowledged, 40);
    QCOMPARE(fleet.totals().sent, 40);

    qsizetype wsRecords = 0;
    for (const QJsonObject &s : ws.withCmd(QStringLiteral("sendlog")))
        wsRecords += s.value(QLatin1String("record")).toArray().size();
    QCOMPARE(wsRecords, 20);
    qsizetype tcpPunches = 0;
    for (const v1::Report &r : tcp.reports())
        tcpPunches += r.punches_size();
    QCOMPARE(tcpPunches, 20);
    QVERIFY(tcp.withCmd(3).isEmpty()); // always awake: no logout
    fleet.stop();
}

void TestSimTcpFleet::setTcpAddressAfterRestart()
{
    auto first = std::make_unique<FakeTcpServer>();
    QVERIFY(first->listen());
    first->autoAck = false;
    FleetOptions o;
    o.tcpPort = first->port();
    o.terminals = 2;
    o.ratePerSecond = 0;
    o.punchesPerTerminal = 3;
    o.durationMs = 0;
    o.doorEvents = 0;
    SimFleet fleet(o);
    QSignalSpy finished(&fleet, &SimFleet::finished);
    fleet.start();
    QTRY_COMPARE_WITH_TIMEOUT(first->reports().size(), 2, TIMEOUT_MS);
    first.reset(); // the server dies before acking anything

    FakeTcpServer second;
    QVERIFY(second.listen());
    fleet.setTcpAddress(QStringLiteral("127.0.0.1"), second.port());
    QVERIFY(finished.wait(TIMEOUT_MS));
    QCOMPARE(fleet.totals().acknowledged, 6);
    QCOMPARE(fleet.totals().resent, 6);
    QCOMPARE(fleet.totals().reconnects, 2);
    fleet.stop();
}

QTEST_GUILESS_MAIN(TestSimTcpFleet)
#include "tst_simtcpfleet.moc"
