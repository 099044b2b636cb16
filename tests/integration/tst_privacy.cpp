// SPDX-License-Identifier: GPL-3.0-or-later
// Biometric privacy (docs/security.md, "Photos" and "No biometric data in outputs"): the server's
// photo retention on its own clock (a ManualClock the test moves), `termdesk photos purge` next to a
// running server, and one test that sends templates, a PIN and photos from a real WebSocket
// terminal and then looks for them in every output TermDesk has: log lines, the protocol trace,
// the attendance CSV (v1, v2), the roster CSV, the audit trail, the REST API's answers. The real Engine
// and the real API on port 0, the real `termdesk` CLI, a real SQLite file.
#include "../api/httpclient.h"
#include "api/apihost.h"
#include "enginefixture.h"
#include "termdeskcli.h"
#include "wsclient.h"

#include "engine/engine.h"
#include "model/traceentry.h"
#include "storage/photoretention.h"
#include "util/clock.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace termdesk;

namespace {

constexpr qint64 DAY_MS = 24LL * 60 * 60 * 1000;
constexpr int CLI_TIMEOUT_MS = 30000;

/// Every message logged in this process while a LogCapture lives (any thread), and passed on.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        s_previous = qInstallMessageHandler(&LogCapture::handler);
        QLoggingCategory::setFilterRules(QStringLiteral("termdesk.*=true")); // debug lines too
    }
    ~LogCapture()
    {
        qInstallMessageHandler(s_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    static QString text()
    {
        const QMutexLocker lock(&s_mutex);
        return s_lines.join(u'\n');
    }
    static qsizetype count()
    {
        const QMutexLocker lock(&s_mutex);
        return s_lines.size();
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        {
            const QMutexLocker lock(&s_mutex);
            s_lines.append(message);
        }
        if (s_previous)
            s_previous(type, context, message);
    }

    static inline QMutex s_mutex;
    static inline QStringList s_lines;
    static inline QtMessageHandler s_previous = nullptr;
};

/// A device local time @p ms (UTC ms) as a terminal writes it.
QString deviceTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

/// One sendlog of punches with photos, one record per time.
QByteArray sendlogWithPhotos(const QString &sn, const QList<qint64> &times, const QString &photo)
{
    QJsonArray records;
    int id = 1;
    for (const qint64 t : times)
        records.append(QJsonObject{{QStringLiteral("enrollid"), id++},
                                   {QStringLiteral("time"), deviceTime(t)},
                                   {QStringLiteral("mode"), 8},
                                   {QStringLiteral("inout"), 0},
                                   {QStringLiteral("event"), 0},
                                   {QStringLiteral("image"), photo}});
    return QJsonDocument(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                                     {QStringLiteral("sn"), sn},
                                     {QStringLiteral("count"), int(records.size())},
                                     {QStringLiteral("logindex"), 1},
                                     {QStringLiteral("record"), records}})
        .toJson(QJsonDocument::Compact);
}

