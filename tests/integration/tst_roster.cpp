// SPDX-License-Identifier: GPL-3.0-or-later
// The roster end to end: `termdesk users export/import` and `termdesk command push-users` run as
// the real binary against the real Engine (ports 0), hand-written terminals answering (WebSocket
// JSON per the protocol page Part 2 §4.3, TCP frames per the contract), the SQLite file checked
// through a second connection.
#include "enginefixture.h"
#include "tcpclient.h"
#include "termdeskcli.h"
#include "wsclient.h"
#include "wsreplies.h"

#include "engine/engine.h"
#include "storage/terminalstore.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace termdesk;
namespace pb = termdesk::tcp::v1;

namespace {

QJsonObject nextCmd(WsClient &c, qsizetype &cursor)
{
    return nextReplyWith(c, "cmd", cursor, 10000);
}

} // namespace

class TestRoster : public QObject
{
    Q_OBJECT

    EngineFixture m_fx;

    void startEngine()
    {
        EngineConfig c = m_fx.config();
        c.commandPollMs = 100;
        QVERIFY2(m_fx.start(c), qPrintable(m_fx.engine->lastError()));
        QVERIFY(m_fx.engine->wsPort() > 0 && m_fx.engine->tcpPort() > 0);
    }

    CliRun run(const QStringList &args) { return runTermdesk(args, m_fx.dir.path(), 30000); }

    /// Runs SQL statements; the first column of the last row of the last one.
    QVariant sql(const QStringList &statements)
    {
        return m_fx.db.with([&](QSqlDatabase db) {
            QVariant v;
            QSqlQuery q(db);
            for (const QString &s : statements) {
                if (!q.exec(s)) {
                    qWarning() << s << q.lastError().text();
                    v = QStringLiteral("SQL error");
                    break;
                }
                while (q.next())
                    v = q.value(0);
            }
            return v;
        });
    }
    QVariant sql(const QString &s) { return sql(QStringList{s}); }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_fx.dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    QList<qint64> ids(const QString &out)
    {
        QList<qint64> v;
        for (const QString &l : out.split(u'\n', Qt::SkipEmptyParts))
            v.append(l.toLongLong());
        return v;
    }

    static QString terminalRow(const QString &sn, const QString &protocol, const QString &fpalgo)
    {
        return QStringLiteral("INSERT INTO terminals (sn, protocol, admission, fpalgo, first_seen_ms, last_seen_ms)"
                              " VALUES ('%1', '%2', 'approved', %3, 1, 1)")
            .arg(sn, protocol, fpalgo.isEmpty() ? QStringLiteral("NULL") : QStringLiteral("'%1'").arg(fpalgo));
    }

