// SPDX-License-Identifier: GPL-3.0-or-later
// Terminal identity (docs/security.md): a serial admitted on some hardware is refused from any other,
// the real terminal stays served, the operator is alerted and answers with the real `termdesk`
// CLI (accept-hardware, block-hardware, audited). The real Engine on port 0, hand-written frames,
// a real SQLite file.
#include "enginefixture.h"
#include "tcpclient.h"
#include "termdeskcli.h"
#include "wsclient.h"

#include "engine/engine.h"
#include "net/terminalregistry.h"

#include <QSignalSpy>
#include <QTest>

using namespace termdesk;
namespace pb = termdesk::tcp::v1;

namespace {

const QString MISMATCH = QStringLiteral("serial registered to other hardware");

QByteArray wsReg(const char *sn, const char *cpusn, const char *mac)
{
    return QStringLiteral(R"({"cmd":"reg","sn":"%1","cpusn":"%2","devinfo":{"modelname":"%3","mac":"%4"}})")
        .arg(QLatin1String(sn), QLatin1String(cpusn), QLatin1String(cpusn) + QStringLiteral("-model"),
             QLatin1String(mac))
        .toUtf8();
}

QByteArray sendlog(const char *sn, int enrollId, const char *time)
{
    return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":1,"logindex":%2,"record":[)"
                          R"({"enrollid":%2,"time":"%3","mode":1,"inout":0,"event":0}]})")
        .arg(QLatin1String(sn))
        .arg(enrollId)
        .arg(QLatin1String(time))
        .toUtf8();
}

bool acked(const QJsonObject &reply)
{
    return reply.value(QLatin1String("ret")).toString() == QLatin1String("sendlog") &&
           reply.value(QLatin1String("result")).toBool();
}

} // namespace