bool acked(const QJsonObject &reply, const char *ret)
{
    return reply.value(QLatin1String("ret")).toString() == QLatin1String(ret) &&
           reply.value(QLatin1String("result")).toBool();
}

} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    qint64 count(const QString &sql) { return m_fx.db.value(sql).toLongLong(); }
    CliRun cli(const QStringList &args) { return runTermdesk(args, m_fx.dir.path(), CLI_TIMEOUT_MS); }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }
    void cleanup() { m_fx.stopAndClear(); }

    /// privacy/photoRetentionDays on a running server: old photos go within the hour, the
    /// punches stay, the purge is audited; a photo that ages past the retention goes later.
    void retentionPurgesOldPhotosOnTheServersClock()
    {
        ManualClock clock;
        EngineConfig c = m_fx.config();
        c.storePhotos = true;
        c.photoRetentionDays = 30;
        QVERIFY2(m_fx.start(c, &clock), qPrintable(m_fx.engine->lastError()));
        QSignalSpy purged(m_fx.engine->photoRetention(), &storage::PhotoRetention::purged);
        QVERIFY(purged.wait()); // the purge at start: nothing yet
        QCOMPARE(purged.constLast().at(0).toInt(), 0);

        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("PRIV-1")));
        const qint64 now = clock.wallClockMs();
        QVERIFY(acked(t.call(sendlogWithPhotos(QStringLiteral("PRIV-1"), {now - 40 * DAY_MS, now - 20 * DAY_MS},
                                               QStringLiteral("/9j/RETAINED"))),
                      "sendlog"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 2);

        clock.advance(storage::PhotoRetention::CHECK_MS);
        QTRY_COMPARE(purged.size(), 2);
        QCOMPARE(purged.constLast().at(0).toInt(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 2); // the punches stay
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action='photos purge' AND"
                                      " detail LIKE '1 photos older than 30 days deleted%'")),
                 1);

        clock.advance(11 * DAY_MS); // the second photo is now 31 days old
        QTRY_COMPARE(purged.size(), 3);
        QCOMPARE(purged.constLast().at(0).toInt(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 0);

        // turned off live: no purge any more
        EngineConfig off = m_fx.engine->config();
        off.photoRetentionDays = 0;
        m_fx.engine->applyConfig(off);
        WsClient again; // the hours advanced were longer than the idle timeout: t was closed
        QVERIFY(again.open(m_fx.engine->wsPort()));
        QVERIFY(again.reg(QStringLiteral("PRIV-1")));
        QVERIFY(acked(
            again.call(sendlogWithPhotos(QStringLiteral("PRIV-1"), {now - 400 * DAY_MS}, QStringLiteral("/9j/KEPT"))),
            "sendlog"));
        clock.advance(storage::PhotoRetention::CHECK_MS);
        QCoreApplication::processEvents();
        QCOMPARE(purged.size(), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 1);
    }

    /// `termdesk photos purge` while the server runs: prints the count, audits it, refuses bad input.
    void purgeCommandBesideARunningServer()
    {
        EngineConfig c = m_fx.config();
        c.storePhotos = true;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("PRIV-2")));
        const qint64 now = wallClockMs();
        QVERIFY(acked(
            t.call(sendlogWithPhotos(QStringLiteral("PRIV-2"), {now - 10 * DAY_MS, now - 9 * DAY_MS, now - DAY_MS},
                                     QStringLiteral("/9j/CLI"))),
            "sendlog"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 3);

        CliRun r = cli(
            {QStringLiteral("photos"), QStringLiteral("purge"), QStringLiteral("--older-than"), QStringLiteral("5")});
        QVERIFY2(r.rc == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("2 photos older than 5 days deleted"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punches")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE action='photos purge' AND result='ok' AND"
                                      " detail='2 photos older than 5 days deleted' AND actor LIKE '%(cli)'")),
                 1);
        // the server goes on storing punches with photos
        QVERIFY(
            acked(t.call(sendlogWithPhotos(QStringLiteral("PRIV-2"), {now}, QStringLiteral("/9j/AFTER"))), "sendlog"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 2);

        r = cli(
            {QStringLiteral("photos"), QStringLiteral("purge"), QStringLiteral("--older-than"), QStringLiteral("ten")});
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("--older-than: 'ten' is not a number of days from 0 to 36500")),
                 qPrintable(r.err));
        r = cli({QStringLiteral("photos"), QStringLiteral("purge")}); // no retention set, no --older-than
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("no retention is set")), qPrintable(r.err));
        r = cli({QStringLiteral("photos"), QStringLiteral("delete")});
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("'delete' is not an action (only: purge)")), qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 2);

        r = cli(
            {QStringLiteral("photos"), QStringLiteral("purge"), QStringLiteral("--older-than"), QStringLiteral("0")});
        QVERIFY2(r.rc == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("2 photos older than 0 days deleted"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos")), 0);
    }

    /// Templates, a PIN and photos sent by a terminal are stored (they must be) and appear in no
    /// output: log lines (debug included), trace entries, attendance CSV v1 and v2, the roster
    /// CSV, the audit trail, nor what the CLI prints.
    void noBiometricDataInAnyOutput()
    {
        const QString fingerprint = QStringLiteral("TPLmarkFINGERprint0123456789abcdefTPL");
        const QString face = QStringLiteral("FACEmarkTEMPLATE9876543210zyxwFACE");
        const QString userPhoto = QStringLiteral("/9j/USERphotoMARK4567");
        const QString punchPhoto = QStringLiteral("/9j/PUNCHphotoMARK1234");
        const qint64 pin = 864209753;
        const QStringList markers{fingerprint, face, userPhoto, punchPhoto, QString::number(pin),
                                  // what a careless writer would print of them
                                  QStringLiteral("TPLmark"), QStringLiteral("FACEmark"),
                                  QStringLiteral("USERphotoMARK"), QStringLiteral("PUNCHphotoMARK"),
                                  QStringLiteral("86420975")};

        LogCapture logs;
        EngineConfig c = m_fx.config();
        c.storePhotos = true;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        QStringList trace;
        connect(m_fx.engine.get(), &Engine::traceEntries, this, [&trace](const QList<TraceEntry> &entries) {
            for (const TraceEntry &e : entries)
                trace.append(e.text);
        });
        m_fx.engine->setTraceEnabled(true);

        WsClient t;
        QVERIFY(t.open(m_fx.engine->wsPort()));
        QVERIFY(t.reg(QStringLiteral("PRIV-3")));
        const qint64 now = wallClockMs();
        QVERIFY(acked(t.call(sendlogWithPhotos(QStringLiteral("PRIV-3"), {now - 60'000}, punchPhoto)), "sendlog"));
        const auto senduser = [&](int backupNum, const QJsonValue &record) {
            return t.call(QJsonDocument(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("senduser")},
                                                    {QStringLiteral("sn"), QStringLiteral("PRIV-3")},
                                                    {QStringLiteral("enrollid"), 1},
                                                    {QStringLiteral("name"), QStringLiteral("Ann")},
                                                    {QStringLiteral("backupnum"), backupNum},
                                                    {QStringLiteral("admin"), 0},
                                                    {QStringLiteral("record"), record}})
                              .toJson(QJsonDocument::Compact));
        };
        QVERIFY(acked(senduser(0, fingerprint), "senduser"));
        QVERIFY(acked(senduser(10, pin), "senduser"));
        QVERIFY(acked(senduser(20, face), "senduser"));
        QVERIFY(acked(senduser(50, userPhoto), "senduser"));
        // The markers did arrive: they are in the database, where they belong.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM punch_photos WHERE image='%1'").arg(punchPhoto)), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM credentials WHERE data IN ('%1','%2','%3','%4')")
                           .arg(fingerprint, face, userPhoto, QString::number(pin))),
                 4);
        QTRY_VERIFY(trace.size() >= 10); // reg, sendlog, 4 x senduser and their replies

        // Audited actions of the operator, then every output.
        QCOMPARE(cli({QStringLiteral("terminal"), QStringLiteral("rename"), QStringLiteral("PRIV-3"),
                      QStringLiteral("Front door")})
                     .rc,
                 0);
        QList<CliRun> runs;
        runs << cli(
            {QStringLiteral("export-csv"), QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("v1")});
        runs << cli(
            {QStringLiteral("export-csv"), QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("v2")});
        runs << cli({QStringLiteral("users"), QStringLiteral("export"), QStringLiteral("-")});
        runs << cli({QStringLiteral("photos"), QStringLiteral("purge"), QStringLiteral("--older-than"),
                     QStringLiteral("3650")});
        runs << cli({QStringLiteral("audit"), QStringLiteral("--limit"), QStringLiteral("100")});
        runs << cli({QStringLiteral("terminals")});
        // A command that carries the credentials to another terminal (its payload holds them).
        runs << cli({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("PRIV-3"),
                     QStringLiteral("push-users"), QStringLiteral("--users"), QStringLiteral("1")});
        runs << cli({QStringLiteral("api-key"), QStringLiteral("create"), QStringLiteral("payroll"),
                     QStringLiteral("--scope"), QStringLiteral("commands")});
        for (const CliRun &r : std::as_const(runs))
            QVERIFY2(r.rc == 0, qPrintable(r.err));

        // The REST API, on the same store: every answer that holds punches, users, terminals, commands.
        api::ApiConfig apiConfig;
        apiConfig.database = m_fx.engine->config().databaseFile();
        api::ApiHost apiHost(apiConfig);
        QString apiError;
        QVERIFY2(apiHost.start(&apiError), qPrintable(apiError));
        const QByteArray key = runs.last().out.trimmed().toUtf8();
        QString apiAnswers;
        const qint64 pushed = count(QStringLiteral("SELECT max(id) FROM commands WHERE kind LIKE '%user%'"));
        QVERIFY(pushed > 0);
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM commands WHERE payload LIKE '%%1%'").arg(fingerprint)) >
                0); // the payload does hold the template
        const QByteArray commandTarget = "/api/v1/commands/" + QByteArray::number(pushed);
        for (const QByteArray &target :
             {QByteArray("/api/v1/punches?after=0"), QByteArray("/api/v1/punches.csv?after=0"),
              QByteArray("/api/v1/users"), QByteArray("/api/v1/terminals"), commandTarget}) {
            HttpClient client(apiHost.port());
            const HttpReply reply = client.request("GET", target, key);
            QVERIFY2(reply.status == 200, target.constData());
            apiAnswers += QString::fromUtf8(target + '\n' + reply.body) + u'\n';
        }
        QVERIFY(apiAnswers.contains(QLatin1String("PRIV-3")) && apiAnswers.contains(QLatin1String("Ann")));
        QVERIFY(runs.at(0).out.contains(QLatin1String("PRIV-3")));          // the v1 export has the punch
        QVERIFY(runs.at(1).out.contains(QLatin1String("PRIV-3")));          // and so has v2
        QVERIFY(runs.at(2).out.contains(QLatin1String("Ann")));             // the roster has the user
        QVERIFY(runs.at(4).out.contains(QLatin1String("terminal rename"))); // the audit trail its rows

        QString auditRows;
        {
            const QString sql = QStringLiteral("SELECT actor || '|' || action || '|' || target || '|' || detail ||"
                                               " '|' || result FROM audit");
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("privacy-audit"));
            db.setDatabaseName(m_fx.engine->config().databaseFile());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(sql));
            while (q.next())
                auditRows += q.value(0).toString() + u'\n';
        }
        QSqlDatabase::removeDatabase(QStringLiteral("privacy-audit"));
        QVERIFY(auditRows.contains(QLatin1String("photos purge")));
        m_fx.stop(); // its last log lines too

        QVERIFY(LogCapture::count() > 0);
        const QList<std::pair<QString, QString>> outputs{
            {QStringLiteral("log"), LogCapture::text()},
            {QStringLiteral("trace"), trace.join(u'\n')},
            {QStringLiteral("export-csv v1"), runs.at(0).out + runs.at(0).err},
            {QStringLiteral("export-csv v2"), runs.at(1).out + runs.at(1).err},
            {QStringLiteral("users export"), runs.at(2).out + runs.at(2).err},
            {QStringLiteral("photos purge"), runs.at(3).out + runs.at(3).err},
            {QStringLiteral("audit (CLI)"), runs.at(4).out + runs.at(4).err},
            {QStringLiteral("terminals"), runs.at(5).out + runs.at(5).err},
            {QStringLiteral("audit rows"), auditRows},
            {QStringLiteral("REST API"), apiAnswers},
            {QStringLiteral("push-users"), runs.at(6).out + runs.at(6).err},
        };
        for (const auto &[where, text] : outputs) {
            for (const QString &marker : markers)
                QVERIFY2(!text.contains(marker), qPrintable(QStringLiteral("%1 leaks '%2'").arg(where, marker)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
