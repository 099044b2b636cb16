// SPDX-License-Identifier: GPL-3.0-or-later
// The domain value tables (issue 13, item 3): every value against the text existing databases hold,
// written out by hand here (never read from the tables under test), unknown text refused, and the
// backup_num ranges at their edges.
#include "model/admission.h"
#include "model/commandkind.h"
#include "model/commandstate.h"
#include "model/credentialkind.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <set>

using namespace termdesk;

Q_DECLARE_METATYPE(termdesk::CommandState)
Q_DECLARE_METATYPE(termdesk::CommandKind)
Q_DECLARE_METATYPE(termdesk::Admission)
Q_DECLARE_METATYPE(termdesk::AdmissionPolicy)
Q_DECLARE_METATYPE(termdesk::CredentialKind)

namespace {

/// Every value 0..last has a name, and no two share one; each name reads back as its value, but
/// @p prefix (CommandKind::WsCommand, whose name "ws." is only the start of its stored kinds).
template <typename T> void everyValueNamed(T last, std::optional<T> prefix = std::nullopt)
{
    std::set<QString> seen;
    for (int i = 0; i <= int(last); ++i) {
        const QString text = name(T(i));
        QVERIFY2(!text.isEmpty(), qPrintable(QStringLiteral("value %1 has no name").arg(i)));
        QVERIFY2(seen.insert(text).second, qPrintable(QStringLiteral("name %1 twice").arg(text)));
        if (T(i) != prefix)
            QCOMPARE(fromName<T>(text), std::optional<T>(T(i)));
    }
    QCOMPARE(name(T(int(last) + 1)), QLatin1StringView()); // a number past the table has none
}

} // namespace

class TestDomainValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandStates_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<CommandState>("state");
        QTest::addColumn<int>("number");
        QTest::newRow("queued") << QStringLiteral("queued") << CommandState::Queued << 0;
        QTest::newRow("sent") << QStringLiteral("sent") << CommandState::Sent << 1;
        QTest::newRow("done") << QStringLiteral("done") << CommandState::Done << 2;
        QTest::newRow("failed") << QStringLiteral("failed") << CommandState::Failed << 3;
        QTest::newRow("expired") << QStringLiteral("expired") << CommandState::Expired << 4;
        QTest::newRow("cancelled") << QStringLiteral("cancelled") << CommandState::Cancelled << 5;
    }
    void commandStates()
    {
        QFETCH(QString, stored);
        QFETCH(CommandState, state);
        QFETCH(int, number);
        QCOMPARE(QString(name(state)), stored);
        QCOMPARE(fromName<CommandState>(stored), std::optional(state));
        QCOMPARE(int(state), number); // numbers are only appended: a renumbering fails here
        QCOMPARE(sqlLiteral(state), QString(u'\'' + stored + u'\''));
    }
    void commandStateGroups()
    {
        QVERIFY(isOpen(CommandState::Queued) && isOpen(CommandState::Sent));
        QVERIFY(!isOpen(CommandState::Done) && !isOpen(CommandState::Failed) && !isOpen(CommandState::Expired) &&
                !isOpen(CommandState::Cancelled));
        QVERIFY(isFinal(CommandState::Done) && isFinal(CommandState::Cancelled) && !isFinal(CommandState::Sent));
        QVERIFY(isFailure(CommandState::Failed) && isFailure(CommandState::Expired));
        QVERIFY(!isFailure(CommandState::Cancelled) && !isFailure(CommandState::Done));
    }

    void commandKinds()
    {
        QCOMPARE(QString(name(CommandKind::TcpRead)), QStringLiteral("tcp.read"));
        QCOMPARE(QString(name(CommandKind::TcpWrite)), QStringLiteral("tcp.write"));
        QCOMPARE(QString(name(CommandKind::WsCommand)), QStringLiteral("ws."));
        QCOMPARE(int(CommandKind::TcpRead), 0);
        QCOMPARE(int(CommandKind::TcpWrite), 1);
        QCOMPARE(int(CommandKind::WsCommand), 2);
        QCOMPARE(fromName<CommandKind>(u"tcp.read"), std::optional(CommandKind::TcpRead));
        QCOMPARE(fromName<CommandKind>(u"tcp.write"), std::optional(CommandKind::TcpWrite));
        QCOMPARE(fromName<CommandKind>(u"ws.opendoor"), std::optional(CommandKind::WsCommand));
        QCOMPARE(fromName<CommandKind>(u"ws.getuserinfo"), std::optional(CommandKind::WsCommand));
        QCOMPARE(wsKind(u"setuserinfo"), QStringLiteral("ws.setuserinfo"));
        QCOMPARE(wsCommand(u"ws.getnewlog").toString(), QStringLiteral("getnewlog"));
        QVERIFY(wsCommand(u"tcp.write").isEmpty());
        QVERIFY(wsCommand(u"ws.").isEmpty());
    }

    void admissions()
    {
        QCOMPARE(QString(name(Admission::Approved)), QStringLiteral("approved"));
        QCOMPARE(QString(name(Admission::Pending)), QStringLiteral("pending"));
        QCOMPARE(QString(name(Admission::Blocked)), QStringLiteral("blocked"));
        QCOMPARE(fromName<Admission>(u"approved"), std::optional(Admission::Approved));
        QCOMPARE(fromName<Admission>(u"pending"), std::optional(Admission::Pending));
        QCOMPARE(fromName<Admission>(u"blocked"), std::optional(Admission::Blocked));
        QCOMPARE(int(Admission::Approved), 0);
        QCOMPARE(int(Admission::Pending), 1);
        QCOMPARE(int(Admission::Blocked), 2);

        QCOMPARE(QString(name(AdmissionPolicy::Open)), QStringLiteral("open"));
        QCOMPARE(QString(name(AdmissionPolicy::Approval)), QStringLiteral("approval"));
        QCOMPARE(QString(name(AdmissionPolicy::Closed)), QStringLiteral("closed"));
        QCOMPARE(fromName<AdmissionPolicy>(u"approval"), std::optional(AdmissionPolicy::Approval));
        QCOMPARE(int(AdmissionPolicy::Open), 0);
        QCOMPARE(int(AdmissionPolicy::Approval), 1);
        QCOMPARE(int(AdmissionPolicy::Closed), 2);
        // what a person types is trimmed and lower-cased first; stored text is not
        QCOMPARE(admissionPolicyFromString(QStringLiteral(" Closed ")), std::optional(AdmissionPolicy::Closed));
        QCOMPARE(fromName<AdmissionPolicy>(u" Closed "), std::nullopt);
    }

    void credentialKindNames()
    {
        // the `kind` of getuserinfo result summaries in commands.result (docs/commands.md)
        QCOMPARE(QString(name(CredentialKind::Fingerprint)), QStringLiteral("fingerprint"));
        QCOMPARE(QString(name(CredentialKind::Password)), QStringLiteral("password"));
        QCOMPARE(QString(name(CredentialKind::Card)), QStringLiteral("card"));
        QCOMPARE(QString(name(CredentialKind::Face)), QStringLiteral("face"));
        QCOMPARE(QString(name(CredentialKind::Palm)), QStringLiteral("palm"));
        QCOMPARE(QString(name(CredentialKind::Photo)), QStringLiteral("photo"));
        QCOMPARE(QString(name(CredentialKind::Other)), QStringLiteral("other"));
        QCOMPARE(fromName<CredentialKind>(u"photo"), std::optional(CredentialKind::Photo));
        QCOMPARE(fromName<CredentialKind>(u"face"), std::optional(CredentialKind::Face));
        QCOMPARE(int(CredentialKind::Fingerprint), 0);
        QCOMPARE(int(CredentialKind::Photo), 5);
        QCOMPARE(int(CredentialKind::Other), 6);
    }

    void unknownTextIsRefused()
    {
        for (const QString &t : {QString(), QStringLiteral("Queued"), QStringLiteral(" done"),
                                 QStringLiteral("pending"), QStringLiteral("running"), QStringLiteral("canceled")})
            QCOMPARE(fromName<CommandState>(t), std::nullopt);
        for (const QString &t : {QString(), QStringLiteral("ws."), QStringLiteral("ws"), QStringLiteral("tcp"),
                                 QStringLiteral("tcp.read "), QStringLiteral("TCP.READ"), QStringLiteral("tcp.reboot"),
                                 QStringLiteral("opendoor")})
            QCOMPARE(fromName<CommandKind>(t), std::nullopt);
        for (const QString &t :
             {QString(), QStringLiteral("Approved"), QStringLiteral("approve"), QStringLiteral("open")})
            QCOMPARE(fromName<Admission>(t), std::nullopt);
        for (const QString &t : {QString(), QStringLiteral("approved"), QStringLiteral("Open")})
            QCOMPARE(fromName<AdmissionPolicy>(t), std::nullopt);
        QCOMPARE(admissionPolicyFromString(QStringLiteral("ajar")), std::nullopt);
        for (const QString &t :
             {QString(), QStringLiteral("fingerprints"), QStringLiteral("Photo"), QStringLiteral("50")})
            QCOMPARE(fromName<CredentialKind>(t), std::nullopt);
    }

    void everyValueHasAName()
    {
        everyValueNamed(lastCommandState);
        everyValueNamed(lastCommandKind, std::optional(CommandKind::WsCommand));
        everyValueNamed(lastAdmission);
        everyValueNamed(lastAdmissionPolicy);
        everyValueNamed(lastCredentialKind);
    }

    void backupNumRanges_data()
    {
        QTest::addColumn<int>("backupNum");
        QTest::addColumn<CredentialKind>("kind");
        // docs/roster.md: "fingerprints 0–9, password 10, card 11, faces 20–27, palms, photo 50"
        const std::pair<int, CredentialKind> expected[] = {
            {-1, CredentialKind::Other},      {0, CredentialKind::Fingerprint}, {1, CredentialKind::Fingerprint},
            {9, CredentialKind::Fingerprint}, {10, CredentialKind::Password},   {11, CredentialKind::Card},
            {12, CredentialKind::Other},      {13, CredentialKind::Other},      {19, CredentialKind::Other},
            {20, CredentialKind::Face},       {27, CredentialKind::Face},       {28, CredentialKind::Other},
            {29, CredentialKind::Other},      {30, CredentialKind::Palm},       {37, CredentialKind::Palm},
            {38, CredentialKind::Other},      {39, CredentialKind::Other},      {40, CredentialKind::Palm},
            {41, CredentialKind::Palm},       {42, CredentialKind::Other},      {49, CredentialKind::Other},
            {50, CredentialKind::Photo},      {51, CredentialKind::Other},      {255, CredentialKind::Other},
        };
        for (const auto &[b, k] : expected)
            QTest::addRow("%d", b) << b << k;
    }
    void backupNumRanges()
    {
        QFETCH(int, backupNum);
        QFETCH(CredentialKind, kind);
        QCOMPARE(credentialKind(backupNum), kind);
    }

    void photoTakesAFaceSlot()
    {
        // 50 is a photo, not a face template, but on the terminal it takes a face slot
        // (docs/roster.md, "Capacity": "new face data (20–27, 50) one face slot")
        QCOMPARE(credentialKind(50), CredentialKind::Photo);
        QVERIFY(takesFaceSlot(credentialKind(50)));
        QVERIFY(takesFaceSlot(credentialKind(20)));
        QVERIFY(takesFaceSlot(credentialKind(27)));
        QVERIFY(!takesFaceSlot(credentialKind(28)));
        QVERIFY(!takesFaceSlot(credentialKind(9)));
        QVERIFY(!takesFaceSlot(credentialKind(11)));
        QVERIFY(!takesFaceSlot(credentialKind(30)));
    }

    void sqlConditionsMatchTheRanges()
    {
        // The SQL the CSV export and the Users view count with, evaluated by SQLite for every slot
        // number against the expectations written above.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("domainvalues"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE c (backup_num INTEGER)")));
            for (int b = -1; b <= 60; ++b)
                QVERIFY(q.exec(QStringLiteral("INSERT INTO c VALUES (%1)").arg(b)));
            const std::pair<CredentialKind, QList<int>> expected[] = {
                {CredentialKind::Fingerprint, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
                {CredentialKind::Password, {10}},
                {CredentialKind::Card, {11}},
                {CredentialKind::Face, {20, 21, 22, 23, 24, 25, 26, 27}},
                {CredentialKind::Palm, {30, 31, 32, 33, 34, 35, 36, 37, 40, 41}},
                {CredentialKind::Photo, {50}},
                {CredentialKind::Other, {}},
            };
            for (const auto &[kind, slots] : expected) {
                QVERIFY(q.exec(QStringLiteral("SELECT backup_num FROM c WHERE %1 ORDER BY backup_num")
                                   .arg(sqlCondition(kind, QLatin1StringView("backup_num")))));
                QList<int> got;
                while (q.next())
                    got.append(q.value(0).toInt());
                QCOMPARE(got, slots);
            }
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(QStringLiteral("domainvalues"));
    }
};

QTEST_GUILESS_MAIN(TestDomainValues)
#include "tst_domainvalues.moc"
