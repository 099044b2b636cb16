// SPDX-License-Identifier: GPL-3.0-or-later
// wss:// (docs/security.md, "TLS"): a certificate made by core's generator, a terminal registered and
// its punches stored and acknowledged over TLS (the certificate trusted as a CA, or its fingerprint
// pinned); TLS 1.1 and plain ws:// refused on the wss port; the plain port turned off; bad
// certificate files refused with a message; connections in their TLS handshake held to
// network/maxConnections until the handshake timeout; `termdesk tls generate` and the headless ready line.
#include "../common/enginefixture.h"
#include "../common/simterminaloptions.h"
#include "../common/termdeskcli.h"
#include "../common/wsclient.h"

#include "net/selfsignedcert.h"
#include "net/tlsidentity.h"
#include "simterminal.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace termdesk;

class TestTls : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    /// A fresh self-signed pair for localhost / 127.0.0.1, written as @p cert and @p key in the data directory.
    QSslCertificate makePair(const QString &cert = QStringLiteral("termdesk-cert.pem"),
                             const QString &key = QStringLiteral("termdesk-key.pem"), int days = 30,
                             qint64 backdate = 3600)
    {
        net::SelfSignedRequest request;
        request.hosts = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")};
        request.days = days;
        request.backdateSeconds = backdate;
        net::SelfSignedPair pair;
        QString error;
        if (!net::generateSelfSigned(request, &pair, &error)) {
            qWarning() << error;
            return QSslCertificate();
        }
        write(cert, pair.certificatePem);
        write(key, pair.keyPem);
        return QSslCertificate(pair.certificatePem, QSsl::Pem);
    }

    void write(const QString &name, const QByteArray &data)
    {
        QFile f(m_fx.dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(data);
    }

    EngineConfig wssConfig() const
    {
        EngineConfig c = m_fx.config();
        c.tcpPort = -1;
        c.wssPort = 0;
        return c;
    }

    QUrl wssUrl() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1/pub/chat").arg(m_fx.engine->wssPort())); }

    static QByteArray sendlog(const char *sn, int logindex)
    {
        return QStringLiteral(R"({"cmd":"sendlog","sn":"%1","count":2,"logindex":%2,"record":[)"
                              R"({"enrollid":1,"time":"2025-06-01 08:00:01","mode":8,"inout":0,"event":0},)"
                              R"({"enrollid":2,"time":"2025-06-01 08:00:02","mode":1,"inout":1,"event":0}]})")
            .arg(QLatin1String(sn))
            .arg(logindex)
            .toUtf8();
    }

    /// reg, then a sendlog of two punches: acknowledged, and both stored.
    void registerAndPunch(WsClient &t, const char *sn)
    {
        QVERIFY(t.reg(QString::fromLatin1(sn)));
        const QJsonObject ack = t.call(sendlog(sn, 7));
        QCOMPARE(ack.value(QLatin1String("ret")).toString(), QStringLiteral("sendlog"));
        QCOMPARE(ack.value(QLatin1String("result")).toBool(), true);
        QCOMPARE(ack.value(QLatin1String("logindex")).toInt(), 7);
        QCOMPARE(m_fx.db
                     .value(QStringLiteral("SELECT count(*) FROM punches p JOIN terminals t ON t.id = p.terminal_id "
                                           "WHERE t.sn = '%1'")
                                .arg(QLatin1String(sn)))
                     .toLongLong(),
                 qint64(2));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        if (!net::canGenerateCertificates())
            QSKIP("built without TERMDESK_TLS_GENERATE");
    }

    void cleanup()
    {
        m_fx.stopAndClear();
        for (const char *f : {"termdesk-cert.pem", "termdesk-key.pem", "other-cert.pem", "other-key.pem"})
            QFile::remove(m_fx.dir.filePath(QLatin1String(f)));
    }

    void punchesOverWssWithTheCertificateAsCa()
    {
        const QSslCertificate cert = makePair();
        QVERIFY(!cert.isNull());
        QVERIFY2(m_fx.start(wssConfig()), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->wssPort() > 0);
        QCOMPARE(m_fx.engine->tlsFingerprint(), net::TlsIdentity::fingerprintOf(cert));
        QCOMPARE(m_fx.engine->tlsFingerprint().size(), 32 * 3 - 1); // AB:CD:… of SHA-256

        WsClient t;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({cert});
        t.socket.setSslConfiguration(tls);
        QVERIFY(t.open(wssUrl()));
        QCOMPARE(t.socket.sslConfiguration().peerCertificate(), cert);
        const QSsl::SslProtocol used = t.socket.sslConfiguration().sessionProtocol();
        QVERIFY2(used == QSsl::TlsV1_2 || used == QSsl::TlsV1_3, qPrintable(QString::number(int(used))));
        registerAndPunch(t, "TLS1");
    }

    void punchesOverWssWithAPinnedFingerprint()
    {
        const QSslCertificate cert = makePair();
        QVERIFY2(m_fx.start(wssConfig()), qPrintable(m_fx.engine->lastError()));
        const QByteArray pin = cert.digest(QCryptographicHash::Sha256);
        WsClient t;
        int errorsSeen = 0;
        connect(&t.socket, &QWebSocket::sslErrors, this, [&](const QList<QSslError> &) {
            ++errorsSeen; // self-signed: untrusted by the system, accepted by its fingerprint
            if (t.socket.sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) == pin)
                t.socket.ignoreSslErrors();
        });
        QVERIFY(t.open(wssUrl()));
        QCOMPARE(errorsSeen, 1);
        registerAndPunch(t, "TLS2");

        // Another certificate's fingerprint: the same server is refused.
        WsClient stranger;
        connect(&stranger.socket, &QWebSocket::sslErrors, this, [&](const QList<QSslError> &) {
            if (stranger.socket.sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) ==
                QByteArray(32, 'x'))
                stranger.socket.ignoreSslErrors();
        });
        QVERIFY(!stranger.open(wssUrl()));
    }

    void simulatorOverWssWithThePinnedFingerprint()
    {
        const QSslCertificate cert = makePair();
        QVERIFY2(m_fx.start(wssConfig()), qPrintable(m_fx.engine->lastError()));
        sim::TerminalOptions o = wsTerminalOptions(QStringLiteral("SIMTLS"), wssUrl(), 5, 3);
        o.tlsPin = cert.digest(QCryptographicHash::Sha256); // termdesk-sim --tls-trust SHA256
        sim::SimTerminal t(o);
        t.start();
        t.generatePunches(4);
        QTRY_COMPARE_WITH_TIMEOUT(t.counters().acknowledged, qint64(4), 10000);
        QCOMPARE(m_fx.db
                     .value(QStringLiteral("SELECT count(*) FROM punches p JOIN terminals t ON t.id = p.terminal_id "
                                           "WHERE t.sn = 'SIMTLS'"))
                     .toLongLong(),
                 qint64(4));
        t.stop();
    }

    void tls11AndPlainWebSocketRefusedOnTheWssPort()
    {
        const QSslCertificate cert = makePair();
        QVERIFY2(m_fx.start(wssConfig()), qPrintable(m_fx.engine->lastError()));
        const quint16 port = m_fx.engine->wssPort();

        // Control: TLS 1.2 from the same client code is served.
        // What the server asks of its peers: TLS 1.2 or later.
        QString why;
        const auto identity = net::TlsIdentity::load(m_fx.engine->config().tlsCertificateFile(),
                                                     m_fx.engine->config().tlsKeyFile(), &why);
        QVERIFY2(identity, qPrintable(why));
        QCOMPARE(identity->serverConfiguration().protocol(), QSsl::TlsV1_2OrLater);
        QSslSocket tls12;
        QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
        trust.setCaCertificates({cert});
        tls12.setSslConfiguration(trust);
        tls12.setProtocol(QSsl::TlsV1_2);
        tls12.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(tls12.isEncrypted(), 5000); // the server runs in this thread: no waitFor*()

        QT_WARNING_PUSH
        QT_WARNING_DISABLE_DEPRECATED
        QSslConfiguration old = QSslConfiguration::defaultConfiguration();
        old.setProtocol(QSsl::TlsV1_1);
        QT_WARNING_POP
        // OpenSSL 3's defaults would not even offer TLS 1.1: allow it here, so the refusal is the server's.
        old.setBackendConfigurationOption(QByteArrayLiteral("MinProtocol"), QByteArrayLiteral("TLSv1"));
        old.setBackendConfigurationOption(QByteArrayLiteral("CipherString"), QByteArrayLiteral("DEFAULT:@SECLEVEL=0"));
        old.setPeerVerifyMode(QSslSocket::VerifyNone);
        QSslSocket tls11;
        tls11.setSslConfiguration(old);
        QList<QSsl::AlertType> alerts;
        connect(&tls11, &QSslSocket::alertReceived, this,
                [&](QSsl::AlertLevel, QSsl::AlertType type, const QString &) { alerts << type; });
        tls11.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        QTRY_COMPARE_WITH_TIMEOUT(tls11.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(!tls11.isEncrypted());
        QVERIFY2(alerts.contains(QSsl::AlertType::ProtocolVersion), qPrintable(tls11.errorString()));

        // A plain upgrade request: the server's TLS layer drops it, no HTTP answer comes.
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /pub/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(plain.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(!plain.readAll().contains("101"));

        WsClient ws; // and through QWebSocket, as a misconfigured terminal would
        QVERIFY(!ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(port))));
    }

    void pendingHandshakesHoldSlotsUntilTheirTimeout()
    {
        const QSslCertificate cert = makePair();
        EngineConfig c = wssConfig();
        c.wsPort = -1;
        c.maxConnections = 3;
        c.handshakeTimeoutMs = 2'000;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        const quint16 port = m_fx.engine->wssPort();

        // Three connections that never say a TLS word take every slot of network/maxConnections...
        std::vector<std::unique_ptr<QTcpSocket>> silent;
        for (int i = 0; i < 3; ++i) {
            silent.push_back(std::make_unique<QTcpSocket>());
            silent.back()->connectToHost(QHostAddress::LocalHost, port);
            QTRY_COMPARE_WITH_TIMEOUT(silent.back()->state(), QAbstractSocket::ConnectedState, 5000);
        }
        // ...so the fourth is closed before any handshake, while the three still wait for theirs.
        QTcpSocket fourth;
        fourth.connectToHost(QHostAddress::LocalHost, port);
        QTRY_COMPARE_WITH_TIMEOUT(fourth.state(), QAbstractSocket::UnconnectedState, 1'500);
        for (const auto &s : silent)
            QCOMPARE(s->state(), QAbstractSocket::ConnectedState);

        // The handshake timeout frees the slots: a terminal gets in and is served.
        for (const auto &s : silent)
            QTRY_COMPARE_WITH_TIMEOUT(s->state(), QAbstractSocket::UnconnectedState, 5'000);
        WsClient t;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({cert});
        t.socket.setSslConfiguration(tls);
        QVERIFY(t.open(wssUrl()));
        registerAndPunch(t, "TLS-SLOT");
    }

    void plainPortTurnedOff()
    {
        makePair();
        EngineConfig c = wssConfig();
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        const quint16 plainPort = m_fx.engine->wsPort();
        QVERIFY(plainPort > 0);
        WsClient before;
        QVERIFY(before.open(plainPort));

        c.wsPort = -1; // network/wsPlain=false, applied while running
        QSignalSpy applied(m_fx.engine.get(), &Engine::configApplied);
        m_fx.engine->applyConfig(c);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(m_fx.engine->wsPort(), quint16(0));
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, plainPort);
        QVERIFY(!probe.waitForConnected(5000));
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
        QVERIFY(m_fx.engine->wssPort() > 0); // wss still served

        // Started with the plain port off: only wss listens.
        m_fx.stop();
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        QCOMPARE(m_fx.engine->wsPort(), quint16(0));
        QVERIFY(m_fx.engine->wssPort() > 0);
    }

    void badCertificateFilesStopTheServer()
    {
        EngineConfig c = wssConfig();
        QVERIFY(!m_fx.start(c)); // no files at all
        QVERIFY2(m_fx.engine->lastError().contains(QLatin1String("cannot read the TLS certificate")),
                 qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->lastError().contains(QLatin1String("termdesk tls generate")));

        makePair();
        makePair(QStringLiteral("other-cert.pem"), QStringLiteral("other-key.pem"));
        c.tlsKey = QStringLiteral("other-key.pem"); // relative: in the data directory
        QVERIFY(!m_fx.start(c));
        QVERIFY2(m_fx.engine->lastError().contains(QLatin1String("does not belong to the certificate")),
                 qPrintable(m_fx.engine->lastError()));

        write(QStringLiteral("termdesk-key.pem"), "not a key");
        c.tlsKey.clear();
        QVERIFY(!m_fx.start(c));
        QVERIFY2(m_fx.engine->lastError().contains(QLatin1String("no unencrypted PEM private key")),
                 qPrintable(m_fx.engine->lastError()));

        makePair(QStringLiteral("termdesk-cert.pem"), QStringLiteral("termdesk-key.pem"), -1, 3 * 86400);
        QVERIFY(!m_fx.start(c));
        QVERIFY2(m_fx.engine->lastError().contains(QLatin1String("expired")), qPrintable(m_fx.engine->lastError()));

        makePair();
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError())); // fixed: it starts
    }

    void generateCommandAndHeadlessReadyLine()
    {
        const CliRun gen = runTermdesk({QStringLiteral("tls"), QStringLiteral("generate"), QStringLiteral("--host"),
                                        QStringLiteral("127.0.0.1"), QStringLiteral("--days"), QStringLiteral("10")},
                                       m_fx.dir.path(), 60000);
        QVERIFY2(gen.rc == 0, qPrintable(gen.err));
        const QString keyFile = m_fx.dir.filePath(QStringLiteral("termdesk-key.pem"));
#ifdef Q_OS_UNIX
        QCOMPARE(QFile::permissions(keyFile) & 0x0FFF, QFileDevice::ReadUser | QFileDevice::WriteUser); // 0600
#endif
        const auto cert = QSslCertificate::fromPath(m_fx.dir.filePath(QStringLiteral("termdesk-cert.pem")));
        QCOMPARE(cert.size(), 1);
        const QString fingerprint = net::TlsIdentity::fingerprintOf(cert.first());
        QVERIFY2(gen.out.contains(fingerprint), qPrintable(gen.out));

        const CliRun again = runTermdesk({QStringLiteral("tls"), QStringLiteral("generate")}, m_fx.dir.path(), 60000);
        QCOMPARE(again.rc, 1); // never overwrites without --force
        QVERIFY2(again.err.contains(QLatin1String("--force")), qPrintable(again.err));

        QProcess p;
        p.start(QStringLiteral(TERMDESK_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_fx.dir.path(),
                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1"), QStringLiteral("--ws-port"),
                 QStringLiteral("off"), QStringLiteral("--tcp-port"), QStringLiteral("0"), QStringLiteral("--wss-port"),
                 QStringLiteral("0")});
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            20000));
        const auto m = QRegularExpression(QStringLiteral("^termdesk listening ws=off tcp=(\\d+) wss=(\\d+)\\n$"))
                           .match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains(fingerprint.toLatin1()), 5000);
        WsClient t;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(cert);
        t.socket.setSslConfiguration(tls);
        QVERIFY(t.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/pub/chat").arg(m.captured(2)))));
        QVERIFY(t.reg(QStringLiteral("TLSH")));
        p.terminate();
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
