// SPDX-License-Identifier: GPL-3.0-or-later
// SimTcpTerminal against a fake TCP server whose frame code is written from the contract: exact header bytes,
// login, heartbeat, reports and their acks, lost acks, refusals, server requests, the sleep cycle, faults.
#include "faketcpserver.h"
#include "simtcpterminal.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using termdesk::sim::PunchKey;
using termdesk::sim::SimTcpTerminal;
using termdesk::sim::TcpFaults;
using termdesk::sim::TcpTerminalOptions;
namespace v1 = termdesk::tcp::v1;

namespace {

constexpr int TIMEOUT_MS = 10000;
constexpr quint8 HEARTBEAT = 1, LOGIN = 2, LOGOUT = 3, READ = 4, WRITE = 5, REPORT = 6, TIME = 7, REGISTRY = 8, ACK = 9;
constexpr quint8 REQUEST = 1, RESPONSE = 2;

TcpTerminalOptions testOptions(quint16 port)
{
    TcpTerminalOptions o;
    o.code = QStringLiteral("TCP00001");
    o.host = QStringLiteral("127.0.0.1");
    o.port = port;
    o.firstSequence = 100;
    o.reconnectMinMs = 10;
    o.reconnectMaxMs = 50;
    o.loginRetryMs = 30;
    o.awakeMs = 60000; // awake for the whole test unless it says otherwise
    o.sleepMs = 100;
    o.faultCloseTimeoutMs = 300;
    o.doorEvents = 0;
    return o;
}

quint32 seconds2020Now()
{
    return quint32((QDateTime::currentMSecsSinceEpoch() - FakeTcpServer::EPOCH_2020_MS) / 1000);
}

QString utcText(quint32 seconds2020)
{
    return QDateTime::fromMSecsSinceEpoch(FakeTcpServer::EPOCH_2020_MS + qint64(seconds2020) * 1000, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Index of the first event matching, from position `from`; -1 = none.
qsizetype findEvent(const FakeTcpServer &server, bool fromServer, quint8 cmd, quint8 type, qint64 sequence = -2,
                    qsizetype from = 0)
{
    for (qsizetype i = from; i < server.events.size(); ++i) {
        const FakeTcpServer::Event &e = server.events.at(i);
        if (e.fromServer == fromServer && e.cmd == cmd && e.transferType == type &&
            (sequence == -2 || e.sequence == sequence))
            return i;
    }
    return -1;
}

// The bytes a connection received after its last complete valid frame.
QByteArray leftover(const FakeTcpServer &server, int connection)
{
    qsizetype used = 0;
    for (const FakeTcpServer::Frame &f : server.frames) {
        if (f.connection == connection)
            used += f.raw.size();
    }
    return server.connections.at(connection).received.mid(used);
}

} // namespace

class TestSimTcpTerminal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loginHeartbeatTimeExactBytes();
    void reportsOneInFlightWithSequenceEcho();
    void lostAckResendsSameSequence();
    void lostAckFault();
    void refusedLoginIsRetried();
    void requestsAnsweredAfterHeartbeat();
    void rebootComesBack();
    void openDoorAndClearPunches();
    void reportUsersOnStart();
    void awakeLogoutSleepWake();
    void alwaysAwakeKeepsHeartbeating();
    void slowSenderWritesSingleBytes();
    void garbageFaultIsClosedByServer();
    void oversizeFault();
    void resentReportFault();
    void setHostAfterServerLoss();
};

void TestSimTcpTerminal::loginHeartbeatTimeExactBytes()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    server.assignedTerminalId = 0x00abcdef;
    TcpTerminalOptions o = testOptions(server.port());
    o.askRegistry = true;
    SimTcpTerminal t(o);
    QSignalSpy registered(&t, &SimTcpTerminal::registered);
    const quint32 before = seconds2020Now();
    const quint32 derivedId = t.terminalId();
    QVERIFY(derivedId > 0 && derivedId <= 0xffffff);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(t.registryAddress() == QStringLiteral("10.1.2.3:7789"), TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(t.serverTimeMs(), server.serverTimeMs, TIMEOUT_MS);
    const quint32 after = seconds2020Now();
    QCOMPARE(registered.size(), 1);

    QVERIFY(server.frames.size() >= 4);
    const FakeTcpServer::Frame login = server.frames.at(0);
    QVERIFY2(login.terminalTime >= before && login.terminalTime <= after,
             qPrintable(QString::number(login.terminalTime)));
    // 78 57 | terminalId | cmd 02 | source 02 | transferType 01 | terminalTime | bodyLength 00 08 | "TCP00001"
    QByteArray expected = QByteArray::fromHex("7857");
    for (int shift = 24; shift >= 0; shift -= 8)
        expected.append(char((derivedId >> shift) & 0xff));
    expected.append(QByteArray::fromHex("020201"));
    for (int shift = 24; shift >= 0; shift -= 8)
        expected.append(char((login.terminalTime >> shift) & 0xff));
    expected.append(QByteArray::fromHex("0008"));
    expected.append("TCP00001");
    QCOMPARE(login.raw.toHex(' '), expected.toHex(' '));

    // Then a heartbeat, the server time and the registry, all empty requests with the id the server assigned.
    QList<quint8> cmds;
    for (qsizetype i = 1; i < 4; ++i) {
        const FakeTcpServer::Frame &f = server.frames.at(i);
        cmds.append(f.cmd);
        QCOMPARE(f.terminalId, 0x00abcdefu);
        QCOMPARE(f.source, quint8(2));
        QCOMPARE(f.transferType, REQUEST);
        QCOMPARE(f.bodyLength, quint16(0));
        QCOMPARE(f.raw.size(), 15);
    }
    QCOMPARE(cmds, (QList<quint8>{HEARTBEAT, TIME, REGISTRY}));
    QCOMPARE(t.terminalId(), 0x00abcdefu);
    QCOMPARE(t.counters().wakeups, 1);
    QVERIFY(server.reports().isEmpty()); // nothing to report
}

void TestSimTcpTerminal::reportsOneInFlightWithSequenceEcho()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    SimTcpTerminal t(testOptions(server.port()));
    QSignalSpy acked(&t, &SimTcpTerminal::batchAcknowledged);
    t.generatePunches(25);
    t.start();