    bool wsReg(WsClient &c, const QString &sn)
    {
        if (!c.open(m_fx.engine->wsPort()))
            return false;
        c.send(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}, {QStringLiteral("sn"), sn}});
        return QTest::qWaitFor([&] { return !c.replies.isEmpty(); }, 5000) &&
               c.replies.first().value(QLatin1String("result")).toBool();
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.dir.isValid()); }

    void cleanup() { m_fx.stopAndClear(); }

    void exportNeverContainsSecrets()
    {
        startEngine();
        const QString fp = QStringLiteral("c52c5b00aa55aa55deadbeef0123456789");
        QCOMPARE(sql({terminalRow(QStringLiteral("SRC1"), QStringLiteral("ws"), {}),
                      terminalRow(QStringLiteral("SRC2"), QStringLiteral("ws"), {}),
                      QStringLiteral("INSERT INTO users VALUES (2, 'Bob, \"B\"', 1, 1, 1), (1, 'Ann', 0, 0, 1),"
                                     " (3, 'Cy', 0, 1, 1)"),
                      QStringLiteral("INSERT INTO credentials VALUES (1, 0, '%1', 1, 1), (1, 3, '%1', 1, 1),"
                                     " (1, 10, '87654321', 1, 1), (1, 11, '4071234567', 1, 1),"
                                     " (2, 50, '/9j/SECRETPHOTO', 1, 2), (2, 21, 'FACETEMPLATE', 1, 2)")
                          .arg(fp),
                      QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) VALUES "
                                     "(1, 1, 0, 1), (1, 1, 11, 1), (2, 1, 0, 1)"),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const CliRun r = run({QStringLiteral("users"), QStringLiteral("export"), QStringLiteral("-")});
        QCOMPARE(r.rc, 0);
        QCOMPARE(r.out, QStringLiteral("enroll_id,name,admin,enabled,fingerprints,has_password,has_card,faces,"
                                       "has_photo,terminals\r\n"
                                       "1,Ann,0,0,2,1,1,0,0,2\r\n"
                                       "2,\"Bob, \"\"B\"\"\",1,1,0,0,0,1,1,0\r\n"
                                       "3,Cy,0,1,0,0,0,0,0,0\r\n"));
        for (const QString &secret : {fp, QStringLiteral("87654321"), QStringLiteral("4071234567"),
                                      QStringLiteral("SECRETPHOTO"), QStringLiteral("FACETEMPLATE")}) {
            QVERIFY2(!r.out.contains(secret) && !r.err.contains(secret), qPrintable(secret));
        }
        // to a file, and an audit row
        const QString file = m_fx.dir.filePath(QStringLiteral("roster.csv"));
        QCOMPARE(run({QStringLiteral("users"), QStringLiteral("export"), file}).rc, 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), r.out);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'export users' AND detail = '3 users'"
                                    " AND result = 'ok' AND actor LIKE '%(cli)'"))
                     .toInt(),
                 2);
    }

    void importHappyPathBadLinesBomQuoting()
    {
        startEngine();
        QCOMPARE(sql({QStringLiteral("INSERT INTO users VALUES (5, 'Old', 0, 1, 1), (6, 'Same', 1, 1, 1)"),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const QByteArray csv = "\xEF\xBB\xBF"
                               "Enroll_ID,name,admin,enabled,department\r\n"
                               "1,\"Doe, Ann\",1,1,HR\r\n"
                               "2,\"Bob \"\"the builder\"\"\",,no,x\r\n"
                               "\r\n"
                               "x1,Bad Id,0,1\r\n"
                               "3,   ,0,1\r\n"
                               "4,Dee,admin,1\r\n"
                               "5,\"New\nName\",2\r\n"
                               "6,Same,1,1\r\n"
                               "7,Eve\n"
                               "8,\xEF\xBB\xBFZoe\r\n" // a U+FEFF before a name is dropped (fuzz_rostercsv)
                               "1,Again\r\n";
        const QString file = writeFile(QStringLiteral("in.csv"), csv);
        CliRun r = run({QStringLiteral("users"), QStringLiteral("import"), file});
        QCOMPARE(r.rc, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("imported 4, updated 1, skipped 4")), qPrintable(r.out));
        for (const char *line :
             {"in.csv:5: skipped: bad enroll id 'x1'", "in.csv:6: skipped: empty name",
              "in.csv:7: skipped: bad admin 'admin'", "in.csv:13: skipped: enroll id 1 already given on line 2"})
            QVERIFY2(r.err.contains(QLatin1String(line)), qPrintable(r.err));
        QCOMPARE(sql(QStringLiteral("SELECT group_concat(enroll_id || '|' || name || '|' || admin || '|' || enabled,"
                                    " ';') FROM (SELECT * FROM users ORDER BY enroll_id)"))
                     .toString(),
                 QStringLiteral("1|Doe, Ann|1|1;2|Bob \"the builder\"|0|0;5|NewName|2|1;6|Same|1|1;7|Eve|0|1;"
                                "8|Zoe|0|1"));
        QCOMPARE(sql(QStringLiteral("SELECT detail FROM audit WHERE action = 'import users'")).toString(),
                 QStringLiteral("imported 4, updated 1, skipped 4"));
        // the same file again changes nothing
        r = run({QStringLiteral("users"), QStringLiteral("import"), file});
        QVERIFY2(r.out.startsWith(QLatin1String("imported 0, updated 0, skipped 4")), qPrintable(r.out));

        // a file that is not a roster changes nothing
        const QString bad = writeFile(QStringLiteral("bad.csv"), "id,full name\r\n9,Zed\r\n");
        r = run({QStringLiteral("users"), QStringLiteral("import"), bad});
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QLatin1String("enroll_id and name")), qPrintable(r.err));
        const QString open = writeFile(QStringLiteral("open.csv"), "enroll_id,name\r\n9,Zed\r\n10,\"unclosed\r\n");
        r = run({QStringLiteral("users"), QStringLiteral("import"), open});
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QLatin1String("not closed")), qPrintable(r.err));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM users WHERE enroll_id = 9")).toInt(), 0);
    }

    void pushUsersToWebSocketTerminal()
    {
        startEngine();
        WsClient t;
        QVERIFY(wsReg(t, QStringLiteral("WSP1")));
        QCOMPARE(sql({QStringLiteral("INSERT INTO users VALUES (1, 'Ann', 1, 1, 1), (2, 'Bob', 0, 1, 1)"),
                      QStringLiteral("INSERT INTO credentials VALUES (1, 0, 'aabb(3)cc', 1, NULL),"
                                     " (1, 11, '4071234567', 1, NULL), (1, 50, 'data:image/jpeg;base64,/9j/AA==', 1,"
                                     " NULL)"),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("WSP1"),
                              QStringLiteral("push-users"), QStringLiteral("--all")});
        QCOMPARE(r.rc, 0);
        const QList<qint64> queued = ids(r.out);
        QCOMPARE(queued.size(), 4);
        QVERIFY2(r.err.contains(QLatin1String("2 users pushed, 0 refused")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("4071234567")), qPrintable(r.err));
        const CliRun list = run({QStringLiteral("commands"), QStringLiteral("--terminal"), QStringLiteral("WSP1")});
        QCOMPARE(list.rc, 0);
        QVERIFY2(list.out.contains(QLatin1String("setuserinfo")) && list.out.contains(QLatin1String("<redacted")) &&
                     !list.out.contains(QLatin1String("4071234567")) && !list.out.contains(QLatin1String("aabb")),
                 qPrintable(list.out));

        qsizetype cursor = 0;
        auto answer = [&](const QString &cmd) {
            t.send(QJsonObject{{QStringLiteral("ret"), cmd},
                               {QStringLiteral("sn"), QStringLiteral("WSP1")},
                               {QStringLiteral("result"), true}});
        };
        QJsonObject m = nextCmd(t, cursor);
        QCOMPARE(m, QJsonObject({{QStringLiteral("cmd"), QStringLiteral("setuserinfo")},
                                 {QStringLiteral("enrollid"), 1},
                                 {QStringLiteral("name"), QStringLiteral("Ann")},
                                 {QStringLiteral("backupnum"), 0},
                                 {QStringLiteral("admin"), 1},
                                 {QStringLiteral("record"), QStringLiteral("aabb(3)cc")}}));
        answer(QStringLiteral("setuserinfo"));
        m = nextCmd(t, cursor);
        QCOMPARE(m.value(QLatin1String("backupnum")).toInt(), 11);
        QVERIFY(m.value(QLatin1String("record")).isDouble()); // a JSON number, not a string
        QCOMPARE(m.value(QLatin1String("record")).toInteger(), 4071234567LL);
        answer(QStringLiteral("setuserinfo"));
        m = nextCmd(t, cursor);
        QCOMPARE(m.value(QLatin1String("backupnum")).toInt(), 50);
        QCOMPARE(m.value(QLatin1String("record")).toString(), QStringLiteral("/9j/AA==")); // no data-URI prefix
        answer(QStringLiteral("setuserinfo"));
        m = nextCmd(t, cursor);
        QCOMPARE(m, QJsonObject({{QStringLiteral("cmd"), QStringLiteral("setusername")},
                                 {QStringLiteral("count"), 1},
                                 {QStringLiteral("record"),
                                  QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 2},
                                                         {QStringLiteral("name"), QStringLiteral("Bob")}}}}}));
        answer(QStringLiteral("setusername"));
        QTRY_COMPARE(sql(QStringLiteral("SELECT group_concat(state, ',') FROM (SELECT state FROM commands"
                                        " WHERE id BETWEEN %1 AND %2 ORDER BY id)")
                             .arg(queued.first())
                             .arg(queued.last()))
                         .toString(),
                     QStringLiteral("done,done,done,done"));
        // the commands of one push share an origin "cli push #N" (query::PushProgress groups by it)
        const QString audited =
            sql(QStringLiteral("SELECT result FROM audit WHERE action = 'push users' AND target = 'WSP1'")).toString();
        QVERIFY2(
            audited.startsWith(QStringLiteral("commands %1-%2 (cli push #").arg(queued.first()).arg(queued.last())),
            qPrintable(audited));
    }

    void pushUsersToTcpTerminal()
    {
        startEngine();
        TcpClient t;
        QVERIFY(t.open(m_fx.engine->tcpPort()));
        QVERIFY(t.login("TCPP"));
        QCOMPARE(sql({QStringLiteral("INSERT INTO users VALUES (1, 'Ann', 1, 1, 1), (2, 'Bob', 0, 0, 1),"
                                     " (3, 'Cy', 0, 1, 1)"),
                      QStringLiteral("INSERT INTO credentials VALUES (1, 0, '(2)0a0b', 1, NULL),"
                                     " (1, 11, '4071234567', 1, NULL), (2, 50, 'AAEC', 1, NULL)"),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("TCPP"),
                              QStringLiteral("push-users"), QStringLiteral("--users"), QStringLiteral("1,2,99")});
        QCOMPARE(r.rc, 0);
        QCOMPARE(ids(r.out).size(), 1);
        QVERIFY2(r.err.contains(QLatin1String("user 99 refused: not in the roster")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("2 users pushed, 1 refused")), qPrintable(r.err));

        t.send(1);
        QCOMPARE(t.next().cmd, quint8(9));
        const RawFrame req = t.next();
        QCOMPARE(req.cmd, quint8(5));
        const auto w = TcpClient::parse<pb::WriteRequest>(req);
        QCOMPARE(w.upsert_users_size(), 2);
        const pb::User &ann = w.upsert_users(0);
        QCOMPARE(ann.enroll_id(), 1u);
        QCOMPARE(QString::fromStdString(ann.name()), QStringLiteral("Ann"));
        QCOMPARE(ann.admin(), 1u);
        QVERIFY(!ann.disabled());
        QCOMPARE(ann.credentials_size(), 2);
        QCOMPARE(ann.credentials(0).backup_num(), 0u);
        QCOMPARE(QByteArray::fromStdString(ann.credentials(0).data()), QByteArray::fromHex("00000a0b"));
        QCOMPARE(ann.credentials(1).backup_num(), 11u);
        QCOMPARE(QByteArray::fromStdString(ann.credentials(1).data()), QByteArray("4071234567"));
        const pb::User &bob = w.upsert_users(1);
        QCOMPARE(bob.enroll_id(), 2u);
        QVERIFY(bob.disabled());
        QCOMPARE(bob.credentials_size(), 1);
        QCOMPARE(bob.credentials(0).backup_num(), 50u);
        QCOMPARE(QByteArray::fromStdString(bob.credentials(0).data()), QByteArray::fromHex("000102"));
        pb::WriteResponse ok;
        ok.set_sequence(w.sequence());
        ok.set_ok(true);
        t.sendMsg(5, ok, 2);
        QTRY_COMPARE(sql(QStringLiteral("SELECT state FROM commands WHERE id = %1").arg(ids(r.out).first())).toString(),
                     QStringLiteral("done"));
    }

    void tcpRequestsSplitAndOversizedUserRefused()
    {
        startEngine();
        const QString photo = QString::fromLatin1(QByteArray(25000, 'x').toBase64());
        const QString huge = QString::fromLatin1(QByteArray(70000, 'y').toBase64());
        QCOMPARE(sql({terminalRow(QStringLiteral("TBIG"), QStringLiteral("tcp"), {}),
                      QStringLiteral("INSERT INTO users VALUES (10, 'A', 0, 1, 1), (11, 'B', 0, 1, 1),"
                                     " (12, 'C', 0, 1, 1), (13, 'D', 0, 1, 1)"),
                      QStringLiteral("INSERT INTO credentials VALUES (10, 50, '%1', 1, NULL), (11, 50, '%1', 1, NULL),"
                                     " (12, 50, '%1', 1, NULL), (13, 50, '%2', 1, NULL)")
                          .arg(photo, huge),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("TBIG"),
                              QStringLiteral("push-users"), QStringLiteral("--all")});
        QCOMPARE(r.rc, 0);
        QCOMPARE(ids(r.out).size(), 2); // 10+11 in one request, 12 in the next
        QVERIFY2(r.err.contains(QLatin1String("user 13 (D) refused: its credentials need")), qPrintable(r.err));
        QCOMPARE(sql(QStringLiteral("SELECT group_concat(n, ',') FROM (SELECT json_array_length(payload, '$.upsert')"
                                    " AS n FROM commands ORDER BY id)"))
                     .toString(),
                 QStringLiteral("2,1"));
    }

    void capacityRefusal()
    {
        startEngine();
        WsClient t;
        QVERIFY(wsReg(t, QStringLiteral("CAP1")));
        QCOMPARE(sql({QStringLiteral("UPDATE terminals SET user_capacity = 10, users_used = 9, fp_capacity = 100,"
                                     " fps_used = 100 WHERE sn = 'CAP1'"),
                      QStringLiteral("INSERT INTO users VALUES (1, 'Ann', 0, 1, 1), (2, 'Bob', 0, 1, 1),"
                                     " (3, 'Cy', 0, 1, 1), (4, 'Dee', 0, 1, 1)"),
                      // Ann is on the terminal with her card, her new fingerprint does not fit;
                      // Dee is on it too: her card needs no new room
                      QStringLiteral("INSERT INTO credentials VALUES (1, 11, '1', 1, NULL), (1, 0, 'aa', 1, NULL),"
                                     " (4, 11, '4', 1, NULL)"),
                      QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) SELECT "
                                     "id, 1, 11, 1 FROM terminals WHERE sn = 'CAP1'"),
                      QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms) SELECT "
                                     "id, 4, 11, 1 FROM terminals WHERE sn = 'CAP1'"),
                      QStringLiteral("SELECT 1")}),
                 QVariant(1));
        const CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CAP1"),
                              QStringLiteral("push-users"), QStringLiteral("--all")});
        QCOMPARE(r.rc, 0);
        QVERIFY2(r.err.contains(QLatin1String("user 1 (Ann) refused: does not fit on CAP1: needs 1 more fingerprints "
                                              "(capacity 100, 100 used, 0 left)")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("user 3 (Cy) refused: does not fit on CAP1: needs 1 more users "
                                              "(capacity 10, 9 used, 0 left)")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("2 users pushed, 2 refused")), qPrintable(r.err));
        QCOMPARE(sql(QStringLiteral("SELECT group_concat(e, ',') FROM (SELECT coalesce(json_extract(payload,"
                                    " '$.enrollid'), json_extract(payload, '$.record[0].enrollid')) AS e FROM"
                                    " commands ORDER BY id)"))
                     .toString(),
                 QStringLiteral("2,4"));

        // nothing fits (Ann's fingerprint): nothing queued, exit 1
        const CliRun again = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("CAP1"),
                                  QStringLiteral("push-users"), QStringLiteral("--users"), QStringLiteral("1")});
        QCOMPARE(again.rc, 1);
        QVERIFY2(again.err.contains(QLatin1String("every user was refused")), qPrintable(again.err));
    }

    void fingerprintOfAnotherAlgorithmRefused()
    {
        startEngine();
        WsClient t;
        QVERIFY(wsReg(t, QStringLiteral("FPA")));
        QCOMPARE(
            sql({QStringLiteral("UPDATE terminals SET fpalgo = 'thbio3.0' WHERE sn = 'FPA'"),
                 terminalRow(QStringLiteral("OLD"), QStringLiteral("ws"), QStringLiteral("thbio1.0")),
                 terminalRow(QStringLiteral("NEW"), QStringLiteral("ws"), QStringLiteral("THBIO3.0")),
                 terminalRow(QStringLiteral("UNK"), QStringLiteral("ws"), {}),
                 QStringLiteral("INSERT INTO users VALUES (1, 'Ann', 0, 1, 1)"),
                 QStringLiteral("INSERT INTO credentials SELECT 1, 0, 'aa', 1, id FROM terminals WHERE sn='OLD'"),
                 QStringLiteral("INSERT INTO credentials SELECT 1, 1, 'bb', 1, id FROM terminals WHERE sn='NEW'"),
                 QStringLiteral("INSERT INTO credentials SELECT 1, 2, 'cc', 1, id FROM terminals WHERE sn='UNK'"),
                 QStringLiteral("INSERT INTO credentials VALUES (1, 11, '77', 1, NULL)"), QStringLiteral("SELECT 1")}),
            QVariant(1));
        const CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("FPA"),
                              QStringLiteral("push-users"), QStringLiteral("--users"), QStringLiteral("1")});
        QCOMPARE(r.rc, 0);
        QVERIFY2(r.err.contains(QLatin1String("user 1 (Ann) fingerprint 0 not sent: enrolled on OLD (fpalgo "
                                              "thbio1.0), FPA uses fpalgo thbio3.0")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("1 users pushed, 0 refused, 1 credentials skipped")), qPrintable(r.err));
        QCOMPARE(ids(r.out).size(), 3);
        QCOMPARE(sql(QStringLiteral("SELECT group_concat(b, ',') FROM (SELECT json_extract(payload, '$.backupnum')"
                                    " AS b FROM commands ORDER BY id)"))
                     .toString(),
                 QStringLiteral("1,2,11"));
    }

    void pushUsersUsage()
    {
        startEngine();
        CliRun r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("X"),
                        QStringLiteral("push-users")});
        QCOMPARE(r.rc, 2);
        QVERIFY2(r.err.contains(QLatin1String("--all or --users")), qPrintable(r.err));
        r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("NOPE"),
                 QStringLiteral("push-users"), QStringLiteral("--all")});
        QCOMPARE(r.rc, 1);
        QVERIFY2(r.err.contains(QLatin1String("no terminal with serial NOPE")), qPrintable(r.err));
    }

    void cliEnableDisableDeleteAndCopy()
    {
        startEngine();
        const QString fp = QStringLiteral("c52c5b00(8)61");
        auto held = [](const QString &sn, int id, int backup, const QString &data) {
            return QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms, data_hash)"
                                  " SELECT id, %1, %2, 1, '%3' FROM terminals WHERE sn = '%4'")
                .arg(id)
                .arg(backup)
                .arg(storage::TerminalStore::contentHash(backup, data), sn);
        };
        QCOMPARE(sql({terminalRow(QStringLiteral("A"), QStringLiteral("ws"), QStringLiteral("x1")),
                      terminalRow(QStringLiteral("B"), QStringLiteral("ws"), QStringLiteral("x2")),
                      terminalRow(QStringLiteral("C"), QStringLiteral("tcp"), {}),
                      QStringLiteral("INSERT INTO users VALUES (1, 'Ann', 0, 1, 1), (2, 'Bob', 0, 1, 1)"),
                      QStringLiteral("INSERT INTO credentials VALUES (1, 0, '%1', 1, 1), (1, 11, '123', 1, 1),"
                                     " (2, 11, '456', 1, 1)")
                          .arg(fp),
                      held(QStringLiteral("A"), 1, 0, fp), held(QStringLiteral("A"), 1, 11, QStringLiteral("123")),
                      held(QStringLiteral("A"), 2, 11, QStringLiteral("456")),
                      held(QStringLiteral("C"), 2, 11, QStringLiteral("456")), QStringLiteral("SELECT 1")}),
                 QVariant(1));
        // usage and "nothing to do"
        QCOMPARE(
            run({QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("--users"), QStringLiteral("2")}).rc,
            2);
        QCOMPARE(
            run({QStringLiteral("users"), QStringLiteral("enable"), QStringLiteral("--users"), QStringLiteral("99")})
                .rc,
            1);
        QCOMPARE(run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("B"),
                      QStringLiteral("copy-users")})
                     .rc,
                 2);
        QCOMPARE(run({QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"),
                      QStringLiteral("A"), QStringLiteral("--state"), QStringLiteral("bogus")})
                     .rc,
                 2);
        // disable everywhere: the roster and both WebSocket commands for A, the only holder of user 1
        CliRun r =
            run({QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("--users"), QStringLiteral("1")});
        QCOMPARE(r.rc, 0);
        QCOMPARE(r.out.split(u'\n', Qt::SkipEmptyParts).size(), 2);
        QCOMPARE(sql({QStringLiteral("SELECT enabled FROM users WHERE enroll_id = 1")}), QVariant(0));
        QCOMPARE(sql({QStringLiteral("SELECT group_concat(kind || ' ' || payload, ' | ') FROM (SELECT kind, payload"
                                     " FROM commands WHERE terminal_sn = 'A' ORDER BY id)")})
                     .toString(),
                 QStringLiteral(R"(ws.enableuser {"cmd":"enableuser","enflag":0,"enrollid":1} | )"
                                R"(ws.setuserinfo {"cmd":"setuserinfo","enable":0,"enrollid":1})"));
        // A's users compared: A does not know user 1 is disabled yet (the commands are queued)
        r = run(
            {QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"), QStringLiteral("A")});
        QCOMPARE(r.rc, 0);
        QVERIFY2(r.err.contains(QLatin1String("A: 2 same, 0 different")), qPrintable(r.err));
        // copy A -> B: the fingerprint is refused (x1 vs x2), the cards go
        r = run({QStringLiteral("command"), QStringLiteral("--terminal"), QStringLiteral("B"),
                 QStringLiteral("copy-users"), QStringLiteral("--from"), QStringLiteral("A")});
        QCOMPARE(r.rc, 0);
        QVERIFY2(
            r.err.contains(QLatin1String("user 1 (Ann) fingerprint 0 not copied: A uses fpalgo x1, B uses fpalgo x2")),
            qPrintable(r.err));
        QCOMPARE(
            sql({QStringLiteral("SELECT group_concat(payload, ' | ') FROM (SELECT payload FROM commands WHERE"
                                " terminal_sn = 'B' ORDER BY id)")})
                .toString(),
            QStringLiteral(R"({"admin":0,"backupnum":11,"cmd":"setuserinfo","enrollid":1,"name":"Ann","record":123} | )"
                           R"({"cmd":"enableuser","enflag":0,"enrollid":1} | )"
                           R"({"admin":0,"backupnum":11,"cmd":"setuserinfo","enrollid":2,"name":"Bob","record":456})"));
        // delete everywhere: A (WebSocket) and C (TCP) hold user 2
        r = run({QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("--users"), QStringLiteral("2"),
                 QStringLiteral("--yes")});
        QCOMPARE(r.rc, 0);
        QCOMPARE(sql({QStringLiteral("SELECT count(*) FROM users WHERE enroll_id = 2")}), QVariant(0));
        QCOMPARE(sql({QStringLiteral("SELECT count(*) FROM credentials WHERE enroll_id = 2")}), QVariant(0));
        QCOMPARE(sql({QStringLiteral("SELECT payload FROM commands WHERE terminal_sn = 'C'")}).toString(),
                 QStringLiteral(R"({"delete":[2]})"));
        QCOMPARE(
            sql({QStringLiteral("SELECT payload FROM commands WHERE terminal_sn = 'A' AND kind = 'ws.deleteuser'")})
                .toString(),
            QStringLiteral(R"({"backupnum":13,"cmd":"deleteuser","enrollid":2})"));
        r = run({QStringLiteral("users"), QStringLiteral("compare"), QStringLiteral("--terminal"), QStringLiteral("A"),
                 QStringLiteral("--state"), QStringLiteral("only-on-terminal")});
        QCOMPARE(r.rc, 3);
        QVERIFY2(r.out.contains(QLatin1String("only-on-terminal")), qPrintable(r.out));
        // one audit row each, the groups listed by progress
        for (const char *action : {"disable users", "copy users", "delete users"})
            QCOMPARE(sql({QStringLiteral("SELECT count(*) FROM audit WHERE action = '%1'").arg(QLatin1String(action))}),
                     QVariant(1));
        r = run({QStringLiteral("users"), QStringLiteral("progress")});
        QCOMPARE(r.rc, 0);
        for (const char *group : {"cli disable #", "cli copy #", "cli delete #"})
            QVERIFY2(r.out.contains(QLatin1String(group)), qPrintable(r.out));
        QCOMPARE(run({QStringLiteral("users"), QStringLiteral("retry"), QStringLiteral("cli copy #1")}).rc, 1);
    }
};

QTEST_GUILESS_MAIN(TestRoster)
#include "tst_roster.moc"
