// SPDX-License-Identifier: GPL-3.0-or-later
// Who holds a port that is in use (net/portowner): /proc on Linux, the IP helper on Windows.
#include "net/portowner.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpServer>
#include <QTest>

class TestPortOwner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesThisProcessForItsOwnListener_data();
    void namesThisProcessForItsOwnListener();
    void emptyForAPortNobodyListensOn();
};

void TestPortOwner::namesThisProcessForItsOwnListener_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::newRow("IPv4 loopback") << QHostAddress(QHostAddress::LocalHost);
    QTest::newRow("any (dual stack)") << QHostAddress(QHostAddress::Any);
}

void TestPortOwner::namesThisProcessForItsOwnListener()
{
    QFETCH(QHostAddress, address);
    QTcpServer server;
    QVERIFY2(server.listen(address, 0), qPrintable(server.errorString()));
    const QString owner = termdesk::net::describePortOwner(server.serverPort());
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(owner.startsWith(QStringLiteral("pid %1 (").arg(pid)), qPrintable(owner));
    // Linux gives the name cut to 15 characters (/proc/PID/comm), Windows the file name.
    const QString name = QFileInfo(QCoreApplication::applicationFilePath()).fileName().left(12);
    QVERIFY2(owner.contains(name), qPrintable(owner));
}

void TestPortOwner::emptyForAPortNobodyListensOn()
{
    quint16 port = 0;
    {
        QTcpServer server; // a port that was free a moment ago, and is again
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
    }
    QCOMPARE(termdesk::net::describePortOwner(port), QString());
}

QTEST_GUILESS_MAIN(TestPortOwner)
#include "tst_portowner.moc"