    QTRY_COMPARE_WITH_TIMEOUT(server.reports().size(), 1, TIMEOUT_MS);
    const v1::Report first = server.reports().at(0);
    QCOMPARE(first.sequence(), 100u);
    QCOMPARE(first.punches_size(), 10);
    QVERIFY(first.has_status());
    QCOMPARE(first.status().model(), std::string("TcpFace"));
    QCOMPARE(first.status().users_used(), 50u);
    QCOMPARE(first.status().new_logs(), 25u);
    QVERIFY(first.status().user_capacity() >= 50);
    QVERIFY(first.status().log_capacity() > 0);
    QVERIFY(!first.status().firmware().empty());

    server.ackReport(100);
    QTRY_COMPARE_WITH_TIMEOUT(server.reports().size(), 2, TIMEOUT_MS);
    QCOMPARE(server.reports().at(1).sequence(), 101u);

    // A wrong sequence does not release the report: a read request answered afterwards proves it was processed.
    server.ackReport(999);
    v1::ReadRequest barrier;
    barrier.set_sequence(5);
    barrier.set_target(v1::DEVICE_STATUS);
    server.readNow(barrier);
    QTRY_COMPARE_WITH_TIMEOUT(server.readResponses().size(), 1, TIMEOUT_MS);
    QCOMPARE(server.reports().size(), 2);
    QCOMPARE(acked.size(), 1);

    server.ackReport(101);
    QTRY_COMPARE_WITH_TIMEOUT(server.reports().size(), 3, TIMEOUT_MS);
    QCOMPARE(server.reports().at(2).sequence(), 102u);
    QCOMPARE(server.reports().at(2).punches_size(), 5);
    server.ackReport(102);
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QVERIFY(findEvent(server, false, REPORT, REQUEST, 102) > findEvent(server, true, REPORT, RESPONSE, 101));

