// SPDX-License-Identifier: GPL-3.0-or-later
// Server → terminal commands answered by SimTerminal: clock, paging of logs and users, door, reboot.
#include "fakeserver.h"
#include "simterminal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using termdesk::sim::SimTerminal;
using termdesk::sim::TerminalOptions;

namespace {

constexpr int TIMEOUT_MS = 10000;

} // namespace

class TestSimCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void setTimeMovesTheClock();
    void setTimeRejectsOtherFormats();
    void getNewLogPagesUntilEmpty();
    void getAllLogFiltersByDate();
    void getUserListPagesOf40();
    void getDevInfoAndSetDevInfo();
    void openDoorLogsADoorEvent();
    void unknownCommand();
    void rebootDropsAndReconnects();
    void noAnswersBeforeReg();

private:
    /// Sends a command and waits for the reply named @p ret (the next one after those already seen).
    QJsonObject call(const QByteArray &command, const QString &ret);
    void startTerminal(int punches, int users = 50);

    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<SimTerminal> m_terminal;
};

void TestSimCommands::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
}

void TestSimCommands::cleanup()
{
    m_terminal.reset();
    m_server.reset();
}

void TestSimCommands::startTerminal(int punches, int users)
{
    TerminalOptions o;
    o.sn = QStringLiteral("CMD001");
    o.url = m_server->url();
    o.users = users;
    o.reconnectMinMs = 10;
    o.reconnectMaxMs = 50;
    o.doorEvents = 0;
    m_terminal = std::make_unique<SimTerminal>(o);
    QSignalSpy registered(m_terminal.get(), &SimTerminal::registered);
    m_terminal->generatePunches(punches);
    m_terminal->start();
    QVERIFY(registered.wait(TIMEOUT_MS));
}

QJsonObject TestSimCommands::call(const QByteArray &command, const QString &ret)
{
    const qsizetype before = m_server->withRet(ret).size();
    m_server->send(command);
    if (!QTest::qWaitFor([&] { return m_server->withRet(ret).size() > before; }, TIMEOUT_MS))
        return {};
    return m_server->withRet(ret).at(before);
}

