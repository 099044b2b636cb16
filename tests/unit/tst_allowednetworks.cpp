// SPDX-License-Identifier: GPL-3.0-or-later
// net::AllowedNetworks (docs/security.md, "Allowed networks"): what the operator may write, what it
// lets through, and the peer texts it is asked about.
#include "util/allowednetworks.h"

#include <QTest>

using termdesk::net::AllowedNetworks;
using termdesk::net::peerHost;

class TestAllowedNetworks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyAllowsAnyAddress()
    {
        const auto list = AllowedNetworks::parse(QStringLiteral("  "));
        QVERIFY(list);
        QVERIFY(list->isEmpty());
        QVERIFY(list->allows(QHostAddress(QStringLiteral("203.0.113.9"))));
        QCOMPARE(list->text(), QString());
    }

    void allows_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("in /24") << "192.168.1.0/24"
                                << "192.168.1.20" << true;
        QTest::newRow("outside /24") << "192.168.1.0/24"
                                     << "192.168.2.20" << false;
        QTest::newRow("one address") << "10.0.0.7"
                                     << "10.0.0.7" << true;
        QTest::newRow("its neighbour") << "10.0.0.7"
                                       << "10.0.0.8" << false;
        QTest::newRow("second of two") << "10.0.0.0/8; 192.168.1.0/24"
                                       << "192.168.1.1" << true;
        QTest::newRow("IPv4-mapped from a dual-stack listener") << "192.168.1.0/24"
                                                                << "::ffff:192.168.1.20" << true;
        QTest::newRow("IPv6 network") << "fd00::/8"
                                      << "fd12::1" << true;
        QTest::newRow("IPv4 against an IPv6 network") << "fd00::/8"
                                                      << "127.0.0.1" << false;
        QTest::newRow("mapped network is IPv4") << "::ffff:10.0.0.0/104"
                                                << "10.1.2.3" << true;
    }

    void allows()
    {
        QFETCH(QString, list);
        QFETCH(QString, address);
        QFETCH(bool, allowed);
        QString error;
        const auto parsed = AllowedNetworks::parse(list, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->allows(QHostAddress(address)), allowed);
    }

    void textReadsBack()
    {
        const auto list = AllowedNetworks::parse(QStringLiteral("10.0.0.0/8,192.168.1.7 fd00::/8"));
        QVERIFY(list);
        QCOMPARE(list->text(), QStringLiteral("10.0.0.0/8, 192.168.1.7/32, fd00::/8"));
        QCOMPARE(AllowedNetworks::parse(list->text())->text(), list->text());
        QCOMPARE(AllowedNetworks::parse(QStringLiteral("::ffff:10.0.0.0/104"))->text(), QStringLiteral("10.0.0.0/8"));
        // masked as an IPv4 network is, so it reads back as itself
        QCOMPARE(AllowedNetworks::parse(QStringLiteral("::ffff:10.1.1.1/120"))->text(), QStringLiteral("10.1.1.0/24"));
    }

    void refusedWithTheReason_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("reason");
        QTest::newRow("prefix too long") << "10.0.0.0/33"
                                         << "'10.0.0.0/33' is not an address or a network (address/prefix)";
        QTest::newRow("a name") << "10.0.0.0/8, office"
                                << "'office' is not an address or a network (address/prefix)";
        // QHostAddress reads both of these as some other address (found by fuzz_settings)
        QTest::newRow("three parts") << "192.168.1/24"
                                     << "'192.168.1/24' is not an address or a network (address/prefix)";
        QTest::newRow("NUL inside")
            << QStringLiteral("10.0.0.1%1x/8").arg(QChar(0))
            << QStringLiteral("'10.0.0.1%1x/8' is not an address or a network (address/prefix)").arg(QChar(0));
        // it was read as 0.0.0.0/0, every IPv4 address (found by fuzz_settings)
        QTest::newRow("mapped, short prefix")
            << "::ffff:10.1.1.1/8"
            << "'::ffff:10.1.1.1/8' is an IPv4-mapped network with a prefix under 96; write it as an IPv4 network "
               "(a.b.c.d/n)";
        QTest::newRow("too many") << QStringLiteral("10.0.0.1 ").repeated(65) << "more than 64 allowed networks";
        QTest::newRow("too long") << QString(5000, u' ') << "allowed networks longer than 4096 characters";
    }

    void refusedWithTheReason()
    {
        QFETCH(QString, list);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!AllowedNetworks::parse(list, &error));
        QCOMPARE(error, reason);
    }

    void peerHostOfAPeerText()
    {
        QCOMPARE(peerHost(QStringLiteral("192.168.1.20:50123")), QHostAddress(QStringLiteral("192.168.1.20")));
        QCOMPARE(peerHost(QStringLiteral("[fe80::1]:50123")), QHostAddress(QStringLiteral("fe80::1")));
        QVERIFY(peerHost(QStringLiteral("not a peer")).isNull());
    }
};

QTEST_GUILESS_MAIN(TestAllowedNetworks)
#include "tst_allowednetworks.moc"
