// SPDX-License-Identifier: GPL-3.0-or-later
// The address a terminal connects from, as recorded and shown (Terminals view, `termdesk terminals`):
// IPv4 plainly, also when a dual-stack listener reports it IPv4-mapped (::ffff:127.0.0.1); rows
// recorded before that are shown the same way.
#include "../common/enginefixture.h"
#include "../common/wsclient.h"
#include "query/terminalquery.h"
#include "storage/terminalstore.h"
#include "tcpclient.h"
#include "util/peeraddress.h"

#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace termdesk;

class TestPeerAddress : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    // Every place a console or CLI user reads the address of @p sn: the database row, the Terminals
    // view's query, the store behind `termdesk terminals`.
    void checkShownEverywhere(const QString &sn, const QString &stored, const QString &shown)
    {
        QCOMPARE(m_fx.db.value(QStringLiteral("SELECT peer_address FROM terminals WHERE sn = '%1'").arg(sn)).toString(),
                 stored);
        const auto [records, rows] = m_fx.db.with([](QSqlDatabase db) {
            QString error;
            return std::pair{query::TerminalQuery::list(db, &error), storage::TerminalStore::list(db, &error)};
        });
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.first().peer, shown);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().peer, shown);
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }
    void cleanup() { m_fx.stopAndClear(); }

    void peerText_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("text");
        QTest::newRow("IPv4") << QStringLiteral("192.168.1.20") << QStringLiteral("192.168.1.20:50123");
        QTest::newRow("IPv4-mapped") << QStringLiteral("::ffff:192.168.1.20") << QStringLiteral("192.168.1.20:50123");
        QTest::newRow("mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << QStringLiteral("127.0.0.1:50123");
        QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("[::1]:50123");
        QTest::newRow("IPv6") << QStringLiteral("fe80::1") << QStringLiteral("[fe80::1]:50123");
    }

    void peerText()
    {
        QFETCH(QString, address);
        QFETCH(QString, text);
        QCOMPARE(net::peerText(QHostAddress(address), 50123), text);
    }

    void normalizedPeerText_data()
    {
        QTest::addColumn<QString>("recorded");
        QTest::addColumn<QString>("shown");
        QTest::newRow("mapped") << QStringLiteral("::ffff:10.0.0.5:40000") << QStringLiteral("10.0.0.5:40000");
        QTest::newRow("mapped, capitals")
            << QStringLiteral("::FFFF:10.0.0.5:40000") << QStringLiteral("10.0.0.5:40000");
        QTest::newRow("IPv4") << QStringLiteral("10.0.0.5:40000") << QStringLiteral("10.0.0.5:40000");
        QTest::newRow("IPv6 as recorded before") << QStringLiteral("::1:40000") << QStringLiteral("::1:40000");
        QTest::newRow("mapped, hex form") << QStringLiteral("::ffff:a00:5:40000") << QStringLiteral("10.0.0.5:40000");
        QTest::newRow("not a port") << QStringLiteral("::ffff:10.0.0.5:x") << QStringLiteral("::ffff:10.0.0.5:x");
        QTest::newRow("empty") << QString() << QString();
    }

    void normalizedPeerText()
    {
        QFETCH(QString, recorded);
        QFETCH(QString, shown);
        QCOMPARE(net::normalizedPeerText(recorded), shown);
    }

    // What the servers see: QTcpServer on QHostAddress::Any (the default --listen) is dual-stack where the
    // machine has IPv6, and an IPv4 client is then reported IPv4-mapped.
    void dualStackListenerReportsMappedPeers()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::Any, 0));
        QTcpSocket client;
        client.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QTRY_VERIFY(server.hasPendingConnections());
        std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
        const QHostAddress peer = accepted->peerAddress();
        qInfo() << "peer of an IPv4 client on a listener on Any:" << peer.toString();
        if (peer.protocol() == QAbstractSocket::IPv6Protocol)
            QCOMPARE(peer.toString(), QStringLiteral("::ffff:127.0.0.1")); // what the Terminals view showed
        QCOMPARE(net::peerText(peer, 50123), QStringLiteral("127.0.0.1:50123"));
    }

    // A listener on every address (the default) is dual-stack where the machine has IPv6: an IPv4
    // terminal is then reported as ::ffff:127.0.0.1. Recorded as 127.0.0.1 either way.
    void recordedAsIPv4_data()
    {
        QTest::addColumn<bool>("tcp");
        QTest::newRow("WebSocket") << false;
        QTest::newRow("TCP") << true;
    }

    void recordedAsIPv4()
    {
        QFETCH(bool, tcp);
        EngineConfig c = m_fx.config();
        c.listenAddress = QHostAddress::Any;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        WsClient ws;
        TcpClient t;
        const QString sn = tcp ? QStringLiteral("TCP-PEER") : QStringLiteral("WS-PEER");
        quint16 localPort = 0;
        if (tcp) {
            QVERIFY(t.open(m_fx.engine->tcpPort()));
            QVERIFY(t.login(sn.toUtf8()));
            localPort = t.socket.localPort();
        } else {
            QVERIFY(ws.open(m_fx.engine->wsPort()));
            QVERIFY(ws.reg(sn));
            localPort = ws.socket.localPort();
        }
        const QString expected = QStringLiteral("127.0.0.1:%1").arg(localPort);
        QTRY_COMPARE(
            m_fx.db.value(QStringLiteral("SELECT COUNT(*) FROM terminals WHERE peer_address = '%1'").arg(expected))
                .toInt(),
            1);
        checkShownEverywhere(sn, expected, expected);
    }

    void oldRowsShownAsIPv4()
    {
        QVERIFY2(m_fx.start(m_fx.config()), qPrintable(m_fx.engine->lastError()));
        WsClient ws;
        QVERIFY(ws.open(m_fx.engine->wsPort()));
        QVERIFY(ws.reg(QStringLiteral("OLD1")));
        ws.socket.close();
        m_fx.stop();
        // What an earlier version recorded behind a dual-stack listener.
        QVERIFY(m_fx.db.with([](QSqlDatabase db) {
            return QSqlQuery(db).exec(QStringLiteral("UPDATE terminals SET peer_address = '::ffff:10.0.0.5:40000'"));
        }));
        checkShownEverywhere(QStringLiteral("OLD1"), QStringLiteral("::ffff:10.0.0.5:40000"),
                             QStringLiteral("10.0.0.5:40000"));
    }
};

QTEST_GUILESS_MAIN(TestPeerAddress)
#include "tst_peeraddress.moc"