    const auto c = t.counters();
    QCOMPARE(c.generated, 25);
    QCOMPARE(c.sent, 25);
    QCOMPARE(c.acknowledged, 25);
    QCOMPARE(c.resent, 0);
    QCOMPARE(c.batchesAcked, 3);
    QCOMPARE(c.reconnects, 0);
    QCOMPARE(t.nextSequence(), 103u);

    // acknowledged(): the punches as sent, time = the UTC instant, strictly increasing.
    QList<v1::Punch> punches;
    for (const v1::Report &r : server.reports())
        punches.append(QList<v1::Punch>(r.punches().begin(), r.punches().end()));
    QCOMPARE(t.acknowledged().size(), 25);
    for (qsizetype i = 0; i < punches.size(); ++i) {
        const v1::Punch &p = punches.at(i);
        const PunchKey &k = t.acknowledged().at(i);
        QCOMPARE(k.sn, QStringLiteral("TCP00001"));
        QVERIFY(k.utc);
        QCOMPARE(k.enrollId, qint64(p.enroll_id()));
        QVERIFY(p.enroll_id() >= 1 && p.enroll_id() <= 50);
        QCOMPARE(k.time, utcText(p.time()));
        QCOMPARE(k.mode, int(p.verify_mode()));
        QVERIFY(k.mode == 1 || k.mode == 2 || k.mode == 3 || k.mode == 8);
        QCOMPARE(k.inOut, int(p.in_out()));
        QCOMPARE(k.event, 0);
        if (i > 0)
            QVERIFY(p.time() > punches.at(i - 1).time());
    }
    QVERIFY(punches.constFirst().time() < seconds2020Now()); // the log starts a day back
}

void TestSimTcpTerminal::lostAckResendsSameSequence()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    server.closeInsteadOfAck = 1;
    SimTcpTerminal t(testOptions(server.port()));
    t.generatePunches(5);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);

    const QList<FakeTcpServer::Frame> reports = server.withCmd(REPORT);
    QCOMPARE(reports.size(), 2);
    QCOMPARE(reports.at(0).connection, 0);
    QCOMPARE(reports.at(1).connection, 1);
    QCOMPARE(reports.at(0).body, reports.at(1).body); // the same report, the same sequence
    QCOMPARE(server.reports().at(1).sequence(), 100u);
    // On the new connection: login first, then the held report.
    QVERIFY(findEvent(server, false, LOGIN, REQUEST, -2, findEvent(server, false, REPORT, REQUEST)) <
            findEvent(server, false, REPORT, REQUEST, 100, findEvent(server, false, REPORT, REQUEST) + 1));
    const auto c = t.counters();
    QCOMPARE(c.sent, 5);
    QCOMPARE(c.resent, 5);
    QCOMPARE(c.acknowledged, 5);
    QCOMPARE(c.reconnects, 1);
    QCOMPARE(c.wakeups, 2);
}

void TestSimTcpTerminal::lostAckFault()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.faults.lostAck = 1;
    SimTcpTerminal t(o);
    t.generatePunches(3);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(server.reports().size() >= 3, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(t.counters().reconnects >= 2, TIMEOUT_MS);
    QCOMPARE(t.counters().acknowledged, 0);
    const QList<FakeTcpServer::Frame> frames = server.withCmd(REPORT);
    for (const FakeTcpServer::Frame &f : frames)
        QCOMPARE(f.body, frames.constFirst().body);
    QCOMPARE(frames.at(1).connection, frames.at(0).connection + 1);

    t.setFaults(TcpFaults{});
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QCOMPARE(server.reports().constLast().sequence(), 100u);
    QCOMPARE(t.counters().sent, 3);
}

