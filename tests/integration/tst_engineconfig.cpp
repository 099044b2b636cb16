// SPDX-License-Identifier: GPL-3.0-or-later
// Engine::applyConfig end to end: settings changed while terminals are connected, over real
// sockets on ports picked by the system.
#include "../common/wsclient.h"
#include "engine/engine.h"
#include "net/terminalregistry.h"
#include "settings/configchange.h"
#include "settings/settings.h"
#include "tcpclient.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace termdesk;

class TestEngineConfig : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;

    EngineConfig config() const
    {
        EngineConfig c;
        c.dataDir = m_dir->path();
        c.listenAddress = QHostAddress::LocalHost;
        c.wsPort = 0;
        c.tcpPort = 0;
        c.synchronous = QStringLiteral("NORMAL");
        return c;
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }

    ConfigApplyResult apply(const EngineConfig &next)
    {
        QSignalSpy spy(m_engine.get(), &Engine::configApplied);
        m_engine->applyConfig(next);
        if (spy.isEmpty())
            return {};
        return spy.first().first().value<ConfigApplyResult>();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_engine = std::make_unique<Engine>(config());
        QVERIFY2(m_engine->start(), qPrintable(m_engine->lastError()));
    }

    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void mergeKeepsCommandLineOverrides()
    {
        EngineConfig running = config();
        running.wsPort = 9100; // from --ws-port
        EngineConfig before = config();
        before.wsPort = 7788;
        EngineConfig after = before;
        after.admission = AdmissionPolicy::Closed;
        const EngineConfig merged = mergeChangedSettings(running, before, after);
        QCOMPARE(merged.wsPort, 9100);
        QCOMPARE(merged.admission, AdmissionPolicy::Closed);
        after.wsPort = 7790;
        QCOMPARE(mergeChangedSettings(running, before, after).wsPort, 7790);
    }

    void everySettingIsMerged()
    {
        // mergeChangedSettings lists EngineConfig's fields by hand: a setting whose field is
        // missing there would be saved by the Settings dialog but never reach the running
        // engine. Change each key alone and check the merge carries the change.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QHash<QByteArray, QVariant> other = {
            {settingkeys::listen, QStringLiteral("127.0.0.1")},
            {settingkeys::admissionPolicy, QStringLiteral("approval")},
            {settingkeys::synchronous, QStringLiteral("NORMAL")},
            {settingkeys::registryAddress, QStringLiteral("10.0.0.1:7857")},
            {settingkeys::backupSchedule, QStringLiteral("hours")},
            {settingkeys::backupDailyAt, QStringLiteral("03:15")},
            {settingkeys::exportSchedule, QStringLiteral("minutes")},
            {settingkeys::exportDailyAt, QStringLiteral("06:45")},
            {settingkeys::exportFormat, QStringLiteral("v1")},
            {settingkeys::apiListen, QStringLiteral("0.0.0.0")},
        };
        int checked = 0;
        for (const SettingKey &key : Settings::keys()) {
            QFile::remove(QDir(dir.path()).filePath(QStringLiteral("termdesk.ini")));
            Settings settings(dir.path());
            const EngineConfig before = settings.engineConfig();
            QVariant changed = other.value(key.name);
            if (!changed.isValid()) {
                switch (key.defaultValue.typeId()) {
                case QMetaType::Bool:
                    changed = !key.defaultValue.toBool();
                    break;
                case QMetaType::Int:
                    changed = key.defaultValue.toInt() + 1;
                    break;
                default:
                    changed = QString(key.defaultValue.toString() + QStringLiteral(" (changed)"));
                }
            }
            settings.setValue(key.name, changed);
            const EngineConfig after = settings.engineConfig();
            QVERIFY2(!(after == before), key.name); // every key reaches the engine's configuration
            QVERIFY2(mergeChangedSettings(before, before, after) == after, key.name);
            ++checked;
        }
        QCOMPARE(checked, int(Settings::keys().size()));
    }

    void wsPortMovesAndConnectedTerminalsStay()
    {
        WsClient connected;
        QVERIFY(connected.open(m_engine->wsPort()));
        QVERIFY(connected.reg(QStringLiteral("KEEP-1")));
        const quint16 oldPort = m_engine->wsPort();
        const quint16 tcpBefore = m_engine->tcpPort();
        EngineConfig next = m_engine->config();
        next.wsPort = freePort();
        QVERIFY(next.wsPort > 0);
        const ConfigApplyResult r = apply(next);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(QLatin1Char('\n'))));
        QCOMPARE(r.wsPort, quint16(next.wsPort));
        QCOMPARE(m_engine->wsPort(), quint16(next.wsPort));
        QCOMPARE(r.tcpPort, tcpBefore); // only that listener moved
        QCOMPARE(r.applied.size(), 1);

        // The terminal registered before the move is still served on its socket.
        const QJsonObject ack = connected.call(
            R"({"cmd":"sendlog","sn":"KEEP-1","count":1,"logindex":1,"record":[{"enrollid":7,"time":"2026-11-20 08:00:00","mode":1,"inout":0,"event":0}]})");
        QCOMPARE(ack.value(QLatin1String("result")).toBool(), true);
        QVERIFY(m_engine->registry()->isOnline(QStringLiteral("KEEP-1")));

        WsClient fresh;
        QVERIFY(fresh.open(m_engine->wsPort()));
        QVERIFY(fresh.reg(QStringLiteral("NEW-1")));
        WsClient stale;
        QVERIFY(!stale.open(oldPort));
    }

    void portInUseKeepsTheOldListener()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const quint16 oldPort = m_engine->wsPort();
        EngineConfig next = m_engine->config();
        next.wsPort = squatter.serverPort();
        const ConfigApplyResult r = apply(next);
        QCOMPARE(r.ok(), false);
        QVERIFY2(r.errors.first().contains(QString::number(squatter.serverPort())), qPrintable(r.errors.first()));
        QCOMPARE(r.wsPort, oldPort);
        QCOMPARE(m_engine->config().wsPort, 0); // the running configuration keeps the old value
        WsClient terminal;
        QVERIFY(terminal.open(oldPort));
        QVERIFY(terminal.reg(QStringLiteral("OLD-1")));
    }

    void tcpServerTurnsOffAndOn()
    {
        TcpClient sleeper;
        QVERIFY(sleeper.open(m_engine->tcpPort()));
        QVERIFY(sleeper.login("TCP-OFF"));
        EngineConfig next = m_engine->config();
        next.tcpPort = -1;
        ConfigApplyResult r = apply(next);
        QVERIFY(r.ok());
        QCOMPARE(r.tcpPort, quint16(0));
        QCOMPARE(m_engine->tcpPort(), quint16(0));
        QVERIFY(sleeper.waitDisconnected());

        next.tcpPort = 0;
        r = apply(next);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(QLatin1Char('\n'))));
        QVERIFY(r.tcpPort > 0);
        TcpClient again;
        QVERIFY(again.open(r.tcpPort));
        QVERIFY(again.login("TCP-ON"));
    }

    void admissionAndTextsApplyToTheNextRegistration()
    {
        EngineConfig next = m_engine->config();
        next.admission = AdmissionPolicy::Approval;
        next.refusalReason = QStringLiteral("See the front desk");
        next.storePhotos = true;
        next.synchronous = QStringLiteral("FULL");
        const ConfigApplyResult r = apply(next);
        QVERIFY(r.ok());
        QCOMPARE(r.atNextStart,
                 (QStringList{QStringLiteral("storage/synchronous"), QStringLiteral("storage/punchPhotos")}));
        QCOMPARE(m_engine->config().synchronous, QStringLiteral("NORMAL"));
        WsClient terminal;
        QVERIFY(terminal.open(m_engine->wsPort()));
        const QJsonObject reply = terminal.call(R"({"cmd":"reg","sn":"WAIT-1","devinfo":{"modelname":"tfs30"}})");
        QCOMPARE(reply.value(QLatin1String("result")).toBool(), false);
        QCOMPARE(reply.value(QLatin1String("reason")).toString(), QStringLiteral("See the front desk"));
    }
};

QTEST_GUILESS_MAIN(TestEngineConfig)
#include "tst_engineconfig.moc"