class TestTerminalIdentity : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    void startEngine() { QVERIFY2(m_fx.start(m_fx.config()), qPrintable(m_fx.engine->lastError())); }

    QVariant value(const QString &sql) { return m_fx.db.value(sql); }

    CliRun cli(const QStringList &args) { return runTermdesk(args, m_fx.dir.path(), 20000); }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }
    void cleanup() { m_fx.stopAndClear(); }

    void wsImpostorRefusedWhileTheRealTerminalStaysServed()
    {
        startEngine();
        QSignalSpy alerts(m_fx.engine.get(), &Engine::identityAlert);
        WsClient real, impostor;
        QVERIFY(real.open(m_fx.engine->wsPort()));
        QCOMPARE(real.call(wsReg("ID-1", "CPU-REAL", "00-01-a9-01-00-01")).value(QLatin1String("result")).toBool(),
                 true);
        QCOMPARE(value(QStringLiteral("SELECT identity FROM terminals WHERE sn='ID-1'")).toString(),
                 QStringLiteral("cpusn CPU-REAL, mac 00-01-A9-01-00-01"));
        QVERIFY(acked(real.call(sendlog("ID-1", 1, "2025-06-01 08:00:01"))));

        // a laptop with the label's serial, another CPU serial and MAC
        QVERIFY(impostor.open(m_fx.engine->wsPort()));
        const QJsonObject refused = impostor.call(wsReg("ID-1", "CPU-FAKE", "AA-BB-CC-DD-EE-FF"));
        QCOMPARE(refused.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(refused.value(QLatin1String("reason")).toString(), MISMATCH);
        // its punches are not attendance
        const QJsonObject notServed = impostor.call(sendlog("ID-1", 2, "2025-06-01 08:00:02"));
        QCOMPARE(notServed.value(QLatin1String("reason")).toString(), QStringLiteral("did not reg"));

        // the real terminal was not closed nor replaced, and is still served
        QVERIFY(!real.disconnectedFlag);
        QVERIFY(acked(real.call(sendlog("ID-1", 3, "2025-06-01 08:00:03"))));
        QVERIFY(!real.disconnectedFlag);
        QCOMPARE(m_fx.engine->registry()->onlineCount(), 1);
        QCOMPARE(value(QStringLiteral("SELECT group_concat(enroll_id) FROM (SELECT enroll_id FROM punches"
                                      " ORDER BY enroll_id)"))
                     .toString(),
                 QStringLiteral("1,3"));
        // what the real terminal reported is kept, not what the impostor said
        QCOMPARE(value(QStringLiteral("SELECT cpusn || ' ' || model FROM terminals WHERE sn='ID-1'")).toString(),
                 QStringLiteral("CPU-REAL CPU-REAL-model"));

        // the operator is alerted, with the details, in the engine and in `termdesk terminals`
        QTRY_COMPARE(alerts.size(), 1);
        const QString details = alerts.first().at(1).toString();
        QVERIFY2(details.startsWith(QStringLiteral("possible impostor or replaced hardware")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("cpusn CPU-FAKE, mac AA-BB-CC-DD-EE-FF")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("cpusn CPU-REAL")), qPrintable(details));
        QTRY_COMPARE(value(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn='ID-1'")).toString(),
                     QStringLiteral("cpusn CPU-FAKE, mac AA-BB-CC-DD-EE-FF"));
        const CliRun list = cli({QStringLiteral("terminals")});
        QCOMPARE(list.rc, 0);
        QVERIFY2(list.out.contains(QStringLiteral("possible impostor or replaced hardware: cpusn CPU-FAKE")),
                 qPrintable(list.out));
    }

    void replacementAcceptedByTheOperatorThenServed()
    {
        startEngine();
        WsClient old, replacement;
        QVERIFY(old.open(m_fx.engine->wsPort()));
        QVERIFY(old.call(wsReg("ID-2", "CPU-OLD", "00-00-00-00-00-01")).value(QLatin1String("result")).toBool());
        QVERIFY(replacement.open(m_fx.engine->wsPort()));
        QCOMPARE(replacement.call(wsReg("ID-2", "CPU-NEW", "00-00-00-00-00-02")).value(QLatin1String("reason")),
                 QJsonValue(MISMATCH));
        QTRY_VERIFY(!value(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn='ID-2'")).isNull());

        // nothing to accept on a terminal without an alert
        const CliRun none =
            cli({QStringLiteral("terminal"), QStringLiteral("accept-hardware"), QStringLiteral("NOPE")});
        QCOMPARE(none.rc, 1);
        QVERIFY2(none.err.contains(QStringLiteral("no terminal with serial NOPE")), qPrintable(none.err));

        const CliRun accept =
            cli({QStringLiteral("terminal"), QStringLiteral("accept-hardware"), QStringLiteral("ID-2")});
        QCOMPARE(accept.rc, 0);
        QVERIFY2(accept.err.contains(QStringLiteral("cpusn CPU-NEW")), qPrintable(accept.err));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action='terminal accept-hardware'"
                                      " AND target='ID-2' AND detail='cpusn CPU-NEW, mac 00-00-00-00-00-02'"
                                      " AND result='ok'"))
                     .toInt(),
                 1);
        QVERIFY(value(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn='ID-2'")).isNull());

        // the new hardware registers again: served now (the old connection is replaced)
        QCOMPARE(replacement.call(wsReg("ID-2", "CPU-NEW", "00-00-00-00-00-02")).value(QLatin1String("result")),
                 QJsonValue(true));
        QVERIFY(acked(replacement.call(sendlog("ID-2", 5, "2025-06-01 09:00:00"))));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id=5")).toInt(), 1);
        QVERIFY(old.waitDisconnected());
        // and the old hardware is the stranger now
        WsClient back;
        QVERIFY(back.open(m_fx.engine->wsPort()));
        QCOMPARE(back.call(wsReg("ID-2", "CPU-OLD", "00-00-00-00-00-01")).value(QLatin1String("reason")),
                 QJsonValue(MISMATCH));
    }

    void blockedHardwareRefusedWithoutANewAlert()
    {
        startEngine();
        QSignalSpy alerts(m_fx.engine.get(), &Engine::identityAlert);
        WsClient real, impostor;
        QVERIFY(real.open(m_fx.engine->wsPort()));
        QVERIFY(real.call(wsReg("ID-3", "CPU-REAL", "00-00-00-00-00-03")).value(QLatin1String("result")).toBool());
        QVERIFY(impostor.open(m_fx.engine->wsPort()));
        QCOMPARE(impostor.call(wsReg("ID-3", "CPU-FAKE", "00-00-00-00-00-04")).value(QLatin1String("reason")),
                 QJsonValue(MISMATCH));
        QTRY_COMPARE(alerts.size(), 1);
        const CliRun block =
            cli({QStringLiteral("terminal"), QStringLiteral("block-hardware"), QStringLiteral("ID-3")});
        QCOMPARE(block.rc, 0);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action='terminal block-hardware'"
                                      " AND target='ID-3' AND result='ok'"))
                     .toInt(),
                 1);
        QCOMPARE(impostor.call(wsReg("ID-3", "CPU-FAKE", "00-00-00-00-00-04")).value(QLatin1String("reason")),
                 QJsonValue(QStringLiteral("blocked")));
        QVERIFY(value(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn='ID-3'")).isNull());
        QCOMPARE(alerts.size(), 1);
        QVERIFY(!real.disconnectedFlag);
        QVERIFY(acked(real.call(sendlog("ID-3", 1, "2025-06-01 08:00:01"))));
    }

    void allowedNetworksOfATerminal()
    {
        startEngine();
        WsClient first;
        QVERIFY(first.open(m_fx.engine->wsPort()));
        QVERIFY(first.call(wsReg("NET-1", "CPU-N", "00-00-00-00-00-09")).value(QLatin1String("result")).toBool());

        const CliRun bad = cli({QStringLiteral("terminal"), QStringLiteral("networks"), QStringLiteral("NET-1"),
                                QStringLiteral("10.0.0.0/33")});
        QCOMPARE(bad.rc, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("'10.0.0.0/33' is not an address or a network")), qPrintable(bad.err));

        // a list without 127.0.0.1, where the terminal connects from
        const CliRun set = cli({QStringLiteral("terminal"), QStringLiteral("networks"), QStringLiteral("NET-1"),
                                QStringLiteral("10.0.0.0/8,192.168.1.7")});
        QCOMPARE(set.rc, 0);
        QCOMPARE(value(QStringLiteral("SELECT allowed_networks FROM terminals WHERE sn='NET-1'")).toString(),
                 QStringLiteral("10.0.0.0/8, 192.168.1.7/32"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit WHERE action='terminal networks' AND target='NET-1'"
                                      " AND detail='10.0.0.0/8, 192.168.1.7/32' AND result='ok'"))
                     .toInt(),
                 1);
        const CliRun list = cli({QStringLiteral("terminals")});
        QVERIFY2(list.out.contains(QStringLiteral("allowed networks: 10.0.0.0/8, 192.168.1.7/32")),
                 qPrintable(list.out));

        WsClient outside;
        QVERIFY(outside.open(m_fx.engine->wsPort()));
        const QJsonObject refused = outside.call(wsReg("NET-1", "CPU-N", "00-00-00-00-00-09"));
        QCOMPARE(refused.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(refused.value(QLatin1String("reason")).toString(),
                 QStringLiteral("address not allowed for this terminal"));
        QCOMPARE(outside.call(sendlog("NET-1", 7, "2025-06-01 08:00:07")).value(QLatin1String("reason")).toString(),
                 QStringLiteral("did not reg"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id=7")).toInt(), 0);

        // the loopback allowed: served again; "any" lifts the list
        QCOMPARE(cli({QStringLiteral("terminal"), QStringLiteral("networks"), QStringLiteral("NET-1"),
                      QStringLiteral("127.0.0.0/8")})
                     .rc,
                 0);
        WsClient inside;
        QVERIFY(inside.open(m_fx.engine->wsPort()));
        QVERIFY(inside.call(wsReg("NET-1", "CPU-N", "00-00-00-00-00-09")).value(QLatin1String("result")).toBool());
        QVERIFY(acked(inside.call(sendlog("NET-1", 8, "2025-06-01 08:00:08"))));
        QCOMPARE(cli({QStringLiteral("terminal"), QStringLiteral("networks"), QStringLiteral("NET-1"),
                      QStringLiteral("any")})
                     .rc,
                 0);
        QVERIFY(value(QStringLiteral("SELECT allowed_networks FROM terminals WHERE sn='NET-1'")).isNull());
    }

    void cliRefusesASerialNoTerminalCanHave()
    {
        startEngine();
        const CliRun r = cli({QStringLiteral("terminal"), QStringLiteral("approve"), QStringLiteral("AB CD")});
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QStringLiteral("serial character 3 not allowed (only printable ASCII, no space)")),
                 qPrintable(r.err));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM terminals")).toInt(), 0);
    }

    void tcpImpostorFromAnotherAddressRefusedWhileTheRealTerminalStaysServed()
    {
        startEngine();
        TcpClient real, impostor;
        QVERIFY(real.open(m_fx.engine->tcpPort()));
        QVERIFY(real.login("TCP-ID"));
        QCOMPARE(value(QStringLiteral("SELECT identity FROM terminals WHERE sn='TCP-ID'")).toString(),
                 QStringLiteral("address 127.0.0.1"));
        // another machine: 127.0.0.2 reaches the listener on 127.0.0.1 through the loopback
        if (!impostor.socket.bind(QHostAddress(QStringLiteral("127.0.0.2"))))
            QSKIP("cannot bind 127.0.0.2 here");
        QVERIFY(impostor.open(m_fx.engine->tcpPort()));
        impostor.send(2, "TCP-ID");
        const RawFrame r = impostor.next();
        QCOMPARE(r.cmd, quint8(2));
        const auto reply = TcpClient::parse<pb::LoginReply>(r);
        QVERIFY(!reply.accepted());
        QCOMPARE(QString::fromStdString(reply.reason()), MISMATCH);
        QVERIFY(impostor.waitDisconnected());
        QTRY_COMPARE(value(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn='TCP-ID'")).toString(),
                     QStringLiteral("address 127.0.0.2"));
        // the real terminal's report is still stored and acknowledged
        pb::Report rep;
        rep.set_sequence(12);
        pb::Punch *p = rep.add_punches();
        p->set_enroll_id(42);
        p->set_time(170899200);
        p->set_verify_mode(1);
        real.sendMsg(6, rep);
        const RawFrame ack = real.next();
        QCOMPARE(ack.cmd, quint8(6));
        QCOMPARE(TcpClient::parse<pb::Ack>(ack).sequence(), 12);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM punches WHERE enroll_id=42")).toInt(), 1);
        QCOMPARE(real.socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(m_fx.engine->registry()->onlineCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTerminalIdentity)
#include "tst_terminalidentity.moc"