void TestSimTcpTerminal::refusedLoginIsRetried()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    server.loginResults = {false, false};
    SimTcpTerminal t(testOptions(server.port()));
    QSignalSpy refused(&t, &SimTcpTerminal::refused);
    QSignalSpy registered(&t, &SimTcpTerminal::registered);
    t.generatePunches(2);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QCOMPARE(refused.size(), 2);
    QCOMPARE(refused.constFirst().constFirst().toString(), QStringLiteral("unknown terminal"));
    QCOMPARE(registered.size(), 1);
    const QList<FakeTcpServer::Frame> logins = server.withCmd(LOGIN);
    QCOMPARE(logins.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(logins.at(i).connection, i); // refused: disconnect, retry later on a new connection
    for (const FakeTcpServer::Frame &f : server.frames) {
        if (f.connection < 2)
            QCOMPARE(f.cmd, LOGIN); // nothing else before the login is accepted
    }
    QCOMPARE(t.counters().refused, 2);
    QCOMPARE(t.counters().wakeups, 1);
}

void TestSimTcpTerminal::requestsAnsweredAfterHeartbeat()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    v1::ReadRequest status;
    status.set_sequence(11);
    status.set_target(v1::DEVICE_STATUS);
    server.queueRead(status);
    v1::ReadRequest users;
    users.set_sequence(12);
    users.set_target(v1::USERS);
    users.set_limit(20);
    server.queueRead(users);
    v1::WriteRequest write;
    write.set_sequence(13);
    v1::User *added = write.add_upsert_users();
    added->set_enroll_id(777);
    added->set_name("Newcomer");
    v1::Credential *card = added->add_credentials();
    card->set_backup_num(11);
    card->set_data("12345678");
    write.add_delete_enroll_ids(1);
    const qint64 setTo = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
    write.set_set_time_ms(setTo);
    server.queueWrite(write);
    v1::ReadRequest lastUsers;
    lastUsers.set_sequence(14);
    lastUsers.set_target(v1::USERS);
    lastUsers.set_offset(40);
    lastUsers.set_limit(20);
    server.queueRead(lastUsers);
    v1::ReadRequest punches;
    punches.set_sequence(15);
    punches.set_target(v1::PUNCHES);
    punches.set_limit(3);
    server.queueRead(punches);
    v1::WriteRequest bad;
    bad.set_sequence(16);
    bad.add_upsert_users()->set_name("no id");
    server.queueWrite(bad);

    SimTcpTerminal t(testOptions(server.port()));
    QSignalSpy answered(&t, &SimTcpTerminal::requestAnswered);
    t.generatePunches(5);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 6, TIMEOUT_MS);
    QCOMPARE(t.counters().requestsAnswered, 6);
    // The terminal counts an answer once sent; the server has it once read: wait for the last one.
    QTRY_COMPARE_WITH_TIMEOUT(server.readResponses().size() + server.writeResponses().size(), qsizetype(6), TIMEOUT_MS);

    // The first request went out right after the heartbeat's ack; each next one after the previous answer.
    const qsizetype heartbeatAck = findEvent(server, true, ACK, RESPONSE, 0);
    QVERIFY(heartbeatAck > findEvent(server, false, HEARTBEAT, REQUEST));
    QCOMPARE(findEvent(server, true, READ, REQUEST, 11), heartbeatAck + 1);
    QVERIFY(findEvent(server, true, READ, REQUEST, 12) > findEvent(server, false, READ, RESPONSE, 11));
    QVERIFY(findEvent(server, true, WRITE, REQUEST, 13) > findEvent(server, false, READ, RESPONSE, 12));
    QVERIFY(findEvent(server, true, READ, REQUEST, 14) > findEvent(server, false, WRITE, RESPONSE, 13));

    const QList<v1::ReadResponse> reads = server.readResponses();
    QCOMPARE(reads.size(), 4);
    QCOMPARE(reads.at(0).sequence(), 11u);
    QVERIFY(reads.at(0).ok());
    QCOMPARE(reads.at(0).status().users_used(), 50u);
    QCOMPARE(reads.at(0).status().model(), std::string("TcpFace"));
    QCOMPARE(reads.at(1).sequence(), 12u);
    QCOMPARE(reads.at(1).users_size(), 20);
    QCOMPARE(reads.at(1).users(0).enroll_id(), 1u);
    QCOMPARE(reads.at(1).users(19).enroll_id(), 20u);
    QVERIFY(reads.at(1).users(0).credentials_size() > 0);
    QVERIFY(reads.at(1).more());
    // After the write: user 1 gone, 777 added, still 50 users: offset 40 holds 42..50 and 777.
    QCOMPARE(reads.at(2).sequence(), 14u);
    QCOMPARE(reads.at(2).users_size(), 10);
    QCOMPARE(reads.at(2).users(0).enroll_id(), 42u);
    QCOMPARE(reads.at(2).users(9).enroll_id(), 777u);
    QCOMPARE(reads.at(2).users(9).name(), std::string("Newcomer"));
    QCOMPARE(reads.at(2).users(9).credentials(0).data(), std::string("12345678"));
    QVERIFY(!reads.at(2).more());
    QCOMPARE(reads.at(3).sequence(), 15u);
    QCOMPARE(reads.at(3).punches_size(), 3);
    QVERIFY(reads.at(3).more());

    const QList<v1::WriteResponse> writes = server.writeResponses();
    QCOMPARE(writes.size(), 2);
    QCOMPARE(writes.at(0).sequence(), 13u);
    QVERIFY(writes.at(0).ok());
    QCOMPARE(writes.at(1).sequence(), 16u);
    QVERIFY(!writes.at(1).ok());
    QVERIFY(!writes.at(1).error().empty());

    // set_time_ms moved the terminal clock (and the header time) an hour ahead.
    QVERIFY(qAbs(t.clockMs() - (QDateTime::currentMSecsSinceEpoch() + 3600 * 1000)) < 5000);
    QVERIFY(server.frames.constLast().terminalTime >= seconds2020Now() + 3590);
}

