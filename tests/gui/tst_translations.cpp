// SPDX-License-Identifier: GPL-3.0-or-later
// The catalogues: complete (every message of zh_CN and es, every plural of en), placeholders and
// accelerators kept, compiled into the program, and a language switch retranslates open widgets.
#include "dialogs/settingsdialog.h"
#include "languagemanager.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace termdesk::ui;

namespace {

struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList translations; // one, or the numerus forms
};

QList<Message> readTs(const QString &file, QString *error)
{
    QList<Message> messages;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return messages;
    }
    QXmlStreamReader xml(&f);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("translation") && current.numerus) {
            messages.append(current); // numerus forms end with their <translation>
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message();
            current.context = context;
            current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            if (!current.numerus) {
                current.translations = {xml.readElementText()};
                messages.append(current);
            }
        } else if (name == QLatin1String("numerusform")) {
            current.translations.append(xml.readElementText());
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(L?n|\\d)"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(0));
    return found;
}

bool hasMnemonic(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("&[^&\\s]"));
    return re.match(text).hasMatch() && !text.contains(QLatin1String("&lt;"));
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TermDeskTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    }

    void catalogueIsComplete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("forms");
        QTest::addColumn<bool>("pluralsOnly");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << 1 << false;
        QTest::newRow("es") << QStringLiteral("es") << 2 << false;
        QTest::newRow("en") << QStringLiteral("en") << 2 << true;
    }

    void catalogueIsComplete()
    {
        QFETCH(QString, language);
        QFETCH(int, forms);
        QFETCH(bool, pluralsOnly);
        QString error;
        const QList<Message> messages =
            readTs(QStringLiteral(TERMDESK_TRANSLATIONS_DIR "/termdesk_%1.ts").arg(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 200);
        int numerus = 0;
        for (const Message &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            if (!m.numerus && pluralsOnly)
                continue;
            numerus += m.numerus ? 1 : 0;
            QVERIFY2(!m.unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
            QCOMPARE(m.translations.size(), m.numerus ? forms : 1);
            for (const QString &t : m.translations) {
                QVERIFY2(!t.isEmpty(), qPrintable(QStringLiteral("empty: ") + where));
                QSet<QString> expected = placeholders(m.source);
                QSet<QString> got = placeholders(t);
                if (m.numerus && forms == 1) // one form for every count: %n may be implied
                    expected.remove(QStringLiteral("%n"));
                got.remove(QStringLiteral("%n"));
                expected.remove(QStringLiteral("%n"));
                QVERIFY2(got == expected, qPrintable(QStringLiteral("placeholders differ: ") + where + u'|' + t));
                if (hasMnemonic(m.source))
                    QVERIFY2(hasMnemonic(t), qPrintable(QStringLiteral("accelerator lost: ") + where + u'|' + t));
            }
        }
        QVERIFY(numerus >= 10);
    }

    void compiledIntoTheProgram()
    {
        QTranslator es;
        QVERIFY(es.load(QStringLiteral(":/i18n/termdesk_es.qm")));
        QCOMPARE(es.translate("termdesk::ui::MainWindow", "Dashboard"), QStringLiteral("Panel"));
        QCOMPARE(es.translate("DisplayText", "Fingerprint"), QStringLiteral("Huella"));
        QCOMPARE(es.translate("termdesk::ui::UsersView", "%Ln user(s)", nullptr, 1), QStringLiteral("%Ln usuario"));
        QCOMPARE(es.translate("termdesk::ui::UsersView", "%Ln user(s)", nullptr, 3), QStringLiteral("%Ln usuarios"));
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/termdesk_zh_CN.qm")));
        QCOMPARE(zh.translate("termdesk::ui::MainWindow", "Terminals"), QStringLiteral("设备"));
        QTranslator en;
        QVERIFY(en.load(QStringLiteral(":/i18n/termdesk_en.qm")));
        QCOMPARE(en.translate("termdesk::ui::UsersView", "%Ln user(s)", nullptr, 1), QStringLiteral("%Ln user"));
        QCOMPARE(en.translate("termdesk::ui::UsersView", "%Ln user(s)", nullptr, 2), QStringLiteral("%Ln users"));
        QVERIFY(en.translate("termdesk::ui::MainWindow", "Dashboard").isEmpty()); // source text is used
    }

    void switchingLanguageRetranslatesOpenWindows()
    {
        QTemporaryDir dir;
        LanguageManager languages;
        languages.apply(QStringLiteral("en"));
        SettingsDialog dialog(dir.path(), QString());
        dialog.show();
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Settings"));
        languages.apply(QStringLiteral("es"));
        QCOMPARE(languages.effective(), QStringLiteral("es"));
        QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Configuración"));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("settingsRestartNote"))
                    ->text()
                    .contains(QStringLiteral("próxima vez")));
        languages.apply(QStringLiteral("zh_CN"));
        QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("设置"));
        languages.apply(QStringLiteral("en"));
        QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Settings"));
        // A regional variant falls back to the language: es_MX → es.
        languages.apply(QStringLiteral("es_MX"));
        QCOMPARE(languages.effective(), QStringLiteral("es"));
        languages.apply(QString());
    }

    void choiceIsSavedPerUser()
    {
        LanguageManager::saveChoice(QStringLiteral("zh_CN"));
        QCOMPARE(LanguageManager::savedChoice(), QStringLiteral("zh_CN"));
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
        LanguageManager::saveChoice(QString());
        QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
