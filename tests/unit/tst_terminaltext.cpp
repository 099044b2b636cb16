// SPDX-License-Identifier: GPL-3.0-or-later
// The input rules for text a terminal sends (model/terminaltext.h, docs/security.md "Input rules"):
// which serials are refused and why, how names and other texts are cleaned and bounded.
#include "model/terminaltext.h"

#include <QTest>

using namespace termdesk;

class TestTerminalText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serialRules_data()
    {
        QTest::addColumn<QString>("serial");
        QTest::addColumn<QString>("reason"); // empty: accepted
        QTest::newRow("plain") << QStringLiteral("ZX12345678") << QString();
        QTest::newRow("every printable") << QStringLiteral("!~A-z_0.9/\\\"'#") << QString();
        QTest::newRow("64 characters") << QString(64, u'A') << QString();
        QTest::newRow("empty") << QString() << QStringLiteral("missing sn");
        QTest::newRow("65 characters") << QString(65, u'A') << QStringLiteral("sn longer than 64 characters");
        QTest::newRow("10 KB") << QString(10 * 1024, u'7') << QStringLiteral("sn longer than 64 characters");
        QTest::newRow("NUL") << QStringLiteral("AB") + QChar(0) + QStringLiteral("CD")
                             << QStringLiteral("sn character 3 not allowed (only printable ASCII, no space)");
        QTest::newRow("CR") << QStringLiteral("AB\rCD")
                            << QStringLiteral("sn character 3 not allowed (only printable ASCII, no space)");
        QTest::newRow("LF first") << QStringLiteral("\nABCD")
                                  << QStringLiteral("sn character 1 not allowed (only printable ASCII, no space)");
        QTest::newRow("space inside") << QStringLiteral("AB CD")
                                      << QStringLiteral("sn character 3 not allowed (only printable ASCII, no space)");
        QTest::newRow("DEL") << QStringLiteral("AB\x7f")
                             << QStringLiteral("sn character 3 not allowed (only printable ASCII, no space)");
        QTest::newRow("non-ASCII") << QStringLiteral("AB\u00e9")
                                   << QStringLiteral("sn character 3 not allowed (only printable ASCII, no space)");
    }

    void serialRules()
    {
        QFETCH(QString, serial);
        QFETCH(QString, reason);
        const std::optional<QString> got = terminaltext::serialRefusal(serial, u"sn");
        QCOMPARE(got.value_or(QString()), reason);
        QCOMPARE(got.has_value(), !reason.isEmpty());
    }

    void tcpCodeNamedInTheReason()
    {
        QCOMPARE(terminaltext::serialRefusal(QString(65, u'C'), u"terminal code").value_or(QString()),
                 QStringLiteral("terminal code longer than 64 characters"));
        QCOMPARE(terminaltext::serialRefusal(QString(), u"terminal code").value_or(QString()),
                 QStringLiteral("missing terminal code"));
    }

    void cleaning_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<int>("max");
        QTest::addColumn<QString>("out");
        QTest::newRow("clean") << QStringLiteral("Ann Smith") << 64 << QStringLiteral("Ann Smith");
        QTest::newRow("non-ASCII kept") << QStringLiteral("Zoë 张伟") << 64 << QStringLiteral("Zoë 张伟");
        QTest::newRow("controls removed")
            << QStringLiteral("An\u0000n\r\n\tB\u0007ob\u001b[2J") << 64 << QStringLiteral("AnnBob[2J");
        QTest::newRow("DEL and C1 removed") << QStringLiteral("A\u007fB\u0085C\u009bD") << 64 << QStringLiteral("ABCD");
        QTest::newRow("bidi override removed")
            << QStringLiteral("evil\u202Etxt.exe\u2066") << 64 << QStringLiteral("eviltxt.exe");
        QTest::newRow("trimmed") << QStringLiteral("\t  Ann \n") << 64 << QStringLiteral("Ann");
        // what SQLite would not give back as stored (found by fuzz_rostercsv)
        QTest::newRow("U+FEFF and noncharacters removed")
            << QStringLiteral("\uFEFFZo\uFFFFe\uFFFE") << 64 << QStringLiteral("Zoe");
        QTest::newRow("bounded") << QString(200, u'x') << 64 << QString(64, u'x');
        // 63 x then an emoji (a surrogate pair): cut before the pair, never inside it
        QTest::newRow("pair not split") << QString(63, u'x') + QStringLiteral("\U0001F600") << 64 << QString(63, u'x');
        QTest::newRow("only controls") << QStringLiteral("\r\n") << 64 << QString();
    }

    void cleaning()
    {
        QFETCH(QString, in);
        QFETCH(int, max);
        QFETCH(QString, out);
        QCOMPARE(terminaltext::cleaned(in, max), out);
    }

    void namesAndTextsHaveTheirBounds()
    {
        QCOMPARE(terminaltext::cleanedName(QString(100, u'n')).size(), 64);
        QCOMPARE(terminaltext::cleanedText(QString(300, u't')).size(), 128);
    }

    void logPreviewShowsControlsAndLength()
    {
        QCOMPARE(terminaltext::logPreview(QStringLiteral("A\r\nB")), QStringLiteral("A\\x0d\\x0aB"));
        QCOMPARE(terminaltext::logPreview(QString(40, u'Z')), QString(32, u'Z') + QStringLiteral("… (40 characters)"));
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