void TestSimTcpTerminal::rebootComesBack()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    v1::WriteRequest reboot;
    reboot.set_sequence(21);
    reboot.set_reboot(true);
    server.queueWrite(reboot);
    SimTcpTerminal t(testOptions(server.port()));
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(LOGIN).size(), 2, TIMEOUT_MS);
    QCOMPARE(server.writeResponses().size(), 1);
    QCOMPARE(server.writeResponses().constFirst().sequence(), 21u);
    QVERIFY(server.writeResponses().constFirst().ok());
    QCOMPARE(server.withCmd(LOGIN).constLast().connection, 1);
    QTRY_COMPARE_WITH_TIMEOUT(t.counters().reconnects, 1, TIMEOUT_MS);
}

void TestSimTcpTerminal::openDoorAndClearPunches()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.heartbeatMs = 100;
    SimTcpTerminal t(o);
    t.generatePunches(4);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);

    v1::WriteRequest write;
    write.set_sequence(31);
    write.set_open_door(true);
    write.set_clear_punches(true);
    server.queueWrite(write);
    v1::ReadRequest read;
    read.set_sequence(32);
    read.set_target(v1::PUNCHES);
    server.queueRead(read);
    t.wakeUp();                                                              // no effect while connected
    QTRY_COMPARE_WITH_TIMEOUT(server.readResponses().size(), 1, TIMEOUT_MS); // after the next heartbeat
    QVERIFY(server.writeResponses().constFirst().ok());
    const v1::ReadResponse punches = server.readResponses().constFirst();
    QCOMPARE(punches.sequence(), 32u);
    QVERIFY(punches.punches_size() <= 1); // the acknowledged punches are gone; the door event maybe not yet
    QTRY_COMPARE_WITH_TIMEOUT(t.undeliveredRecords(), 0, TIMEOUT_MS);
    const v1::Report door = server.reports().constLast();
    QCOMPARE(door.punches_size(), 1);
    QCOMPARE(door.punches(0).enroll_id(), 0u); // a door event: enroll_id 0, event 3 (opened by software)
    QCOMPARE(door.punches(0).event(), 3u);
    QCOMPARE(t.acknowledged().size(), 4); // door events are not punches
    QCOMPARE(t.counters().doorEvents, 1);
    QCOMPARE(t.counters().acknowledged, 4);
}