void TestSimCommands::setTimeMovesTheClock()
{
    startTerminal(0);
    const QDateTime target = QDateTime::currentDateTime().addSecs(3600);
    const QJsonObject reply = call(QStringLiteral(R"({"cmd":"settime","cloudtime":"%1"})")
                                       .arg(target.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                                       .toUtf8(),
                                   QStringLiteral("settime"));
    QCOMPARE(reply.value(QLatin1String("result")).toBool(), true);
    QCOMPARE(reply.value(QLatin1String("sn")).toString(), QStringLiteral("CMD001"));
    const QJsonObject time = call(R"({"cmd":"gettime"})", QStringLiteral("gettime"));
    const QDateTime device =
        QDateTime::fromString(time.value(QLatin1String("time")).toString(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QVERIFY(device.isValid());
    QVERIFY2(qAbs(device.secsTo(target)) <= 5, qPrintable(time.value(QLatin1String("time")).toString()));
}

void TestSimCommands::setTimeRejectsOtherFormats()
{
    startTerminal(0);
    for (const char *bad : {R"({"cmd":"settime","cloudtime":"2025-06-01T08:00:00Z"})",
                            R"({"cmd":"settime","time":"2025-06-01 08:00:00"})",
                            R"({"cmd":"settime","cloudtime":"01/06/2025 08:00:00"})"}) {
        const QJsonObject reply = call(bad, QStringLiteral("settime"));
        QVERIFY2(reply.value(QLatin1String("result")) == QJsonValue(false), bad);
    }
}

void TestSimCommands::getNewLogPagesUntilEmpty()
{
    m_server->autoAck = false; // nothing delivered: all 120 are "new"
    startTerminal(120);
    QSet<QString> times;
    QJsonObject page = call(R"({"cmd":"getnewlog","stn":true})", QStringLiteral("getnewlog"));
    const QList<std::pair<int, int>> expected{{0, 49}, {50, 99}, {100, 119}};
    for (const auto &[from, to] : expected) {
        QCOMPARE(page.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(page.value(QLatin1String("count")).toInt(), 120); // the total, as in the document
        QCOMPARE(page.value(QLatin1String("from")).toInt(), from);
        QCOMPARE(page.value(QLatin1String("to")).toInt(), to);
        const QJsonArray records = page.value(QLatin1String("record")).toArray();
        QCOMPARE(records.size(), to - from + 1);
        for (const QJsonValue &r : records)
            times.insert(r.toObject().value(QLatin1String("time")).toString());
        page = call(R"({"cmd":"getnewlog","stn":false})", QStringLiteral("getnewlog"));
    }
    QCOMPARE(page.value(QLatin1String("result")).toBool(), true);
    QCOMPARE(page.value(QLatin1String("count")).toInt(), 0);
    QVERIFY(page.value(QLatin1String("record")).toArray().isEmpty());
    QCOMPARE(times.size(), 120);

    // Acknowledged records are no longer new.
    const QJsonObject batch = m_server->withCmd(QStringLiteral("sendlog")).constFirst();
    m_server->ack(batch);
    QTRY_COMPARE_WITH_TIMEOUT(m_terminal->pendingRecords(), 110, TIMEOUT_MS);
    page = call(R"({"cmd":"getnewlog","stn":true})", QStringLiteral("getnewlog"));
    QCOMPARE(page.value(QLatin1String("count")).toInt(), 110);
}

void TestSimCommands::getAllLogFiltersByDate()
{
    startTerminal(30);
    QTRY_COMPARE_WITH_TIMEOUT(m_terminal->pendingRecords(), 0, TIMEOUT_MS);
    QJsonObject page = call(R"({"cmd":"getalllog","stn":true})", QStringLiteral("getalllog"));
    QCOMPARE(page.value(QLatin1String("count")).toInt(), 30); // delivered records stay in the log
    QCOMPARE(page.value(QLatin1String("record")).toArray().size(), 30);
    page = call(R"({"cmd":"getalllog","stn":false})", QStringLiteral("getalllog"));
    QCOMPARE(page.value(QLatin1String("count")).toInt(), 0);

    const QString from = QDate::currentDate().addDays(-2).toString(QStringLiteral("yyyy-MM-dd"));
    const QString to = QDate::currentDate().addDays(1).toString(QStringLiteral("yyyy-M-d"));
    page = call(QStringLiteral(R"({"cmd":"getalllog","stn":true,"from":"%1","to":"%2"})").arg(from, to).toUtf8(),
                QStringLiteral("getalllog"));
    QCOMPARE(page.value(QLatin1String("record")).toArray().size(), 30);
    page = call(R"({"cmd":"getalllog","stn":true,"from":"2099-01-01","to":"2099-12-31"})", QStringLiteral("getalllog"));
    QCOMPARE(page.value(QLatin1String("result")).toBool(), true);
    QCOMPARE(page.value(QLatin1String("count")).toInt(), 0);
    QVERIFY(page.value(QLatin1String("record")).toArray().isEmpty());
}

void TestSimCommands::getUserListPagesOf40()
{
    startTerminal(0, 100);
    QSet<int> users;
    int credentials = 0;
    QJsonObject page = call(R"({"cmd":"getuserlist","stn":true})", QStringLiteral("getuserlist"));
    int expectFrom = 0;
    int pages = 0;
    while (page.value(QLatin1String("count")).toInt() > 0) {
        QVERIFY(++pages < 20);
        const QJsonArray records = page.value(QLatin1String("record")).toArray();
        QVERIFY(records.size() <= 40);
        QCOMPARE(page.value(QLatin1String("count")).toInt(), records.size());
        QCOMPARE(page.value(QLatin1String("from")).toInt(), expectFrom);
        QCOMPARE(page.value(QLatin1String("to")).toInt(), expectFrom + records.size() - 1);
        expectFrom += records.size();
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            const int backupNum = r.value(QLatin1String("backupnum")).toInt();
            QVERIFY(backupNum == 0 || backupNum == 1 || backupNum == 10 || backupNum == 11 || backupNum == 50);
            users.insert(r.value(QLatin1String("enrollid")).toInt());
            ++credentials;
        }
        page = call(R"({"cmd":"getuserlist","stn":false})", QStringLiteral("getuserlist"));
    }
    QVERIFY(page.value(QLatin1String("record")).toArray().isEmpty());
    QCOMPARE(users.size(), 100);
    QVERIFY(credentials > 100);
    QVERIFY(pages >= 3);
}

void TestSimCommands::getDevInfoAndSetDevInfo()
{
    startTerminal(0);
    QJsonObject info = call(R"({"cmd":"getdevinfo"})", QStringLiteral("getdevinfo"));
    QCOMPARE(info.value(QLatin1String("result")).toBool(), true);
    QCOMPARE(info.value(QLatin1String("volume")).toInt(), 6);
    const QJsonObject set = call(R"({"cmd":"setdevinfo","volume":3,"server_verify":1})", QStringLiteral("setdevinfo"));
    QCOMPARE(set.value(QLatin1String("result")).toBool(), true);
    info = call(R"({"cmd":"getdevinfo"})", QStringLiteral("getdevinfo"));
    QCOMPARE(info.value(QLatin1String("volume")).toInt(), 3);
    QCOMPARE(info.value(QLatin1String("server_verify")).toInt(), 1);
}

void TestSimCommands::openDoorLogsADoorEvent()
{
    startTerminal(0);
    const QJsonObject reply = call(R"({"cmd":"opendoor","doornum":1})", QStringLiteral("opendoor"));
    QCOMPARE(reply.value(QLatin1String("result")).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->withCmd(QStringLiteral("sendlog")).size(), 1, TIMEOUT_MS);
    const QJsonObject r = m_server->withCmd(QStringLiteral("sendlog"))
                              .constFirst()
                              .value(QLatin1String("record"))
                              .toArray()
                              .at(0)
                              .toObject();
    QCOMPARE(r.value(QLatin1String("enrollid")).toInt(), 0);
    QCOMPARE(r.value(QLatin1String("event")).toInt(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_terminal->counters().batchesAcked, 1, TIMEOUT_MS);
    QCOMPARE(m_terminal->counters().doorEvents, 1);
    QCOMPARE(m_terminal->counters().generated, 0);
    QCOMPARE(m_terminal->counters().acknowledged, 0);
    QVERIFY(m_terminal->acknowledged().isEmpty());
}

void TestSimCommands::unknownCommand()
{
    startTerminal(0);
    const QJsonObject reply = call(R"({"cmd":"frobnicate"})", QStringLiteral("frobnicate"));
    QCOMPARE(reply.value(QLatin1String("result")).toBool(), false);
    QCOMPARE(reply.value(QLatin1String("msg")).toString(), QStringLiteral("can not find this command"));
}

void TestSimCommands::rebootDropsAndReconnects()
{
    startTerminal(0);
    QSignalSpy disconnected(m_terminal.get(), &SimTerminal::disconnected);
    QSignalSpy registered(m_terminal.get(), &SimTerminal::registered);
    QElapsedTimer clock;
    clock.start();
    m_server->send(R"({"cmd":"reboot"})");
    QVERIFY(disconnected.wait(TIMEOUT_MS));
    QVERIFY(registered.wait(TIMEOUT_MS));
    QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(m_server->withRet(QStringLiteral("reboot")).isEmpty());
    QCOMPARE(m_server->connections, 2);
    QCOMPARE(m_terminal->counters().reconnects, 1);
}

void TestSimCommands::noAnswersBeforeReg()
{
    m_server->autoRegReply = false;
    TerminalOptions o;
    o.sn = QStringLiteral("CMD002");
    o.url = m_server->url();
    SimTerminal t(o);
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->withCmd(QStringLiteral("reg")).size(), 1, TIMEOUT_MS);
    m_server->send(R"({"cmd":"gettime"})");
    m_server->send(R"({"ret":"reg","result":true})");
    m_server->send(R"({"cmd":"getdevinfo"})");
    QTRY_COMPARE_WITH_TIMEOUT(m_server->withRet(QStringLiteral("getdevinfo")).size(), 1, TIMEOUT_MS);
    QVERIFY(m_server->withRet(QStringLiteral("gettime")).isEmpty());
}

QTEST_GUILESS_MAIN(TestSimCommands)
#include "tst_simcommands.moc"
