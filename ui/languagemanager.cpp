// SPDX-License-Identifier: GPL-3.0-or-later
#include "languagemanager.h"

#include "uilog.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

namespace termdesk::ui {
namespace {
const QString KEY = QStringLiteral("ui/language");
}

QList<LanguageManager::Language> LanguageManager::available()
{
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("zh_CN"), QStringLiteral("\u7b80\u4f53\u4e2d\u6587")},
            {QStringLiteral("es"), QStringLiteral("Espa\u00f1ol")}};
}

LanguageManager::LanguageManager(QObject *parent) : QObject(parent) {}

LanguageManager::~LanguageManager()
{
    if (m_installed) {
        QCoreApplication::removeTranslator(&m_app);
        QCoreApplication::removeTranslator(&m_qt);
    }
}

QString LanguageManager::savedChoice()
{
    return QSettings().value(KEY).toString();
}

void LanguageManager::saveChoice(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(KEY);
    else
        settings.setValue(KEY, code);
}

void LanguageManager::applySaved()
{
    apply(savedChoice());
}

void LanguageManager::apply(const QString &code)
{
    m_choice = code;
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (m_installed) {
        QCoreApplication::removeTranslator(&m_app);
        QCoreApplication::removeTranslator(&m_qt);
        m_installed = false;
    }
    QLocale::setDefault(locale);
    // The best match of the locale's UI languages (es_MX → termdesk_es.qm). A language we have no
    // catalogue for gets English, whose catalogue holds the plural forms of the source text.
    if (!m_app.load(locale, QStringLiteral("termdesk"), QStringLiteral("_"), QStringLiteral(":/i18n")) &&
        !m_app.load(QStringLiteral(":/i18n/termdesk_en.qm")))
        qCWarning(lcUi) << "no TermDesk catalogue in the program";
    m_effective = m_app.isEmpty() ? QStringLiteral("en")
                                  : QFileInfo(m_app.filePath()).completeBaseName().mid(int(qstrlen("termdesk_")));
    // Qt's own catalogue (standard buttons), when the installation ships one for this language.
    if (m_effective != QLatin1String("en") && m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                                                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    else
        qCDebug(lcUi) << "no Qt catalogue for" << locale.name();
    QCoreApplication::installTranslator(&m_app);
    m_installed = true;
    // Removing or installing a translator sends QEvent::LanguageChange: every widget retranslates itself.
    qCInfo(lcUi) << "language" << (code.isEmpty() ? QStringLiteral("system") : code) << "->" << m_effective;
}

} // namespace termdesk::ui