void TestSimTcpTerminal::reportUsersOnStart()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.users = 250;
    o.reportUsers = true;
    SimTcpTerminal t(o);
    QSignalSpy idle(&t, &SimTcpTerminal::idle);
    t.generatePunches(3);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty(), TIMEOUT_MS);
    const QList<v1::Report> reports = server.reports();
    QCOMPARE(reports.size(), 3);
    QCOMPARE(reports.at(0).users_size(), 200);
    QCOMPARE(reports.at(0).punches_size(), 0);
    QCOMPARE(reports.at(1).users_size(), 50);
    QCOMPARE(reports.at(1).users(49).enroll_id(), 250u);
    QCOMPARE(reports.at(2).users_size(), 0);
    QCOMPARE(reports.at(2).punches_size(), 3);
    for (const v1::Report &r : reports)
        QVERIFY(r.ByteSizeLong() <= 65535);
}

void TestSimTcpTerminal::awakeLogoutSleepWake()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.awakeMs = 100;
    o.sleepMs = 150;
    SimTcpTerminal t(o);
    QSignalSpy asleep(&t, &SimTcpTerminal::asleep);
    connect(&t, &SimTcpTerminal::asleep, this, [&t, &asleep] {
        if (asleep.size() == 1)
            t.generatePunches(2); // while asleep: they wait for the next wake
    });
    t.generatePunches(3);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(server.withCmd(LOGIN).size() >= 2, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(server.withCmd(LOGOUT).size() >= 2, TIMEOUT_MS);

    const FakeTcpServer::Frame logout = server.withCmd(LOGOUT).constFirst();
    QCOMPARE(logout.connection, 0);
    QCOMPARE(logout.body, QByteArray("TCP00001"));
    QVERIFY(server.connections.at(0).socket == nullptr); // closed after the logout ack
    // Connection 0: login, heartbeat, time, the report, its ack, then (awake time later) the logout.
    const QList<v1::Report> reports = server.reports();
    QCOMPARE(reports.size(), 2);
    QCOMPARE(reports.at(0).punches_size(), 3);
    QCOMPARE(reports.at(1).punches_size(), 2);
    QCOMPARE(server.withCmd(REPORT).at(1).connection, 1);
    QVERIFY(findEvent(server, false, LOGOUT, REQUEST) > findEvent(server, true, REPORT, RESPONSE, 100));
    QCOMPARE(server.withCmd(LOGIN).at(1).connection, 1);
    QVERIFY(asleep.size() >= 1);
    const auto c = t.counters();
    QVERIFY(c.wakeups >= 2);
    QCOMPARE(c.reconnects, 0); // planned sleeps are not reconnects
    QCOMPARE(c.resent, 0);
}

void TestSimTcpTerminal::alwaysAwakeKeepsHeartbeating()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.alwaysAwake = true;
    o.awakeMs = 10;
    o.heartbeatMs = 30;
    SimTcpTerminal t(o);
    t.generatePunches(1);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(server.withCmd(HEARTBEAT).size() >= 4, TIMEOUT_MS);
    QCOMPARE(server.connections.size(), 1);
    QVERIFY(server.withCmd(LOGOUT).isEmpty());
    QCOMPARE(server.withCmd(TIME).size(), 1); // the server time once per wake
    QCOMPARE(t.state(), SimTcpTerminal::State::Awake);
}

void TestSimTcpTerminal::slowSenderWritesSingleBytes()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.faults.slowSender = 1;
    SimTcpTerminal t(o);
    t.generatePunches(4);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    const FakeTcpServer::Connection &c = server.connections.at(0);
    const qsizetype bytes = c.received.size();
    // Login 23 + heartbeat 15 + time 15 + the report: one byte per event-loop turn arrives in many pieces.
    QVERIFY(bytes > 60);
    QVERIFY2(c.reads * 3 >= bytes, qPrintable(QStringLiteral("%1 reads for %2 bytes").arg(c.reads).arg(bytes)));
    QCOMPARE(server.malformedConnections(), 0);
    QCOMPARE(server.reports().size(), 1);
    QCOMPARE(server.reports().constFirst().punches_size(), 4);
}

