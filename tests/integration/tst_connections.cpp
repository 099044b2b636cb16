// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's one set of terminal connections behind both servers: network/maxConnections
// counts WebSocket and TCP terminals together, the idle sweep and last seen treat both alike, and
// each listener accepts only from its allowed networks (network/wsAllowedNetworks, tcpAllowedNetworks).
// The real Engine on port 0, real sockets; its time is a ManualClock the test moves.
#include "enginefixture.h"
#include "tcpclient.h"
#include "wsclient.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"
#include "settings/configchange.h"

#include <QTest>

using namespace termdesk;

class TestConnections : public QObject
{
    Q_OBJECT

    ManualClock m_clock;
    EngineFixture m_fx;

    void startEngine(const EngineConfig &c)
    {
        QVERIFY2(m_fx.start(c, &m_clock), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->wsPort() > 0 && m_fx.engine->tcpPort() > 0);
    }

    bool online(const char *sn) const { return m_fx.engine->registry()->isOnline(QLatin1String(sn)); }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }

    void cleanup() { m_fx.stopAndClear(); }

    void capCountsBothProtocolsTogether()
    {
        EngineConfig c = m_fx.config();
        c.maxConnections = 4;
        startEngine(c);
        WsClient ws1, ws2;
        QVERIFY(ws1.open(m_fx.engine->wsPort()));
        QVERIFY(ws1.reg(QStringLiteral("CAP-WS1")));
        TcpClient tcp1;
        QVERIFY(tcp1.open(m_fx.engine->tcpPort()));
        QVERIFY(tcp1.login("CAP-TCP1"));
        QVERIFY(ws2.open(m_fx.engine->wsPort()));
        QVERIFY(ws2.reg(QStringLiteral("CAP-WS2")));
        TcpClient tcp2;
        QVERIFY(tcp2.open(m_fx.engine->tcpPort()));
        QVERIFY(tcp2.login("CAP-TCP2"));

        // Two of each: the fifth is refused on either protocol.
        WsClient ws3;
        (void)ws3.open(m_fx.engine->wsPort()); // the upgrade may complete before the refusal
        // (closed with 1013 "try again later", which Qt 6.4's own client does not know: it sees 1002)
        QVERIFY(ws3.waitDisconnected());
        QVERIFY(ws3.socket.closeCode() != QWebSocketProtocol::CloseCodeNormal);
        QVERIFY(ws3.replies.isEmpty());
        TcpClient tcp3;
        QVERIFY(tcp3.open(m_fx.engine->tcpPort())); // the kernel accepts; the server resets it
        QVERIFY(tcp3.waitDisconnected());
        QCOMPARE(tcp3.next(0).cmd, quint8(0)); // not a byte from the server

        // The four are served all along.
        QVERIFY(tcp1.login("CAP-TCP1"));
        QVERIFY(ws2.reg(QStringLiteral("CAP-WS2")));

        // A TCP terminal leaves: its place goes to a WebSocket terminal, and then the set is full again.
        tcp1.socket.disconnectFromHost();
        QTRY_VERIFY(!online("CAP-TCP1"));
        WsClient ws4;
        QVERIFY(ws4.open(m_fx.engine->wsPort()));
        QVERIFY(ws4.reg(QStringLiteral("CAP-WS4")));
        TcpClient tcp4;
        QVERIFY(tcp4.open(m_fx.engine->tcpPort()));
        QVERIFY(tcp4.waitDisconnected());
        QVERIFY(online("CAP-WS1") && online("CAP-WS2") && online("CAP-TCP2") && online("CAP-WS4"));
    }

    void idleSweepAndLastSeenOnBothProtocols()
    {
        EngineConfig c = m_fx.config();
        c.idleTimeoutMs = 60'000;
        startEngine(c);
        WsClient ws;
        QVERIFY(ws.open(m_fx.engine->wsPort()));
        QVERIFY(ws.reg(QStringLiteral("IDLE-WS")));
        TcpClient tcp;
        QVERIFY(tcp.open(m_fx.engine->tcpPort()));
        QVERIFY(tcp.login("IDLE-TCP"));
        const QString seen = QStringLiteral("SELECT last_seen_ms FROM terminals WHERE sn = '%1'");

        // 59 s of silence is not idle: both still answer (which counts as activity).
        m_clock.advance(59'000);
        const qint64 heard = m_clock.wallClockMs();
        tcp.send(1);
        QCOMPARE(tcp.next().cmd, quint8(9));
        QCOMPARE(ws.call(R"({"cmd":"sendqrcode","sn":"IDLE-WS","record":"1"})").value(QLatin1String("result")),
                 QJsonValue(true));
        // Last seen is written every 30 s for what was heard since.
        m_clock.advance(30'000);
        QTRY_COMPARE(m_fx.db.value(seen.arg(QLatin1String("IDLE-TCP"))).toLongLong(), heard);
        QTRY_COMPARE(m_fx.db.value(seen.arg(QLatin1String("IDLE-WS"))).toLongLong(), heard);
        QVERIFY(!ws.disconnectedFlag && tcp.socket.state() == QAbstractSocket::ConnectedState);

        // 60 s after the last message both are closed, and their last seen is when they went.
        m_clock.advance(30'000);
        QVERIFY(ws.waitDisconnected());
        QVERIFY(tcp.waitDisconnected());
        QTRY_VERIFY(!online("IDLE-WS") && !online("IDLE-TCP"));
        QTRY_COMPARE(m_fx.db.value(seen.arg(QLatin1String("IDLE-TCP"))).toLongLong(), m_clock.wallClockMs());
        QTRY_COMPARE(m_fx.db.value(seen.arg(QLatin1String("IDLE-WS"))).toLongLong(), m_clock.wallClockMs());
    }

    void listenerAllowedNetworks()
    {
        // Loopback is not in the WebSocket list: such connections are closed before a byte is read,
        // while the TCP listener (its own list holds loopback) serves its terminal.
        EngineConfig c = m_fx.config();
        c.wsAllowedNetworks = QStringLiteral("10.20.0.0/16");
        c.tcpAllowedNetworks = QStringLiteral("192.168.77.0/24 127.0.0.0/8");
        startEngine(c);
        for (int i = 0; i < 3; ++i) { // a host that retries is refused each time (the log says it once)
            WsClient refused;
            QVERIFY(!refused.open(m_fx.engine->wsPort())); // closed before its upgrade is answered
            QVERIFY(refused.waitDisconnected());
            QVERIFY(refused.replies.isEmpty());
        }
        TcpClient tcp;
        QVERIFY(tcp.open(m_fx.engine->tcpPort()));
        QVERIFY(tcp.login("NET-TCP"));
        QVERIFY(!online("NET-WS"));

        // The operator widens the WebSocket list (the Settings dialog): new connections from loopback are
        // served; narrowing the TCP list refuses the next TCP connection but keeps the one registered.
        EngineConfig next = m_fx.engine->config();
        next.wsAllowedNetworks = QStringLiteral("10.20.0.0/16, 127.0.0.1");
        next.tcpAllowedNetworks = QStringLiteral("192.168.77.0/24");
        QSignalSpy applied(m_fx.engine.get(), &Engine::configApplied);
        m_fx.engine->applyConfig(next);
        QTRY_COMPARE(applied.size(), 1);
        QVERIFY(applied.first().first().value<ConfigApplyResult>().ok());
        WsClient ws;
        QVERIFY(ws.open(m_fx.engine->wsPort()));
        QVERIFY(ws.reg(QStringLiteral("NET-WS")));
        TcpClient late;
        QVERIFY(late.open(m_fx.engine->tcpPort())); // the kernel accepts; the server resets it
        QVERIFY(late.waitDisconnected());
        QVERIFY(tcp.login("NET-TCP"));

        // A list that is not one is refused with the setting and the entry named; the lists in force stay.
        next.wsAllowedNetworks = QStringLiteral("127.0.0.1, 10.0.0.0/33");
        m_fx.engine->applyConfig(next);
        QTRY_COMPARE(applied.size(), 2);
        const ConfigApplyResult bad = applied.last().first().value<ConfigApplyResult>();
        QCOMPARE(bad.errors.size(), 1);
        QVERIFY2(bad.errors.first().contains(QLatin1String("network/wsAllowedNetworks")) &&
                     bad.errors.first().contains(QLatin1String("10.0.0.0/33")),
                 qPrintable(bad.errors.first()));
        QCOMPARE(m_fx.engine->config().wsAllowedNetworks, QStringLiteral("10.20.0.0/16, 127.0.0.1"));
        WsClient again;
        QVERIFY(again.open(m_fx.engine->wsPort()));
        QVERIFY(again.reg(QStringLiteral("NET-WS2")));
    }

    void badListenerNetworksStopTheStart()
    {
        m_fx.stop();
        EngineConfig c = m_fx.config();
        c.tcpAllowedNetworks = QStringLiteral("192.168.1.0/24, 10.0.0.256");
        m_fx.engine = std::make_unique<Engine>(c);
        QVERIFY(!m_fx.engine->start());
        QVERIFY2(m_fx.engine->lastError().startsWith(QLatin1String("network/tcpAllowedNetworks is not a list")) &&
                     m_fx.engine->lastError().contains(QLatin1String("'10.0.0.256'")),
                 qPrintable(m_fx.engine->lastError()));
        QCOMPARE(m_fx.engine->wsPort(), quint16(0)); // nothing listens
    }
};

QTEST_GUILESS_MAIN(TestConnections)
#include "tst_connections.moc"