void TestSimTcpTerminal::garbageFaultIsClosedByServer()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.faults.garbage = 1;
    SimTcpTerminal t(o);
    t.generatePunches(3);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(server.malformedConnections() >= 2, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(t.counters().reconnects >= 1, TIMEOUT_MS);
    const QByteArray junk = leftover(server, 0);
    QVERIFY(junk.size() >= 16);
    QVERIFY(junk.left(2) != QByteArray::fromHex("7857"));
    QVERIFY(server.reports().isEmpty()); // the report never went out: garbage instead of it
    QVERIFY(t.counters().faultsInjected >= 2);

    t.setFaults(TcpFaults{});
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QCOMPARE(t.counters().faultsUnclosed, 0);
    QCOMPARE(t.counters().sent, 3);
    QCOMPARE(server.reports().constFirst().sequence(), 100u);
}

void TestSimTcpTerminal::oversizeFault()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.faults.oversize = 1;
    o.faultCloseTimeoutMs = 100;
    SimTcpTerminal t(o);
    t.generatePunches(1);
    t.start();
    auto variants = [&] {
        int truncated = 0;
        int badMagic = 0;
        for (int i = 0; i < server.connections.size(); ++i) {
            const QByteArray rest = leftover(server, i);
            if (rest.size() == 15 + 16 && rest.left(2) == QByteArray::fromHex("7857") &&
                rest.mid(6, 3) == QByteArray::fromHex("060201") && rest.mid(13, 2) == QByteArray::fromHex("ffff"))
                ++truncated;
            else if (rest.size() == 15 && rest.left(2) == QByteArray::fromHex("5778") &&
                     server.connections.at(i).malformed)
                ++badMagic;
        }
        return std::pair{truncated, badMagic};
    };
    QTRY_VERIFY_WITH_TIMEOUT(variants().first >= 1 && variants().second >= 1, TIMEOUT_MS);
    QVERIFY(server.reports().isEmpty());
    // The truncated frame leaves the server waiting: the terminal gives up; a bad magic makes the server close.
    QCOMPARE(t.counters().faultsUnclosed, 0);
    QVERIFY(t.counters().faultsInjected >= 2);
    t.setFaults(TcpFaults{});
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
}

void TestSimTcpTerminal::resentReportFault()
{
    FakeTcpServer server;
    QVERIFY(server.listen());
    TcpTerminalOptions o = testOptions(server.port());
    o.faults.resentReport = 1;
    SimTcpTerminal t(o);
    t.generatePunches(4);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(server.withCmd(REPORT).size(), 2, TIMEOUT_MS);
    QCOMPARE(server.withCmd(REPORT).at(0).body, server.withCmd(REPORT).at(1).body);
    QCOMPARE(server.connections.size(), 1);
    const auto c = t.counters();
    QCOMPARE(c.sent, 4);
    QCOMPARE(c.resent, 4);
    QCOMPARE(c.acknowledged, 4);
    QCOMPARE(c.batchesAcked, 1); // the second ack (same sequence) is ignored
}

void TestSimTcpTerminal::setHostAfterServerLoss()
{
    auto first = std::make_unique<FakeTcpServer>();
    QVERIFY(first->listen());
    TcpTerminalOptions o = testOptions(first->port());
    o.reconnectMinMs = 2000; // slow back-off: setHost must not wait for it
    o.reconnectMaxMs = 2000;
    SimTcpTerminal t(o);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(t.isLoggedIn(), TIMEOUT_MS);
    QSignalSpy disconnected(&t, &SimTcpTerminal::disconnected);
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, TIMEOUT_MS);
    QCOMPARE(t.state(), SimTcpTerminal::State::BackingOff);

    FakeTcpServer second;
    QVERIFY(second.listen());
    t.generatePunches(2);
    t.setHost(QStringLiteral("127.0.0.1"), second.port());
    QTRY_COMPARE_WITH_TIMEOUT(t.pendingRecords(), 0, 1500);
    QCOMPARE(second.withCmd(LOGIN).size(), 1);
    QCOMPARE(t.counters().reconnects, 1);
}

QTEST_GUILESS_MAIN(TestSimTcpTerminal)
#include "tst_simtcpterminal.moc"
